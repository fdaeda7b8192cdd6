#include "core/records/version_source.h"

#include <array>
#include <string>

#include "core/db/table_info.h"
#include "core/records/model.h"

namespace fieldvault::core {
namespace {

constexpr std::array<std::string_view, 5> kTypes = {
    kSourceType, kIncidentType, kPersonType, kDetentionType,
    kWitnessAccountType};

Status AddColumn(Database& db, std::string_view table, std::string_view column,
                 std::string_view definition) {
  FV_ASSIGN_OR_RETURN(bool has, HasColumn(db, table, column));
  if (has) return Status::Ok();
  return db.Exec("ALTER TABLE " + std::string(table) + " ADD COLUMN " +
                 std::string(column) + " " + std::string(definition));
}

constexpr char kText[] = "TEXT NOT NULL DEFAULT ''";

}  // namespace

bool FirstRecordedByOther(const VersionSource& stored,
                          std::string_view signer_key) {
  return !stored.origin || *stored.origin != signer_key;
}

Status AddVersionSourceColumns(Database& db) {
  for (std::string_view type : kTypes) {
    const std::string_view table = RecordTable(type);
    FV_RETURN_IF_ERROR(AddColumn(db, table, "written_how", kText));
    FV_RETURN_IF_ERROR(AddColumn(db, table, "written_bundle", kText));
    FV_RETURN_IF_ERROR(AddColumn(db, table, "origin", "TEXT"));
  }
  FV_RETURN_IF_ERROR(AddColumn(db, "record_history", "written_how", kText));
  FV_RETURN_IF_ERROR(AddColumn(db, "record_history", "written_bundle", kText));
  return AddColumn(db, "record_conflicts", "reason", kText);
}

Status BackfillOrigins(Database& db) {
  // Which signer sent the custody events of each other vault (its actor
  // id), first imported first: one scan of the events, not one per record.
  FV_RETURN_IF_ERROR(db.Exec(
      "CREATE TEMP TABLE fv_signer_of_actor ("
      " actor TEXT PRIMARY KEY NOT NULL, signer_key TEXT NOT NULL);"
      "INSERT OR IGNORE INTO fv_signer_of_actor (actor, signer_key)"
      " SELECT e.actor, b.signer_public_key FROM received_custody_events e"
      " JOIN received_bundles b ON b.bundle_id = e.bundle_id"
      " AND b.verdict = 'imported' ORDER BY b.id, e.id;"));
  for (std::string_view type : kTypes) {
    const std::string table(RecordTable(type));
    FV_RETURN_IF_ERROR(db.Exec(
        "UPDATE " + table + " SET origin = CASE WHEN created_by ="
        " COALESCE((SELECT value FROM meta WHERE key = 'vault_id'), '')"
        " THEN '' ELSE (SELECT signer_key FROM fv_signer_of_actor"
        " WHERE actor = " + table + ".created_by) END"
        " WHERE origin IS NULL"));
  }
  return db.Exec("DROP TABLE fv_signer_of_actor");
}

}  // namespace fieldvault::core
