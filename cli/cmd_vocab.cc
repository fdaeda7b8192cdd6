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

// The vocabulary named by the NAME argument, or all of them without one.
Result<std::vector<const core::Vocabulary*>> Selected(const CommandLine& line) {
  std::vector<const core::Vocabulary*> shown;
  if (!line.Has("name")) {
    for (const auto& vocabulary : core::AllVocabularies()) {
      shown.push_back(&vocabulary);
    }
    return shown;
  }
  FV_ASSIGN_OR_RETURN(std::string name, line.Get<std::string>("name"));
  const core::Vocabulary* vocabulary = core::FindVocabulary(name);
  if (vocabulary == nullptr) {
    return Status::NotFound("no vocabulary called '" + name + "'")
        .WithHint("run `fieldvault vocab` for the list");
  }
  shown.push_back(vocabulary);
  return shown;
}

void PrintVocabulariesJson(const std::vector<const core::Vocabulary*>& shown) {
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
}

// Without a NAME, the vocabularies and what each classifies; with one,
// its terms.
void PrintVocabularies(const std::vector<const core::Vocabulary*>& shown,
                       bool one) {
  std::vector<std::vector<std::string>> rows;
  if (!one) {
    for (const auto* vocabulary : shown) {
      rows.push_back({std::string(vocabulary->name),
                      std::string(vocabulary->description)});
    }
    PrintTable({"VOCABULARY", "WHAT IT CLASSIFIES"}, rows);
    std::printf("\nRun `fieldvault vocab NAME` for the terms of one.\n");
    return;
  }
  for (const auto& term : shown.front()->terms) {
    rows.push_back({std::string(term.term), std::string(term.label)});
  }
  PrintTable({"TERM", "MEANING"}, rows);
}

Status Vocab(std::span<char*> args) {
  CommandLine line({"vocab",
                    "List the controlled vocabularies, or the terms "
                    "of one.",
                    "fieldvault vocab legal_status", true, false});
  line.AddPositional({{"name", "a vocabulary"}}, "[NAME]");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto shown, Selected(line));
  if (line.global().json) {
    PrintVocabulariesJson(shown);
  } else {
    PrintVocabularies(shown, line.Has("name"));
  }
  return Status::Ok();
}

}  // namespace

int RunVocab(std::span<char*> args) {
  Status status = Vocab(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
