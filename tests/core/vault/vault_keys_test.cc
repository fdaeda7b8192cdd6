// Recovery key, passphrase change, wipe and check on a real vault.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/vault/custody_log.h"
#include "core/vault/integrity_check.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::ReadAll;
using testing::Secret;
using testing::WriteAll;

constexpr char kPassphrase[] = "synthetic field passphrase";
constexpr char kMarker[] = "synthetic-marker-incident-0001";

std::string Text(const crypto::SecretBytes& bytes) {
  return std::string(bytes.Reveal().begin(), bytes.Reveal().end());
}

class VaultKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto vault = Vault::Create(dir(), Secret(kPassphrase), LowCost(), random_,
                               clock_);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->db().Exec("CREATE TABLE probe (x TEXT)").ok());
    ASSERT_TRUE(write->db()
                    .Exec(std::string("INSERT INTO probe VALUES ('") + kMarker +
                          "')")
                    .ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "incident", "", "", ""})
                    .ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  Result<Vault> Open(std::string_view secret) {
    return Vault::Open(dir(), Secret(secret), random_, clock_);
  }
  std::string dir() const { return scratch_.Join("vault"); }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{21};
  FixedClock clock_{1582363800000000};
};

TEST_F(VaultKeysTest, RecoveryKeyOpensTheVault) {
  std::string key;
  {
    auto vault = Open(kPassphrase);
    ASSERT_TRUE(vault.ok());
    auto text = vault->AddRecoveryKey();
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    key = Text(*text);
  }
  auto vault = Open(key);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(*vault->db().QueryText("SELECT x FROM probe"), kMarker);
  auto summary = vault->Summarize();
  ASSERT_EQ(summary->keyslots.size(), 2u);
  EXPECT_EQ(summary->keyslots[1].kind, KeyslotKind::kRecovery);
  // The passphrase still works too.
  vault = Open(kPassphrase);
  EXPECT_TRUE(vault.ok());
}

TEST_F(VaultKeysTest, ReplacedRecoveryKeyStopsWorking) {
  std::string first, second;
  {
    auto vault = Open(kPassphrase);
    ASSERT_TRUE(vault.ok());
    first = Text(*vault->AddRecoveryKey());
    second = Text(*vault->AddRecoveryKey());
  }
  EXPECT_NE(first, second);
  EXPECT_EQ(Open(first).status().code(), StatusCode::kAuthFailed);
  EXPECT_TRUE(Open(second).ok());
}

TEST_F(VaultKeysTest, RecoveryKeyTypoIsReported) {
  std::string key;
  {
    auto vault = Open(kPassphrase);
    key = Text(*vault->AddRecoveryKey());
  }
  key[0] = key[0] == 'X' ? 'Y' : 'X';
  auto vault = Open(key);
  EXPECT_EQ(vault.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(vault.status().message().find("typo"), std::string::npos);
}

TEST_F(VaultKeysTest, PasswdKeepsDataAndRetiresTheOldPassphrase) {
  std::string key;
  {
    auto vault = Open(kPassphrase);
    ASSERT_TRUE(vault.ok());
    key = Text(*vault->AddRecoveryKey());
    ASSERT_TRUE(
        vault->ChangePassphrase(Secret("new synthetic passphrase"), LowCost())
            .ok());
  }
  EXPECT_EQ(Open(kPassphrase).status().code(), StatusCode::kAuthFailed);
  auto vault = Open("new synthetic passphrase");
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(*vault->db().QueryText("SELECT x FROM probe"), kMarker);
  EXPECT_TRUE(VerifyCustodyChain(vault->db()).ok());
  EXPECT_TRUE(Open(key).ok());
}

TEST_F(VaultKeysTest, PasswdRefusesEmptyPassphrase) {
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok());
  crypto::SecretBytes empty;
  EXPECT_EQ(vault->ChangePassphrase(empty, LowCost()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(Open(kPassphrase).ok());
}

TEST_F(VaultKeysTest, WipeLeavesNothingThatOpens) {
  std::string db_copy = ReadAll(dir() + "/vault.db");
  ASSERT_TRUE(Vault::Wipe(dir(), random_).ok());
  EXPECT_FALSE(std::filesystem::exists(dir() + "/keyslots"));
  EXPECT_FALSE(std::filesystem::exists(dir() + "/vault.db"));
  EXPECT_EQ(Open(kPassphrase).status().code(), StatusCode::kNotFound);
  // Even with a copy of vault.db put back, there is no key file to open it.
  std::filesystem::create_directory(dir());
  WriteAll(dir() + "/vault.db", db_copy);
  EXPECT_EQ(Open(kPassphrase).status().code(), StatusCode::kNotFound);
}

TEST_F(VaultKeysTest, WipeRefusesWhatIsNotAVault) {
  testing::ScratchDir other;
  WriteAll(other.Join("keyslots"), "somebody else's file");
  EXPECT_EQ(Vault::Wipe(other.path(), random_).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadAll(other.Join("keyslots")), "somebody else's file");
  EXPECT_EQ(Vault::Wipe(other.Join("none"), random_).code(),
            StatusCode::kNotFound);
}

TEST_F(VaultKeysTest, CheckPassesOnAHealthyVault) {
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok());
  auto report = vault->Check();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->custody_events, 2);
}

