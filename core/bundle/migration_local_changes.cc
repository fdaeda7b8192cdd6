// Migration 10: when each record changed in this vault (changed_at,
// core/records/local_changes.h), which --since-last selects by instead of
// the sender's updated_at.
#include "core/records/local_changes.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateLocalChanges(Database& db, const MigrationContext& /*context*/) {
  FV_RETURN_IF_ERROR(AddChangedAtColumns(db));
  return BackfillChangedAt(db);
}

}  // namespace fieldvault::core
