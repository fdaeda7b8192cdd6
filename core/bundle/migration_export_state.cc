// Migration 6: the state of each sent bundle (pending, written, failed), so
// that the sent-bundle row can be committed before the file gets its final
// name (core/bundle/exporter.h) and an export that did not finish neither
// loses its sequence number nor moves the --since-last marker.
#include "core/bundle/bundle_registry.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateExportState(Database& db, const MigrationContext& /*context*/) {
  return bundle::AddSentBundleState(db);
}

}  // namespace fieldvault::core