TEST_F(VaultKeysTest, CheckFindsATamperedEvent) {
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok());
  ASSERT_TRUE(vault->db().Exec("DROP TRIGGER custody_log_no_update").ok());
  ASSERT_TRUE(vault->db()
                  .Exec("UPDATE custody_log SET detail = 'forged' "
                        "WHERE sequence = 1")
                  .ok());
  auto report = vault->Check();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problems[0].find("custody event 1"), std::string::npos);
}

// Reviewer's finding: `check` printed SQLite's integrity_check lines as
// they come. One line a monitor can read; the detail kept apart.
TEST_F(VaultKeysTest, CheckSumsUpDatabaseDamageInOneLine) {
  {
    auto vault = Open(kPassphrase);
    ASSERT_TRUE(vault.ok());
    Database& db = vault->db();
    ASSERT_TRUE(db.Exec("CREATE TABLE synthetic_damage (x)").ok());
    ASSERT_TRUE(db.Exec("CREATE INDEX synthetic_damage_x ON synthetic_damage (x)").ok());
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(db.Exec("INSERT INTO synthetic_damage VALUES (randomblob(3000))").ok());
    }
    // The index's pages stay in the file, used by nothing: damage
    // SQLite's integrity check reports page by page.
    ASSERT_TRUE(db.Exec("PRAGMA writable_schema = ON").ok());
    ASSERT_TRUE(db.Exec("DELETE FROM sqlite_master WHERE name = 'synthetic_damage_x'").ok());
    ASSERT_TRUE(db.Exec("PRAGMA writable_schema = OFF").ok());
  }
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  auto report = vault->Check();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].rfind("database: vault.db is damaged: SQLite's integrity "
                                      "check found ", 0), 0u) << report->problems[0];
  EXPECT_EQ(report->problems[0].find("***"), std::string::npos);
  auto details = IntegrityCheckLines(vault->db());
  ASSERT_TRUE(details.ok());
  ASSERT_FALSE(details->empty());
  EXPECT_NE(details->back().find("never used"), std::string::npos) << details->back();
}

TEST_F(VaultKeysTest, CheckFindsAKeyFileChangedBehindItsBack) {
  auto vault = Open(kPassphrase);
  ASSERT_TRUE(vault.ok());
  std::string bytes = ReadAll(dir() + "/keyslots");
  bytes[bytes.size() - 1] ^= 1;  // the head's MAC
  WriteAll(dir() + "/keyslots", bytes);
  auto report = vault->Check();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problems[0].find("key file"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::core
