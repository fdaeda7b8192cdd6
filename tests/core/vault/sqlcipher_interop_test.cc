// Interop with the real `sqlcipher` shell: vault.db opens with standard
// tools given the master key (docs/vault-format.md), and an event edited
// there is caught by `check`.
#include <gtest/gtest.h>

#include "core/vault/vault.h"
#include "core/vault/vault_database.h"
#include "core/vault/vault_testing.h"
#include "crypto/encoding.h"
#include "crypto/init.h"
#include "tests/cli/cli_runner.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

constexpr char kPassphrase[] = "synthetic field passphrase";

class SqlcipherInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto vault = Vault::Create(dir(), testing::Secret(kPassphrase),
                               testing::LowCost(), random_, clock_);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->AppendCustodyEvent(
                         {"edited", "incident", "", "", "original detail"})
                    .ok());
    ASSERT_TRUE(write->Commit().ok());
    // Test-only: the hex key goes to sqlcipher on stdin, never argv.
    key_hex_ = crypto::HexEncode(MasterKeyForTesting(*vault).Reveal());
  }
  // Runs `sql` in the sqlcipher shell on vault.db, keyed as the vault is.
  fieldvault::testing::CliResult Sqlcipher(const std::string& sql) {
    return fieldvault::testing::RunProgram(
        "sqlcipher", {dir() + "/vault.db"},
        "PRAGMA key = \"x'" + key_hex_ + "'\";\n"
        "PRAGMA cipher_page_size = " +
        std::to_string(kVaultPageSize) + ";\n" + sql + "\n");
  }
  std::string dir() const { return scratch_.Join("vault"); }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{31};
  FixedClock clock_{1582363800000000};
  std::string key_hex_;
};

TEST_F(SqlcipherInteropTest, StandardToolReadsTheVault) {
  auto result = Sqlcipher("SELECT count(*) FROM custody_log;");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("2"), std::string::npos);
}

// A large attachment asks for early writeback in its write transaction;
// that must not drop the transaction's lock on vault.db (closing any
// descriptor of the file would), or another process could write at once,
// or play the live journal back as if its writer had crashed.
TEST_F(SqlcipherInteropTest, WritebackKeepsTheLockOfAnOpenWrite) {
  auto vault = Vault::Open(dir(), testing::Secret(kPassphrase), random_, clock_);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  auto write = vault->BeginWrite();
  ASSERT_TRUE(write.ok());
  ASSERT_TRUE(write->AppendCustodyEvent({"edited", "incident", "", "", "x"}).ok());
  vault->db().StartWriteback();
  vault->db().StartWriteback();  // the second call reuses the descriptor
  auto other = Sqlcipher("BEGIN IMMEDIATE;");
  EXPECT_NE(other.err.find("locked"), std::string::npos)
      << "another process could write: " << other.out << other.err;
}

// While another process writes (a long attach holds vault.db exclusively),
// a command waits a few seconds, then says so instead of "database error".
TEST_F(SqlcipherInteropTest, CommandDuringAnotherWriteSaysTheVaultIsInUse) {
  auto vault = Vault::Open(dir(), testing::Secret(kPassphrase), random_, clock_);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  ASSERT_TRUE(vault->db().Exec("BEGIN EXCLUSIVE").ok());
  fieldvault::testing::TempDir files;
  fieldvault::testing::WriteFile(files.Join("pass"),
                                 std::string(kPassphrase) + "\n");
  auto list = fieldvault::testing::RunFieldvault(
      {"incident", "list", "--vault", dir(), "--passphrase-file",
       files.Join("pass")});
  EXPECT_EQ(list.exit_code, 2) << list.out << list.err;
  EXPECT_NE(list.err.find("another fieldvault command is using this vault"),
            std::string::npos)
      << list.err;
  ASSERT_TRUE(vault->db().Exec("ROLLBACK").ok());
}

TEST_F(SqlcipherInteropTest, WrongKeyCannotRead) {
  key_hex_[0] = key_hex_[0] == '0' ? '1' : '0';
  auto result = Sqlcipher("SELECT count(*) FROM custody_log;");
  EXPECT_EQ(result.out.find("2"), std::string::npos);
  EXPECT_NE(result.err.find("not a database"), std::string::npos);
}

TEST_F(SqlcipherInteropTest, EventEditedWithSqlcipherFailsCheck) {
  auto edit = Sqlcipher(
      "DROP TRIGGER custody_log_no_update;\n"
      "UPDATE custody_log SET detail = 'forged detail' WHERE sequence = 2;");
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  auto vault = Vault::Open(dir(), testing::Secret(kPassphrase), random_,
                           clock_);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  auto report = vault->Check();
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(report->ok());
  EXPECT_NE(report->problems[0].find("custody event 2 was altered"),
            std::string::npos);

  // And the real command says so with exit code 1.
  fieldvault::testing::TempDir files;
  fieldvault::testing::WriteFile(files.Join("pass"),
                                 std::string(kPassphrase) + "\n");
  auto check = fieldvault::testing::RunFieldvault(
      {"check", "--vault", dir(), "--passphrase-file", files.Join("pass")});
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE(check.out.find("custody event 2 was altered"), std::string::npos);
}

TEST_F(SqlcipherInteropTest, DeletedLastEventIsARollback) {
  auto edit = Sqlcipher(
      "DROP TRIGGER custody_log_no_delete;\n"
      "DELETE FROM custody_log WHERE sequence = 2;");
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  auto vault = Vault::Open(dir(), testing::Secret(kPassphrase), random_,
                           clock_);
  EXPECT_EQ(vault.status().code(), StatusCode::kCorruption);
  EXPECT_NE(vault.status().message().find("rolled back"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::core
