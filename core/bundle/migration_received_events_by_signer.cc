// Migration 12: an index of received custody events by signer and
// sequence, so that an import keeps an event it already holds once
// (core/bundle/received_audit.h). Vaults made since have it from
// migration 7's schema.
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateReceivedEventsBySigner(Database& db, const MigrationContext& /*context*/) {
  return db.Exec(
      "CREATE INDEX IF NOT EXISTS received_custody_events_by_signer"
      " ON received_custody_events (signer, sequence)");
}

}  // namespace fieldvault::core
