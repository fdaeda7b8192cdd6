// Migration 13: how each version of a record came to be in this vault
// and who first recorded each record here (core/records/version_source.h),
// for `show --history` and for telling a sender's changes to records
// another vault recorded. Versions written before it say "unknown"; the
// origin of the records already stored is filled in where the vault can
// tell it. Lives with the bundle code because the backfill reads the
// register of received bundles and their custody events.
#include "core/records/version_source.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateRecordProvenance(Database& db, const MigrationContext& /*context*/) {
  FV_RETURN_IF_ERROR(AddVersionSourceColumns(db));
  return BackfillOrigins(db);
}

}  // namespace fieldvault::core
