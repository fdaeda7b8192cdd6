#include <gtest/gtest.h>

#include "core/bundle/bundle_registry.h"
#include "core/identity/identity_store.h"
#include "core/vault/migrations.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::ScratchDir;
using testing::Secret;

TEST(MigrationIdentitiesTest, NewVaultHasAnIdentityAndEmptyRegisters) {
  ASSERT_TRUE(crypto::InitializeCrypto().ok());
  ScratchDir dir;
  crypto::DeterministicRandom random(3);
  FixedClock clock(1582363800LL * 1000000);
  auto vault = Vault::Create(dir.Join("v"), Secret("synthetic pass"), LowCost(),
                             random, clock);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  auto identity = GetVaultIdentity(vault->db());
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->created_at, clock.NowMicros());
  EXPECT_TRUE(LoadSigningKey(vault->db()).ok());
  EXPECT_FALSE(*bundle::LastSentBundle(vault->db(), "hq"));
}

TEST(MigrationIdentitiesTest, MigratingAnOlderDatabaseCreatesTheIdentity) {
  // What RunMigrations does for a vault written before identities existed:
  // the migration on a database without its tables.
  ASSERT_TRUE(crypto::InitializeCrypto().ok());
  ScratchDir dir;
  auto db = Database::Open(dir.Join("old.db"), Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  crypto::SecretBytes key(32);
  crypto::SystemRandom().Fill(key.MutableReveal());
  ASSERT_TRUE(db->Key(key).ok());
  crypto::DeterministicRandom random(4);
  FixedClock clock(1582363800LL * 1000000);
  MigrationContext context{random, clock};
  ASSERT_TRUE(MigrateIdentities(*db, context).ok());
  auto identity = GetVaultIdentity(*db);
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->created_at, clock.NowMicros());
  EXPECT_TRUE(bundle::ListReceivedBundles(*db)->empty());
}

}  // namespace
}  // namespace fieldvault::core
