// CLI tests of init and status: the real binary, a passphrase file, a
// temporary vault, and a low KDF cost so the tests run quickly.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

class VaultCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
  }
  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }
  CliResult Init() {
    return RunFieldvault({"init", "--vault", vault(), "--passphrase-file",
                          pass_file(), "--kdf-memory", "1", "--kdf-passes",
                          "1"});
  }
  TempDir dir_;
};

TEST_F(VaultCommandsTest, InitThenStatus) {
  CliResult init = Init();
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("Created vault"), std::string::npos);
  EXPECT_NE(init.err.find("fieldvault: warning:"), std::string::npos);
  CliResult status = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", pass_file()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("Schema version"), std::string::npos);
  EXPECT_NE(status.out.find("passphrase (Argon2id, 1 MiB, 1 pass)"),
            std::string::npos);
  EXPECT_EQ(status.out.find("synthetic monitor passphrase"), std::string::npos);
}

TEST_F(VaultCommandsTest, StatusJson) {
  ASSERT_EQ(Init().exit_code, 0);
  CliResult status = RunFieldvault({"status", "--vault", vault(),
                                    "--passphrase-file", pass_file(),
                                    "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto json = nlohmann::json::parse(status.out);
  EXPECT_EQ(json["custody_events"], 1);
  EXPECT_EQ(json["keyslots"][0]["kind"], "passphrase");
  EXPECT_EQ(json["keyslots"][0]["memory_bytes"], 1 << 20);
  EXPECT_EQ(json["vault_id"].get<std::string>().size(), 36u);
}

TEST_F(VaultCommandsTest, VaultFromEnvironment) {
  CliResult init = RunFieldvault(
      {"init", "--passphrase-file", pass_file(), "--kdf-memory", "1",
       "--kdf-passes", "1"},
      "", {{"FIELDVAULT_VAULT", vault()}});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  struct stat st;
  ASSERT_EQ(::stat((vault() + "/keyslots").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(VaultCommandsTest, WrongPassphraseIsExitOneWithHint) {
  ASSERT_EQ(Init().exit_code, 0);
  std::string before = ReadFile(vault() + "/keyslots") +
                       ReadFile(vault() + "/vault.db");
  WriteFile(dir_.Join("wrong"), "synthetic monitor passphrasE\n");
  CliResult status = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", dir_.Join("wrong")});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.err.find("fieldvault: error: wrong passphrase, or the "
                            "vault's key file is damaged"),
            std::string::npos);
  EXPECT_NE(status.err.find("fieldvault: hint:"), std::string::npos);
  EXPECT_EQ(ReadFile(vault() + "/keyslots") + ReadFile(vault() + "/vault.db"),
            before);
}

TEST_F(VaultCommandsTest, InitRefusesEmptyPassphraseAndExistingVault) {
  WriteFile(dir_.Join("empty"), "\n");
  CliResult empty = RunFieldvault({"init", "--vault", vault(),
                                   "--passphrase-file", dir_.Join("empty")});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("passphrase is empty"), std::string::npos);
  ASSERT_EQ(Init().exit_code, 0);
  CliResult again = Init();
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("not empty"), std::string::npos);
}

TEST_F(VaultCommandsTest, MissingVaultAndUsageErrors) {
  CliResult missing = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", pass_file()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no vault at"), std::string::npos);
  EXPECT_NE(missing.err.find("fieldvault init"), std::string::npos);
  CliResult unknown = RunFieldvault({"status", "--no-such-option"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--help"), std::string::npos);
  CliResult stray = RunFieldvault({"status", "stray"});
  EXPECT_EQ(stray.exit_code, 2);
  CliResult bad_cost = RunFieldvault({"init", "--vault", vault(),
                                      "--kdf-memory", "lots"});
  EXPECT_EQ(bad_cost.exit_code, 2);
  CliResult no_tty = RunFieldvault({"init", "--vault", vault()});
  EXPECT_EQ(no_tty.exit_code, 2);
  EXPECT_NE(no_tty.err.find("--passphrase-file"), std::string::npos);
}

TEST_F(VaultCommandsTest, HelpHasAnExample) {
  for (const char* command : {"init", "status"}) {
    CliResult help = RunFieldvault({command, "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Example:"), std::string::npos) << command;
    EXPECT_NE(help.out.find("--passphrase-file"), std::string::npos);
  }
}

}  // namespace
}  // namespace fieldvault::testing
