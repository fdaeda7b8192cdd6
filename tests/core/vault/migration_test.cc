// Opens the checked-in schema-1 vault (tests/vectors/vault-schema-1) with
// today's code: it must upgrade to the latest schema and keep its history.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/vault/custody_log.h"
#include "core/vault/migrations.h"
#include "core/vault/vault.h"
#include "crypto/encoding.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

constexpr char kFixture[] = FIELDVAULT_SOURCE_DIR "/tests/vectors/vault-schema-1";
constexpr char kPassphrase[] = "synthetic fixture passphrase";
constexpr char kRecoveryKey[] = "5WP9-6KQN-EYTA-G40R-VW77-TR6S-89D5-NTBZ-E6BY";
constexpr char kVaultId[] = "b5cb6e50-fea3-4e89-84a4-c0738d2eaabc";
constexpr char kHeadHash[] =
    "39b2cd3ec848565aabd935ffe31690ae539a21a005fe5e14bd1aa1d9927e88b71837767cb9"
    "d796e00cc85d3123d43aa57ba774e52e9df7c4e8c064266579a76f";

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    std::filesystem::create_directory(dir());
    for (const char* name : {"keyslots", "vault.db"}) {
      std::filesystem::copy_file(std::string(kFixture) + "/" + name,
                                 dir() + "/" + name);
    }
  }
  std::string dir() const { return scratch_.Join("vault"); }
  Result<Vault> Open(const char* secret) {
    return Vault::Open(dir(), testing::Secret(secret), random_, clock_);
  }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{9};
  FixedClock clock_{1582363800000000};
};

TEST_F(MigrationTest, FixtureIsAtSchemaOne) {
  // Guards the fixture itself: if this fails, the files were changed.
  auto db_size = std::filesystem::file_size(std::string(kFixture) + "/vault.db");
  EXPECT_EQ(db_size % 4096, 0u);
  auto keyslots_size =
      std::filesystem::file_size(std::string(kFixture) + "/keyslots");
  EXPECT_EQ(keyslots_size, 12u + 2 * 104 + 104);
}

TEST_F(MigrationTest, UpgradesToLatestAndKeepsHistory) {
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(vault->vault_id(), kVaultId);
  auto version = CurrentSchemaVersion(vault->db());
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, LatestSchemaVersion());
  auto first_two = ReadCustodyHash(vault->db(), 2);
  ASSERT_TRUE(first_two.ok());
  EXPECT_EQ(crypto::HexEncode(*first_two), kHeadHash);
  auto head = VerifyCustodyChain(vault->db());
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  if (LatestSchemaVersion() > 1) {
    EXPECT_EQ(head->sequence, 3);
    CustodyRecord last;
    ASSERT_TRUE(ForEachCustodyRecord(vault->db(), 2, [&](const CustodyRecord& r) {
                  last = r;
                  return Status::Ok();
                }).ok());
    EXPECT_EQ(last.event.action, "migrated");
  } else {
    EXPECT_EQ(head->sequence, 2);
  }
  auto report = vault->Check();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems.front();
}

TEST_F(MigrationTest, UpgradedVaultReopensWithRecoveryKey) {
  { ASSERT_TRUE(Open(kPassphrase).ok()); }
  auto vault = Open(kRecoveryKey);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(*CurrentSchemaVersion(vault->db()), LatestSchemaVersion());
}

TEST_F(MigrationTest, FailedMigrationLeavesTheVaultAsItWas) {
  // A vault claiming a schema newer than this build is refused before any
  // change; the same path guards every migration's transaction.
  {
    auto vault = Open(kPassphrase);
    ASSERT_TRUE(vault.ok());
    ASSERT_TRUE(vault->db()
                    .Exec("INSERT INTO schema_migrations VALUES (100000, "
                          "'from the future', 0)")
                    .ok());
  }
  std::string before = testing::ReadAll(dir() + "/vault.db");
  auto vault = Open(kPassphrase);
  EXPECT_EQ(vault.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(testing::ReadAll(dir() + "/vault.db"), before);
}

}  // namespace
}  // namespace fieldvault::core
