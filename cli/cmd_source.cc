// `fieldvault source add|list`: where information comes from (a person, a
// document, media, an open-source web page).
#include <cstdio>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"

namespace fieldvault::cli {
namespace {

void AddSourceOptions(CommandLine& line) {
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
}

Status Add(std::span<char*> args) {
  CommandLine line({"source add", "Record a source.",
                    "fieldvault source add --type document --title \"Court "
                    "ruling, case 2-123/2020\" --date 2020-02-23 "
                    "--reliability high",
                    true, true});
  AddSourceOptions(line);
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
  return CreateRecord(*session, line, source);
}

Result<std::vector<std::string>> SourceRow(core::RecordStore& /*store*/,
                                           const core::Source& source) {
  return std::vector<std::string>{ShortId(source.meta.id), source.type,
                                  source.date.text(), source.reliability,
                                  source.title};
}

Status List(std::span<char*> args) {
  return ListRecords<core::Source>(
      args,
      {"source list", "List sources by title.", "fieldvault source list --json",
       true, true},
      {}, {{"ID", "TYPE", "DATE", "RELIABILITY", "TITLE"}, SourceRow});
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
