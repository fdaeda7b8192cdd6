// Migration 8: sequence numbers and hash chains per export profile
// (core/bundle/bundle_registry.h), so that a bundle for publication takes
// no number from the chain HQ checks.
#include "core/bundle/bundle_registry.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateSequencePerProfile(Database& db, const MigrationContext& /*context*/) {
  return bundle::NumberSequencesPerProfile(db);
}

}  // namespace fieldvault::core
