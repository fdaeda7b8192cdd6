// Migration 2: the vault's signing and receiving identities, the
// recipients and signers keyrings, and the bundle registers. Existing
// vaults get their identity generated when they are first opened by a
// fieldvault that knows this migration.
#include "core/bundle/bundle_registry.h"
#include "core/identity/identity_store.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateIdentities(Database& db, const MigrationContext& context) {
  FV_RETURN_IF_ERROR(CreateIdentitySchema(db));
  FV_RETURN_IF_ERROR(bundle::CreateBundleRegistrySchema(db));
  return EnsureVaultIdentity(db, context.random, context.clock.NowMicros())
      .status();
}

}  // namespace fieldvault::core
