// Helpers the record commands (incident, person, detention, witness,
// source) share: subcommand dispatch, reading long text from a file or
// standard input, dates, comma lists, record ids typed as prefixes, and
// writing changes inside one vault transaction with custody events.
#ifndef FIELDVAULT_CLI_RECORD_OPTIONS_H_
#define FIELDVAULT_CLI_RECORD_OPTIONS_H_

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "cli/vault_session.h"
#include "core/records/model.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::cli {

struct Subcommand {
  std::string_view name;
  Status (*run)(std::span<char*> args);
};

// Runs the subcommand named by args[1] of group `group` ("incident"),
// printing `usage` for no subcommand or --help. Returns the exit code.
int RunSubcommand(std::span<char*> args, std::string_view group,
                  std::span<const Subcommand> subcommands,
                  std::string_view usage);

// The text of option `name` (a file name, or - for standard input), or
// `fallback` when the option is absent. Reads at most 8 MiB; the text must
// be UTF-8. kInvalidArgument or kIoError naming the file. The text goes
// straight into memory: no temporary file, no editor.
Result<std::string> ReadTextOption(const CommandLine& line,
                                   const std::string& name,
                                   std::string fallback = "");

// Option `name` as a string, or `fallback` when absent.
Result<std::string> StringOption(const CommandLine& line,
                                 const std::string& name,
                                 std::string fallback = "");

// Option `name` parsed as a PartialDate, or `fallback` when absent.
Result<core::PartialDate> DateOption(const CommandLine& line,
                                     const std::string& name,
                                     core::PartialDate fallback = {});

// Every value given for option `name` (declared as a string option that
// may be repeated), in order, or `fallback` when absent. Values are not
// split: a name may hold a comma.
std::vector<std::string> RepeatedOption(const CommandLine& line,
                                        const std::string& name,
                                        std::vector<std::string> fallback = {});

// Like RepeatedOption, each value also split at commas, items trimmed and
// empty items dropped ("--violation a,b --violation c").
std::vector<std::string> ListOption(const CommandLine& line,
                                    const std::string& name,
                                    std::vector<std::string> fallback = {});

// The full id of the record of `type` typed as `prefix`.
Result<std::string> ResolveRecord(VaultSession& session, std::string_view type,
                                  std::string_view prefix);

// The positional ID of a show/edit/delete command, required.
Result<std::string> RequiredId(const CommandLine& line);

// For a command on one record of `type` (edit, delete): opens the vault and
// resolves the required positional ID. Errors of RequiredId,
// VaultSession::Open and RecordStore::ResolveId.
struct RecordTarget {
  std::unique_ptr<VaultSession> session;
  std::string id;
};
Result<RecordTarget> OpenRecord(const CommandLine& line, std::string_view type);

// OpenRecord for an `edit`: first refuses (kInvalidArgument, a usage
// error, before the vault is opened) a command line that gives no option
// of the command's own, since it would change nothing.
Result<RecordTarget> OpenRecordToEdit(const CommandLine& line,
                                      std::string_view type);

// Declares the positional ID of a command on one record ("the incident"),
// and --history when `history` is set.
void AddIdOption(CommandLine& line, const std::string& help,
                 bool history = false);

// The filters a `list` command offers: each given help text declares that
// option (--incident ID, --person ID, --deleted).
struct ListFilters {
  const char* incident = nullptr;
  const char* person = nullptr;
  const char* deleted = nullptr;
};
void AddListFilterOptions(CommandLine& line, const ListFilters& filters);

// The core::ListFilter the options of AddListFilterOptions ask for, their
// ids resolved from prefixes. kNotFound / kInvalidArgument for a bad id.
Result<core::ListFilter> ReadListFilter(const CommandLine& line,
                                        core::RecordStore& store);

// What one record type's `delete` adds to the shared command: its own
// options (incident: --with-records), and a step run in the delete's
// transaction before the record is tombstoned, which refuses the delete
// with its error (a person still referred to) or tombstones the records
// that depend on it and returns how many (an incident's detentions and
// witness accounts). Either may be empty.
struct DeleteSteps {
  std::function<void(CommandLine&)> add_options;
  std::function<Result<size_t>(core::RecordStore& store,
                               const CommandLine& line, const std::string& id)>
      before;
};

// Runs `<noun> delete ID` for records of `type` ("detention"): opens the
// vault, resolves ID and, in one transaction, runs `steps.before` then
// tombstones the record (a new version marked deleted, with its custody
// event; the history stays). Prints "Deleted <noun> 2f1c8a4e (kept as a
// tombstone)", or "Deleted incident 2f1c8a4e and 3 of its records (kept as
// tombstones)". Errors of OpenRecord, of `steps.before`, and
// kFailedPrecondition for a record already deleted; nothing changes on
// error.
Status DeleteRecordCommand(std::span<char*> args, const CommandSpec& spec,
                           std::string_view type, std::string_view noun,
                           const DeleteSteps& steps = {});

// DeleteRecordCommand with only a check, whose error refuses the delete.
using DeleteCheck =
    std::function<Status(core::RecordStore& store, const std::string& id)>;
Status DeleteRecordCommand(std::span<char*> args, const CommandSpec& spec,
                           std::string_view type, std::string_view noun,
                           const DeleteCheck& check);

// Runs `change` with a store writing in one vault transaction (a custody
// event per changed record), then commits. Nothing is kept on error.
Status WriteRecords(VaultSession& session,
                    const std::function<Status(core::RecordStore&)>& change);

// "2f1c8a4e" (the first 8 characters of an id, as lists show it).
std::string ShortId(std::string_view id);

// Prints "label: value" lines, aligned, skipping empty values; the lines
// of a value holding several start in the same column.
void PrintFields(
    const std::vector<std::pair<std::string, std::string>>& fields);

// Prints the created or changed record: its id alone on stdout (so
// scripts can capture it), or its JSON with --json; "<what> <id> (version
// N)" on stderr.
void PrintWritten(const CommandLine& line, std::string_view what,
                  const core::RecordMeta& meta, const nlohmann::json& json);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_RECORD_OPTIONS_H_
