// Migration: the full-text search index (core/search/search_index.h).
// Records written before this migration are not in it; at the time it was
// added no vault had records yet, so there is nothing to backfill.
#include "core/search/search_index.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateSearchIndex(Database& db, const MigrationContext& /*context*/) {
  return CreateSearchSchema(db);
}

}  // namespace fieldvault::core
