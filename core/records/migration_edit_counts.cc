// Migration 9: edit counts (core/records/edit_counts.h).
// - Every stored record gets its "edits": all its versions credited to its
//   creator, which is all a vault knows of who made them.
// - The history may hold two versions with one number (the version a
//   conflict's loser had and one of the vault's own), so its key becomes a
//   row id, with an index for reading a record's history in order.
// - A conflict remembers the stored version it arose against, so that a
//   later resolution can tell whether the record changed since.
// A vault created since has these tables in their new shape already
// (records_schema.cc creates the latest), so only older ones are rebuilt.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/db/table_info.h"
#include "core/records/edit_counts.h"
#include "core/records/json_text.h"
#include "core/records/record_exchange.h"
#include "core/records/record_rows.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {
namespace {

using nlohmann::json;

constexpr char kHistoryByRowId[] =
    "DROP INDEX IF EXISTS record_history_of_record;"
    "CREATE TABLE record_history_by_row ("
    " history_id INTEGER PRIMARY KEY,"
    " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, replaced_at INTEGER NOT NULL,"
    " replaced_by TEXT NOT NULL, body TEXT NOT NULL);"
    "INSERT INTO record_history_by_row (record_type, record_id, version,"
    " replaced_at, replaced_by, body) SELECT record_type, record_id, version,"
    " replaced_at, replaced_by, body FROM record_history"
    " ORDER BY record_type, record_id, version;"
    "DROP TABLE record_history;"
    "ALTER TABLE record_history_by_row RENAME TO record_history;"
    "CREATE INDEX record_history_of_record ON record_history"
    " (record_type, record_id, version);";

constexpr char kConflictsKnowStoredVersion[] =
    "ALTER TABLE record_conflicts ADD COLUMN stored_version INTEGER NOT NULL"
    " DEFAULT 0;"
    // Before edit counts, a conflict arose only at the stored version.
    "UPDATE record_conflicts SET stored_version = version;";

// Adds "edits" to every body of `table`, a thousand rows at a time in
// rowid order (no row is read while a statement on it is still open).
Status AddEditCounts(Database& db, std::string_view table) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT rowid, body FROM " + std::string(table) +
                 " WHERE rowid > ? ORDER BY rowid LIMIT 1000"));
  FV_ASSIGN_OR_RETURN(Statement update,
                      db.Prepare("UPDATE " + std::string(table) +
                                 " SET body = ? WHERE rowid = ?"));
  std::vector<std::pair<int64_t, std::string>> batch;
  int64_t last = 0;
  for (size_t rows = 1; rows > 0;) {
    rows = 0;
    batch.clear();
    FV_RETURN_IF_ERROR(select.Reset());
    FV_RETURN_IF_ERROR(select.BindInt64(1, last));
    while (true) {
      FV_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      ++rows;
      last = select.ColumnInt64(0);
      json body = json::parse(select.ColumnTextView(1), nullptr, false);
      if (!body.is_object()) {
        return Status::Corruption("a record in " + std::string(table) +
                                  " is damaged");
      }
      if (body.contains("edits")) continue;
      FV_ASSIGN_OR_RETURN(EditCounts edits, EditsOfRecord(body));
      body["edits"] = EditsToJson(edits);
      batch.emplace_back(last, CompactJson(body));
    }
    FV_RETURN_IF_ERROR(select.Reset());
    for (const auto& [rowid, text] : batch) {
      FV_RETURN_IF_ERROR(update.Reset());
      FV_RETURN_IF_ERROR(update.BindText(1, text));
      FV_RETURN_IF_ERROR(update.BindInt64(2, rowid));
      FV_RETURN_IF_ERROR(update.Run());
    }
  }
  return Status::Ok();
}

}  // namespace

Status MigrateEditCounts(Database& db, const MigrationContext& /*context*/) {
  FV_ASSIGN_OR_RETURN(bool rebuilt, HasColumn(db, "record_history", "history_id"));
  if (!rebuilt) FV_RETURN_IF_ERROR(db.Exec(kHistoryByRowId));
  FV_ASSIGN_OR_RETURN(bool added,
                      HasColumn(db, "record_conflicts", "stored_version"));
  if (!added) FV_RETURN_IF_ERROR(db.Exec(kConflictsKnowStoredVersion));
  for (std::string_view type : ExchangeOrder()) {
    FV_RETURN_IF_ERROR(AddEditCounts(db, RecordTable(type)));
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
