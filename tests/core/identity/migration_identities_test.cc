#include <gtest/gtest.h>

#include "core/bundle/bundle_registry.h"
#include "core/identity/identity_store.h"
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
  EXPECT_FALSE(*bundle::LastSentBundle(vault->db()));
}

TEST(MigrationIdentitiesTest, AnOlderVaultGetsAnIdentityWhenOpened) {
  ASSERT_TRUE(crypto::InitializeCrypto().ok());
  ScratchDir dir;
  crypto::DeterministicRandom random(4);
  FixedClock clock(1582363800LL * 1000000);
  {
    auto vault = Vault::Create(dir.Join("v"), Secret("synthetic pass"),
                               LowCost(), random, clock);
    ASSERT_TRUE(vault.ok());
    // Take the vault back to schema 1, as an older fieldvault wrote it.
    ASSERT_TRUE(vault->db()
                    .Exec("DROP TABLE vault_identity; DROP TABLE age_identities;"
                          "DROP TABLE recipients; DROP TABLE signers;"
                          "DROP TABLE sent_bundles; DROP TABLE received_bundles;"
                          "DELETE FROM schema_migrations WHERE version >= 2")
                    .ok());
    EXPECT_EQ(GetVaultIdentity(vault->db()).status().code(), StatusCode::kIoError);
  }
  clock.Advance(1000);
  auto reopened = Vault::Open(dir.Join("v"), Secret("synthetic pass"), random, clock);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto identity = GetVaultIdentity(reopened->db());
  ASSERT_TRUE(identity.ok()) << identity.status().ToString();
  EXPECT_EQ(identity->created_at, clock.NowMicros());
}

}  // namespace
}  // namespace fieldvault::core
