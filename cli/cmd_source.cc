// `fieldvault source add|list`: where information comes from (a person, a
// document, media, an open-source web page).
#include <cstdio>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"

namespace fieldvault::cli {
namespace {

Status Add(std::span<char*> args) {
  CommandLine line({"source add", "Record a source.",
                    "fieldvault source add --type document --title \"Court "
                    "ruling, case 2-123/2020\" --date 2020-02-23 "
                    "--reliability high",
                    true, true});
  line.options().add_options()
      ("type", "person, document, media or open_source_url",
       cxxopts::value<std::string>())
      ("title", "what it is", cxxopts::value<std::string>())
      ("date", "its date", cxxopts::value<std::string>())
      ("reliability", "high, medium, low or unknown",
       cxxopts::value<std::string>())
      ("link", "a URL or document reference (repeatable)",
       cxxopts::value<std::string>())
      ("notes-file", "read notes from FILE (- for standard input)",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("type") || !line.Has("title")) {
    return line.UsageError("give --type and --title");
  }
  core::Source source;
  FV_ASSIGN_OR_RETURN(source.type, line.Get<std::string>("type"));
  FV_ASSIGN_OR_RETURN(source.title, line.Get<std::string>("title"));
  FV_ASSIGN_OR_RETURN(source.date, DateOption(line, "date"));
  FV_ASSIGN_OR_RETURN(source.reliability,
                      StringOption(line, "reliability", source.reliability));
  source.links = RepeatedOption(line, "link");
  FV_ASSIGN_OR_RETURN(source.notes, ReadTextOption(line, "notes-file"));
  FV_ASSIGN_OR_RETURN(source.meta.confidentiality,
                      StringOption(line, "confidentiality",
                                   source.meta.confidentiality));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::Source created;
  FV_RETURN_IF_ERROR(WriteRecords(*session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(created, store.Create(source));
    return Status::Ok();
  }));
  PrintWritten(line, "Created source", created.meta, core::ToJson(created));
  return Status::Ok();
}

Status List(std::span<char*> args) {
  CommandLine line({"source list", "List sources by title.",
                    "fieldvault source list --json", true, true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(auto sources, session->Reader().List<core::Source>());
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& source : sources) out.push_back(core::ToJson(source));
    PrintJson(out);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& source : sources) {
    rows.push_back({ShortId(source.meta.id), source.type, source.date.text(),
                    source.reliability, source.title});
  }
  PrintTable({"ID", "TYPE", "DATE", "RELIABILITY", "TITLE"}, rows);
  return Status::Ok();
}

constexpr Subcommand kSubcommands[] = {{"add", Add}, {"list", List}};

}  // namespace

int RunSource(std::span<char*> args) {
  return RunSubcommand(
      args, "source", kSubcommands,
      "usage: fieldvault source add --type TYPE --title TEXT ...\n"
      "       fieldvault source list [--json]\n"
      "Run `fieldvault source <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
