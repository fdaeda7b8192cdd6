// Migration 5: the records' tables (incidents, persons and their names,
// detentions, witness accounts, sources, history, conflicts) and the
// controlled vocabularies, filled from core/records/vocabulary.h.
#include "core/records/records_schema.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateRecords(Database& db, const MigrationContext& /*context*/) {
  return CreateRecordsSchema(db);
}

}  // namespace fieldvault::core
