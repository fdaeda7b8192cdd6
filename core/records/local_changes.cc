#include "core/records/local_changes.h"

#include <array>

#include "core/db/table_info.h"
#include "core/records/model.h"
#include "core/records/record_rows.h"

namespace fieldvault::core {
namespace {

constexpr std::array<std::string_view, 5> kTypes = {
    kSourceType, kIncidentType, kPersonType, kDetentionType,
    kWitnessAccountType};

// The backfill of the table of `type` (BackfillChangedAt).
std::string BackfillSql(std::string_view type) {
  const std::string table(RecordTable(type));
  const std::string history =
      " FROM record_history h WHERE h.record_type = '" + std::string(type) +
      "' AND h.record_id = " + table + ".id";
  return "UPDATE " + table + " SET changed_at = MAX(updated_at," +
         " COALESCE((SELECT MAX(h.replaced_at)" + history + "), 0)," +
         " CASE WHEN created_by != COALESCE((SELECT value FROM meta"
         " WHERE key = 'vault_id'), '') AND NOT EXISTS (SELECT 1" +
         history +
         ") THEN COALESCE((SELECT MAX(received_at) FROM received_bundles"
         " WHERE verdict = 'imported'), 0) ELSE 0 END)";
}

}  // namespace

Status AddChangedAtColumns(Database& db) {
  // A vault created since has them already (records_schema.cc).
  for (std::string_view type : kTypes) {
    const std::string table(RecordTable(type));
    FV_ASSIGN_OR_RETURN(bool has, HasColumn(db, table, "changed_at"));
    if (has) continue;
    FV_RETURN_IF_ERROR(db.Exec("ALTER TABLE " + table +
                               " ADD COLUMN changed_at INTEGER NOT NULL"
                               " DEFAULT 0"));
  }
  // For the persons named by changed accounts (ChangedAfterCondition);
  // detentions_by_person serves the detentions.
  return db.Exec(
      "CREATE INDEX IF NOT EXISTS witness_accounts_by_person"
      " ON witness_accounts(witness_person_id)");
}

Status BackfillChangedAt(Database& db) {
  for (std::string_view type : kTypes) {
    FV_RETURN_IF_ERROR(db.Exec(BackfillSql(type)));
  }
  return Status::Ok();
}

std::string ChangedAfterCondition(std::string_view type) {
  const std::string_view table = RecordTable(type);
  if (table.empty()) return "";
  std::string condition = std::string(table) + ".changed_at > ?1";
  if (type != kPersonType) return condition;
  // Whoever a changed detention or account names may have become
  // exportable with that change (export_profile.h).
  return condition +
         " OR EXISTS (SELECT 1 FROM detentions d"
         " WHERE d.person_id = persons.id AND d.changed_at > ?1)"
         " OR EXISTS (SELECT 1 FROM witness_accounts w"
         " WHERE w.witness_person_id = persons.id AND w.changed_at > ?1)";
}

Result<bool> ChangedAfter(Database& db, std::string_view type,
                          std::string_view id, int64_t since_micros) {
  const std::string condition = ChangedAfterCondition(type);
  if (condition.empty()) {
    return Status::InvalidArgument("unknown record type '" +
                                   std::string(type) + "'");
  }
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT 1 FROM " + std::string(RecordTable(type)) +
                 " WHERE id = ?2 AND (" + condition + ")"));
  FV_RETURN_IF_ERROR(select.BindInt64(1, since_micros));
  FV_RETURN_IF_ERROR(select.BindText(2, id));
  return select.Step();
}

}  // namespace fieldvault::core
