// Migration 7: the sender's custody events received in bundles
// (core/bundle/received_audit.h), kept apart from this vault's own log.
#include "core/bundle/received_audit.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateReceivedAudit(Database& db, const MigrationContext& /*context*/) {
  return bundle::CreateReceivedAuditSchema(db);
}

}  // namespace fieldvault::core
