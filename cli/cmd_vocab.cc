// `fieldvault vocab [NAME]`: the controlled vocabularies, so a monitor can
// look up the allowed values of a coded field. The lists are the ones the
// records migration stores in every vault's `vocabulary` table; reading
// them needs no passphrase.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {
namespace {

Status Vocab(std::span<char*> args) {
  CommandLine line({"vocab", "List the controlled vocabularies, or the terms "
                    "of one.",
                    "fieldvault vocab legal_status", true, false});
  line.options().add_options()("name", "a vocabulary",
                               cxxopts::value<std::string>());
  line.options().parse_positional({"name"});
  line.options().positional_help("[NAME]");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  std::vector<const core::Vocabulary*> shown;
  if (line.Has("name")) {
    FV_ASSIGN_OR_RETURN(std::string name, line.Get<std::string>("name"));
    const core::Vocabulary* vocabulary = core::FindVocabulary(name);
    if (vocabulary == nullptr) {
      return Status::NotFound("no vocabulary called '" + name + "'")
          .WithHint("run `fieldvault vocab` for the list");
    }
    shown.push_back(vocabulary);
  } else {
    for (const auto& vocabulary : core::AllVocabularies()) {
      shown.push_back(&vocabulary);
    }
  }
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto* vocabulary : shown) {
      nlohmann::json terms = nlohmann::json::array();
      for (const auto& term : vocabulary->terms) {
        terms.push_back({{"term", term.term}, {"label", term.label}});
      }
      out[std::string(vocabulary->name)] = {
          {"description", vocabulary->description}, {"terms", terms}};
    }
    PrintJson(out);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  if (!line.Has("name")) {
    for (const auto* vocabulary : shown) {
      rows.push_back({std::string(vocabulary->name),
                      std::string(vocabulary->description)});
    }
    PrintTable({"VOCABULARY", "WHAT IT CLASSIFIES"}, rows);
    std::printf("\nRun `fieldvault vocab NAME` for the terms of one.\n");
    return Status::Ok();
  }
  for (const auto& term : shown.front()->terms) {
    rows.push_back({std::string(term.term), std::string(term.label)});
  }
  PrintTable({"TERM", "MEANING"}, rows);
  return Status::Ok();
}

}  // namespace

int RunVocab(std::span<char*> args) {
  Status status = Vocab(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
