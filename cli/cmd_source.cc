// `fieldvault source add|list|show|edit|delete`: where information comes
// from (a person, a document, media, an open-source web page).
#include <cstdio>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"

namespace fieldvault::cli {
namespace {

using core::Source;

void AddSourceOptions(CommandLine& line) {
  line.options().add_options()
      ("type", "person, document, media or open_source_url",
       cxxopts::value<std::string>())
      ("title", "what it is", cxxopts::value<std::string>())
      ("date", "its date", cxxopts::value<std::string>())
      ("reliability", "high, medium, low or unknown",
       cxxopts::value<std::string>())
      ("link", "a URL or document reference (repeatable; given ones replace "
       "the old ones, --link \"\" removes them)",
       cxxopts::value<std::string>())
      ("notes-file", "read notes from FILE (- for standard input)",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
}

// The notes given with --notes-file, or none. Read before the vault is
// opened, so that standard input comes before the passphrase prompt.
Result<std::optional<std::string>> ReadNotes(const CommandLine& line) {
  if (!line.Has("notes-file")) return std::optional<std::string>();
  FV_ASSIGN_OR_RETURN(std::string notes, ReadTextOption(line, "notes-file"));
  return std::optional<std::string>(std::move(notes));
}

// Sets the fields whose options were given (`notes`: those read by
// ReadNotes) and leaves the others, for `add` (on an empty source) and
// `edit`.
Status ApplySourceOptions(const CommandLine& line,
                          const std::optional<std::string>& notes,
                          Source& source) {
  FV_ASSIGN_OR_RETURN(source.type, StringOption(line, "type", source.type));
  FV_ASSIGN_OR_RETURN(source.title, StringOption(line, "title", source.title));
  FV_ASSIGN_OR_RETURN(source.date, DateOption(line, "date", source.date));
  FV_ASSIGN_OR_RETURN(source.reliability,
                      StringOption(line, "reliability", source.reliability));
  if (line.Has("link")) {
    source.links = RepeatedOption(line, "link");
    std::erase(source.links, std::string());
  }
  if (notes) source.notes = *notes;
  FV_ASSIGN_OR_RETURN(source.meta.confidentiality,
                      StringOption(line, "confidentiality",
                                   source.meta.confidentiality));
  return Status::Ok();
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
  FV_ASSIGN_OR_RETURN(auto notes, ReadNotes(line));
  Source source;
  FV_RETURN_IF_ERROR(ApplySourceOptions(line, notes, source));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  return CreateRecord(*session, line, source);
}

Status Edit(std::span<char*> args) {
  CommandLine line({"source edit", "Correct a source; only the options given "
                    "change (an empty value clears a field). The previous "
                    "version is kept.",
                    "fieldvault source edit 3d4e5f6a --reliability medium "
                    "--confidentiality public",
                    true, true});
  AddSourceOptions(line);
  AddIdOption(line, "the source");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto notes, ReadNotes(line));
  FV_ASSIGN_OR_RETURN(auto target, OpenRecordToEdit(line, core::kSourceType));
  return EditRecord<Source>(
      *target.session, line, target.id,
      [&](Source& source) { return ApplySourceOptions(line, notes, source); });
}

Result<std::vector<std::string>> SourceRow(core::RecordStore& /*store*/,
                                           const Source& source) {
  return std::vector<std::string>{
      ShortId(source.meta.id), source.type, source.date.text(),
      source.reliability,
      source.title + (source.meta.deleted ? " (deleted)" : "")};
}

Status List(std::span<char*> args) {
  return ListRecords<Source>(
      args,
      {"source list", "List sources by title.", "fieldvault source list --json",
       true, true},
      {.deleted = "include deleted sources"},
      {{"ID", "TYPE", "DATE", "RELIABILITY", "TITLE"}, SourceRow});
}

Status PrintSource(core::RecordStore& /*store*/, const Source& source) {
  std::string links;
  for (const std::string& link : source.links) {
    links += (links.empty() ? "" : "\n") + link;
  }
  PrintFields({{"Source", source.meta.id},
               {"Type", source.type},
               {"Title", source.title},
               {"Date", source.date.text()},
               {"Reliability", source.reliability},
               {"Links", links},
               {"Confidentiality", source.meta.confidentiality},
               {"Version", std::to_string(source.meta.version) +
                               (source.meta.deleted ? " (deleted)" : "")},
               {"Updated", core::FormatUtc(source.meta.updated_at)}});
  if (!source.notes.empty()) std::printf("\n%s\n", source.notes.c_str());
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  return ShowRecord<Source>(
      args,
      {"source show", "Show a source (--history: every version).",
       "fieldvault source show 3d4e5f6a", true, true},
      "the source", PrintSource);
}

// Refuses to delete a source that a live detention's legal status cites:
// the status would point to a withdrawn source.
Status NotCited(core::RecordStore& store, const std::string& id) {
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<core::Detention>());
  size_t citing = 0;
  for (const auto& d : detentions) {
    for (const auto& entry : d.status_history) {
      if (entry.source_id == id) {
        ++citing;
        break;
      }
    }
  }
  if (citing == 0) return Status::Ok();
  return Status::FailedPrecondition(
             "the source is cited by the legal status of " +
             std::to_string(citing) +
             (citing == 1 ? " detention" : " detentions"))
      .WithHint("correct the source with `fieldvault source edit ID`, or "
                "delete those detentions first (`fieldvault detention "
                "delete ID`)");
}

Status Delete(std::span<char*> args) {
  return DeleteRecordCommand(
      args,
      {"source delete", "Withdraw a source entered by mistake. It is kept as "
       "a tombstone with its history; nothing is lost.",
       "fieldvault source delete 3d4e5f6a", false, true},
      core::kSourceType, "source", NotCited);
}

constexpr Subcommand kSubcommands[] = {{"add", Add},   {"list", List},
                                       {"show", Show}, {"edit", Edit},
                                       {"delete", Delete}};

}  // namespace

int RunSource(std::span<char*> args) {
  return RunSubcommand(
      args, "source", kSubcommands,
      "usage: fieldvault source add --type TYPE --title TEXT ...\n"
      "       fieldvault source list [--deleted] [--json]\n"
      "       fieldvault source show ID [--history] [--json]\n"
      "       fieldvault source edit ID [options of add]\n"
      "       fieldvault source delete ID\n"
      "Run `fieldvault source <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
