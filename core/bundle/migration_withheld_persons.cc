// Migration 15: the persons sent as withdrawal notices, so that a witness
// who consents again reaches the receiver whole, without a conflict
// (core/bundle/withheld_persons.h).
#include "core/bundle/withheld_persons.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateWithheldPersons(Database& db, const MigrationContext& /*context*/) {
  return bundle::CreateWithheldPersonsSchema(db);
}

}  // namespace fieldvault::core
