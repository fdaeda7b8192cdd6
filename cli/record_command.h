// The scaffolding the record commands (incident, person, detention,
// witness, source) share, written once over core::RecordStore: `show ID
// [--history] [--json]`, `list [filters] [--json]`, and writing a new or
// changed record in one transaction before printing it. A command supplies
// only what is its own: its options, how its record reads as fields or
// table rows, and what an edit changes.
#ifndef FIELDVAULT_CLI_RECORD_COMMAND_H_
#define FIELDVAULT_CLI_RECORD_COMMAND_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/record_history.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/records/model.h"
#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// A record type as the store names it ("witness_account") and as messages
// name it ("witness account").
struct RecordKind {
  std::string_view type;
  std::string_view noun;
};
template <typename T>
inline constexpr RecordKind kRecordKind{};
template <>
inline constexpr RecordKind kRecordKind<core::Incident>{core::kIncidentType,
                                                        "incident"};
template <>
inline constexpr RecordKind kRecordKind<core::Person>{core::kPersonType,
                                                      "person"};
template <>
inline constexpr RecordKind kRecordKind<core::Detention>{core::kDetentionType,
                                                         "detention"};
template <>
inline constexpr RecordKind kRecordKind<core::WitnessAccount>{
    core::kWitnessAccountType, "witness account"};
template <>
inline constexpr RecordKind kRecordKind<core::Source>{core::kSourceType,
                                                      "source"};

// Prints a record readably (fields, tables); `store` reads the records it
// refers to.
template <typename T>
using PrintRecordFn = std::function<Status(core::RecordStore&, const T&)>;

// Runs `<noun> show ID [--history]`: resolves the id prefix, prints every
// version with --history, else the record as JSON with --json or through
// `print`. Errors of the store (kNotFound, an ambiguous prefix).
template <typename T>
Status ShowRecord(std::span<char*> args, const CommandSpec& spec,
                  const std::string& id_help, const PrintRecordFn<T>& print) {
  constexpr std::string_view kType = kRecordKind<T>.type;
  static_assert(!kType.empty(), "kRecordKind is not defined for this type");
  CommandLine line(spec);
  AddIdOption(line, id_help, true);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::RecordStore store = session->Reader();
  FV_ASSIGN_OR_RETURN(std::string id, store.ResolveId(kType, prefix));
  if (line.Has("history")) return PrintHistory(line, store, kType, id);
  FV_ASSIGN_OR_RETURN(T record, store.Get<T>(id));
  if (line.global().json) {
    PrintJson(core::ToJson(record));
    return Status::Ok();
  }
  return print(store, record);
}

// How a `list` command prints its records: a table with `headers` and one
// row per record (`store` reads the records it refers to).
template <typename T>
struct RecordTable {
  std::vector<std::string> headers;
  std::function<Result<std::vector<std::string>>(core::RecordStore&, const T&)>
      row;
  // Fields left out of each record of the JSON list (`show --json` keeps
  // them), e.g. a witness account's statement.
  std::vector<std::string> json_omits = {};
};

// Runs `<noun> list [filters]`: the records of type T the filters select,
// in the store's display order, as a JSON array with --json or as `table`.
template <typename T>
Status ListRecords(std::span<char*> args, const CommandSpec& spec,
                   const ListFilters& filters, const RecordTable<T>& table) {
  CommandLine line(spec);
  AddListFilterOptions(line, filters);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::RecordStore store = session->Reader();
  FV_ASSIGN_OR_RETURN(core::ListFilter filter, ReadListFilter(line, store));
  FV_ASSIGN_OR_RETURN(std::vector<T> records, store.List<T>(filter));
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const T& record : records) {
      nlohmann::json json = core::ToJson(record);
      for (const std::string& field : table.json_omits) json.erase(field);
      out.push_back(std::move(json));
    }
    PrintJson(out);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const T& record : records) {
    FV_ASSIGN_OR_RETURN(auto row, table.row(store, record));
    rows.push_back(std::move(row));
  }
  PrintTable(table.headers, rows);
  return Status::Ok();
}

// Stores the new `record` in one transaction (with its custody event) and
// prints it (PrintWritten: "Created <noun> ..."). Errors of the store.
template <typename T>
Status CreateRecord(VaultSession& session, const CommandLine& line,
                    const T& record) {
  T created;
  FV_RETURN_IF_ERROR(WriteRecords(session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(created, store.Create(record));
    return Status::Ok();
  }));
  PrintWritten(line, "Created " + std::string(kRecordKind<T>.noun),
               created.meta, core::ToJson(created));
  return Status::Ok();
}

// Reads record `id`, lets `change` modify it (reading other records
// through `store`, inside the same transaction), and stores the result, all
// in one transaction (with its custody event; the replaced version is
// kept), then prints it ("Saved <noun> ..."). An edit that leaves the
// record as it was (removing a spelling it does not have, unmerging a
// person who is not merged) writes no version and says "Nothing changed
// in <noun> ..." instead (still exit 0). An error of `change` or of the
// store leaves the vault unchanged.
template <typename T>
Status EditRecordWith(
    VaultSession& session, const CommandLine& line, const std::string& id,
    const std::function<Status(core::RecordStore& store, T&)>& change) {
  T updated;
  int64_t version_before = 0;
  FV_RETURN_IF_ERROR(WriteRecords(session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(T record, store.Get<T>(id));
    version_before = record.meta.version;
    FV_RETURN_IF_ERROR(change(store, record));
    // Update returns the stored record, same version, when nothing differs.
    FV_ASSIGN_OR_RETURN(updated, store.Update(record));
    return Status::Ok();
  }));
  const bool changed = updated.meta.version != version_before;
  PrintWritten(line,
               (changed ? "Saved " : "Nothing changed in ") +
                   std::string(kRecordKind<T>.noun),
               updated.meta, core::ToJson(updated));
  return Status::Ok();
}

// EditRecordWith for a change that needs no other record.
template <typename T>
Status EditRecord(VaultSession& session, const CommandLine& line,
                  const std::string& id,
                  const std::function<Status(T&)>& change) {
  return EditRecordWith<T>(session, line, id,
                           [&](core::RecordStore&, T& record) {
                             return change(record);
                           });
}

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_RECORD_COMMAND_H_
