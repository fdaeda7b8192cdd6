// vault.db's page size: new vaults use kVaultPageSize, vaults made with
// 4096-byte pages still open and take writes, and a crash image (database
// plus hot journal) rolls back at the page size the journal was written
// with, whichever that is.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/vault/vault.h"
#include "core/vault/vault_database.h"
#include "core/vault/vault_testing.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::ReadAll;
using testing::Secret;
using testing::WriteAll;

constexpr char kPassphrase[] = "synthetic field passphrase";
constexpr char kMarker[] = "synthetic-page-size-probe";

class PageSizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto vault = Vault::Create(dir(), Secret(kPassphrase), LowCost(), random_,
                               clock_);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    key_ = crypto::SecretBytes::CopyOf(MasterKeyForTesting(*vault).Reveal());
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->db().Exec("CREATE TABLE probe (x BLOB)").ok());
    ASSERT_TRUE(write->db()
                    .Exec(std::string("INSERT INTO probe VALUES ('") + kMarker +
                          "')")
                    .ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"edited", "", "", "", "probe"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  Result<Vault> Open() {
    return Vault::Open(dir(), Secret(kPassphrase), random_, clock_);
  }
  Result<Database> OpenDb(const std::string& path) {
    return OpenVaultDatabase(path, key_, Database::Mode::kOpenExisting);
  }

  // Rewrites vault.db with 4096-byte pages, as earlier versions made it:
  // same key, same content (sqlcipher_export copies schema and rows).
  void MakeLegacy() {
    const std::string legacy = scratch_.Join("legacy.db");
    WriteAll(legacy, "");  // the vault's connection may not create files
    {
      auto db = OpenDb(db_path());
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      Status attached = db->Exec("ATTACH DATABASE '" + legacy + "' AS legacy");
      ASSERT_TRUE(attached.ok()) << attached.ToString();
      Status sized = db->Exec("PRAGMA legacy.cipher_page_size = 4096");
      ASSERT_TRUE(sized.ok()) << sized.ToString();
      ASSERT_TRUE(db->Exec("SELECT sqlcipher_export('legacy')").ok());
      ASSERT_TRUE(db->Exec("DETACH DATABASE legacy").ok());
    }
    std::filesystem::rename(legacy, db_path());
  }

  // Leaves in crash/ the files a power cut would leave in the middle of a
  // large transaction: vault.db already partly overwritten (the tiny cache
  // spills) and its hot journal.
  void MakeCrashImage() {
    auto db = OpenDb(db_path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(db->Exec("PRAGMA cache_size = 4").ok());
    ASSERT_TRUE(db->Exec("BEGIN IMMEDIATE").ok());
    ASSERT_TRUE(db->Exec("UPDATE probe SET x = 'overwritten'").ok());
    ASSERT_TRUE(db->Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
                         "i + 1 FROM n WHERE i < 400) INSERT INTO probe "
                         "SELECT randomblob(9000) FROM n")
                    .ok());
    std::filesystem::create_directories(crash_dir());
    for (const char* name : {"vault.db", "vault.db-journal", "keyslots"}) {
      ASSERT_TRUE(std::filesystem::exists(dir() + "/" + name)) << name;
      std::filesystem::copy_file(dir() + "/" + name,
                                 crash_dir() + "/" + name);
    }
    ASSERT_TRUE(db->Exec("ROLLBACK").ok());
  }

  // The crash image opens, rolled back to before the transaction.
  void ExpectCrashImageRollsBack(int page_size) {
    auto db = OpenDb(crash_dir() + "/vault.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ(*db->QueryText("PRAGMA cipher_page_size"),
              std::to_string(page_size));
    EXPECT_EQ(*db->QueryText("SELECT group_concat(x) FROM probe"), kMarker);
    EXPECT_EQ(*db->QueryText("PRAGMA integrity_check"), "ok");
    EXPECT_FALSE(std::filesystem::exists(crash_dir() + "/vault.db-journal"));
  }

  std::string dir() const { return scratch_.Join("vault"); }
  std::string db_path() const { return dir() + "/vault.db"; }
  std::string crash_dir() const { return scratch_.Join("crash"); }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{17};
  FixedClock clock_{1582363800000000};
  crypto::SecretBytes key_;
};

TEST_F(PageSizeTest, NewVaultsUseTheLargerPages) {
  auto vault = Open();
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(*vault->db().QueryText("PRAGMA cipher_page_size"),
            std::to_string(kVaultPageSize));
  EXPECT_EQ(std::filesystem::file_size(db_path()) % kVaultPageSize, 0u);
}

TEST_F(PageSizeTest, LegacyVaultOpensAndTakesWrites) {
  MakeLegacy();
  {
    auto vault = Open();
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    EXPECT_EQ(*vault->db().QueryText("PRAGMA cipher_page_size"), "4096");
    EXPECT_EQ(*vault->db().QueryText("SELECT x FROM probe"), kMarker);
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"edited", "", "", "", "later"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again->db().QueryText("PRAGMA cipher_page_size"), "4096");
  EXPECT_EQ(*again->db().QueryText("PRAGMA integrity_check"), "ok");
}

TEST_F(PageSizeTest, CrashImageRollsBack) {
  MakeCrashImage();
  ExpectCrashImageRollsBack(kVaultPageSize);
}

TEST_F(PageSizeTest, LegacyCrashImageRollsBackAtItsPageSize) {
  MakeLegacy();
  MakeCrashImage();
  ExpectCrashImageRollsBack(4096);
}

TEST_F(PageSizeTest, ForeignJournalIsRefusedAndLeftAlone) {
  MakeCrashImage();
  const std::string journal = crash_dir() + "/vault.db-journal";
  std::string bytes = ReadAll(journal);
  ASSERT_EQ(bytes.substr(24, 4), std::string("\x00\x00\x40\x00", 4));
  bytes[26] = 0x20;  // page size 8192: never a vault's
  WriteAll(journal, bytes);
  const std::string db_before = ReadAll(crash_dir() + "/vault.db");
  auto db = OpenDb(crash_dir() + "/vault.db");
  EXPECT_EQ(db.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ReadAll(crash_dir() + "/vault.db"), db_before);
  EXPECT_EQ(ReadAll(journal), bytes);
}

TEST_F(PageSizeTest, WrongKeyFailsAtEveryPageSize) {
  const std::string db_before = ReadAll(db_path());
  key_.MutableReveal()[0] ^= 1;
  EXPECT_EQ(OpenDb(db_path()).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ReadAll(db_path()), db_before);
}

}  // namespace
}  // namespace fieldvault::core
