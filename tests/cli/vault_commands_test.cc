// CLI tests of init and status: the real binary, a passphrase file, a
// temporary vault, and a low KDF cost so the tests run quickly.
#include <gtest/gtest.h>

#include <filesystem>
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
  EXPECT_NE(empty.err.find("passphrase file " + dir_.Join("empty") + " is empty"),
            std::string::npos) << empty.err;
  ASSERT_EQ(Init().exit_code, 0);
  // Opening a vault with an empty file says so, not "wrong passphrase".
  WriteFile(dir_.Join("empty"), "");
  CliResult open = RunFieldvault({"status", "--vault", vault(),
                                  "--passphrase-file", dir_.Join("empty")});
  EXPECT_EQ(open.exit_code, 2);
  EXPECT_NE(open.err.find("is empty"), std::string::npos) << open.err;
  EXPECT_EQ(open.err.find("wrong passphrase"), std::string::npos) << open.err;
  CliResult again = Init();
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already holds a vault"), std::string::npos) << again.err;
}

TEST_F(VaultCommandsTest, InitInADirectoryInUseSaysChooseAnother) {
  std::filesystem::create_directories(vault());
  WriteFile(vault() + "/synthetic-notes.txt", "synthetic notes");
  // Said before any passphrase is asked: no --passphrase-file is needed.
  CliResult init = RunFieldvault({"init", "--vault", vault()});
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_NE(init.err.find("is not empty, and it is not a vault"), std::string::npos)
      << init.err;
  EXPECT_NE(init.err.find("hint: choose an empty or new directory"), std::string::npos)
      << init.err;
  EXPECT_EQ(init.err.find("passphrase"), std::string::npos) << init.err;
  EXPECT_EQ(ReadFile(vault() + "/synthetic-notes.txt"), "synthetic notes");
  EXPECT_FALSE(std::filesystem::exists(vault() + "/keyslots"));
  WriteFile(dir_.Join("file"), "synthetic");
  CliResult file = RunFieldvault({"init", "--vault", dir_.Join("file")});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_NE(file.err.find("is not a directory"), std::string::npos) << file.err;
}

TEST_F(VaultCommandsTest, PasswdWarnsWhenTheKeyDerivationGetsCheaper) {
  ASSERT_EQ(Init().exit_code, 0);
  WriteFile(dir_.Join("new"), "new synthetic passphrase\n");
  CliResult cheaper = RunFieldvault(
      {"passwd", "--vault", vault(), "--passphrase-file", pass_file(),
       "--new-passphrase-file", dir_.Join("new"), "--kdf-memory", "8"});
  ASSERT_EQ(cheaper.exit_code, 0) << cheaper.err;
  EXPECT_NE(cheaper.err.find("warning: a key derivation cost below the default"),
            std::string::npos) << cheaper.err;
  CliResult standard = RunFieldvault(
      {"passwd", "--vault", vault(), "--passphrase-file", dir_.Join("new"),
       "--new-passphrase-file", pass_file(), "--kdf-memory", "256", "--kdf-passes", "3"});
  ASSERT_EQ(standard.exit_code, 0) << standard.err;
  EXPECT_EQ(standard.err.find("warning"), std::string::npos) << standard.err;
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
  // A stray argument may be a passphrase typed by mistake: not echoed.
  CliResult stray = RunFieldvault({"status", "synthetic stray pass words"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.err.find("unexpected argument"), std::string::npos) << stray.err;
  EXPECT_NE(stray.err.find("never given on the command line"), std::string::npos);
  EXPECT_EQ(stray.err.find("synthetic stray"), std::string::npos) << stray.err;
  EXPECT_EQ(stray.out.find("synthetic stray"), std::string::npos);
  // Each option's default is said once.
  CliResult search_help = RunFieldvault({"search", "--help"});
  EXPECT_EQ(search_help.exit_code, 0);
  EXPECT_NE(search_help.out.find("results (default: 20)"), std::string::npos)
      << search_help.out;
  EXPECT_EQ(search_help.out.find("(default 20)"), std::string::npos);
  CliResult bad_cost = RunFieldvault({"init", "--vault", vault(),
                                      "--kdf-memory", "lots"});
  EXPECT_EQ(bad_cost.exit_code, 2);
  CliResult no_tty = RunFieldvault({"init", "--vault", vault()});
  EXPECT_EQ(no_tty.exit_code, 2);
  EXPECT_NE(no_tty.err.find("--passphrase-file"), std::string::npos);
}

std::string ExtractRecoveryKey(const std::string& out) {
  // The key is the indented line of nine dash-separated groups.
  size_t start = out.find("\n    ");
  if (start == std::string::npos) return "";
  start += 5;
  return out.substr(start, out.find('\n', start) - start);
}

TEST_F(VaultCommandsTest, RecoveryKeyThenPasswd) {
  ASSERT_EQ(Init().exit_code, 0);
  CliResult recovery = RunFieldvault(
      {"recovery-key", "--vault", vault(), "--passphrase-file", pass_file()});
  ASSERT_EQ(recovery.exit_code, 0) << recovery.err;
  std::string key = ExtractRecoveryKey(recovery.out);
  ASSERT_EQ(key.size(), 44u) << recovery.out;
  // The monitor forgot the passphrase: open with the recovery key and set
  // a new passphrase.
  WriteFile(dir_.Join("key"), key + "\n");
  WriteFile(dir_.Join("new"), "new synthetic passphrase\n");
  CliResult passwd = RunFieldvault(
      {"passwd", "--vault", vault(), "--passphrase-file", dir_.Join("key"),
       "--new-passphrase-file", dir_.Join("new")});
  ASSERT_EQ(passwd.exit_code, 0) << passwd.err;
  EXPECT_EQ(RunFieldvault({"status", "--vault", vault(), "--passphrase-file",
                           pass_file()})
                .exit_code,
            1);
  CliResult status = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", dir_.Join("new")});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("recovery ("), std::string::npos);
  CliResult log = RunFieldvault({"log", "--vault", vault(),
                                 "--passphrase-file", dir_.Join("new"),
                                 "--json"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  auto events = nlohmann::json::parse(log.out);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["action"], "created");
  EXPECT_EQ(events[1]["action"], "recovery key added");
  EXPECT_EQ(events[2]["action"], "passphrase changed");
  EXPECT_EQ(log.out.find(key), std::string::npos);
}

TEST_F(VaultCommandsTest, LogAndCheck) {
  ASSERT_EQ(Init().exit_code, 0);
  CliResult log = RunFieldvault(
      {"log", "--vault", vault(), "--passphrase-file", pass_file()});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_NE(log.out.find("vault created"), std::string::npos);
  CliResult after = RunFieldvault({"log", "--vault", vault(),
                                   "--passphrase-file", pass_file(), "--json",
                                   "--after", "1"});
  EXPECT_EQ(nlohmann::json::parse(after.out).size(), 0u);
  CliResult check = RunFieldvault(
      {"check", "--vault", vault(), "--passphrase-file", pass_file()});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("passed"), std::string::npos);
  CliResult json = RunFieldvault({"check", "--vault", vault(),
                                  "--passphrase-file", pass_file(), "--json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)["ok"], true);
}

// Redirected into a file, the key would lie on disk in the clear.
TEST_F(VaultCommandsTest, RecoveryKeyIsNotWrittenIntoAFileUnlessAsked) {
  ASSERT_EQ(Init().exit_code, 0);
  const std::string keyslots = ReadFile(vault() + "/keyslots");
  std::string command = "'";
  command += FIELDVAULT_BINARY;
  command += "' recovery-key --vault '" + vault() + "' --passphrase-file '" +
             pass_file() + "'";
  const std::string out_file = vault() + "-key.txt";
  CliResult refused = RunProgram("sh", {"-c", command + " > '" + out_file + "'"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("written to disk in the clear"), std::string::npos)
      << refused.err;
  EXPECT_EQ(ReadFile(out_file), "");
  EXPECT_EQ(ReadFile(vault() + "/keyslots"), keyslots);  // nothing changed
  CliResult asked = RunProgram("sh", {"-c", command + " --yes > '" + out_file + "'"});
  EXPECT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_NE(ReadFile(out_file).find("Recovery key for"), std::string::npos);
}

// Finding 23 of review s11: a vault on a read-only file system (write-
// protected media) gets a message saying so and what to do, before the
// passphrase is asked, not SQLite's "attempt to write a readonly
// database". Needs a mount namespace (`unshare -m`, root); skipped without.
TEST_F(VaultCommandsTest, AVaultOnReadOnlyMediaSaysWhatToDo) {
  ASSERT_EQ(Init().exit_code, 0);
  const std::string before = ReadFile(vault() + "/vault.db");
  std::string command = "mount --bind '" + vault() + "' '" + vault() +
                        "' && mount -o remount,bind,ro '" + vault() +
                        "' || exit 97; exec '";
  command += FIELDVAULT_BINARY;
  command += "' status --vault '" + vault() + "' --passphrase-file '" + pass_file() + "'";
  CliResult status = RunProgram("unshare", {"-m", "sh", "-c", command});
  if (status.exit_code == 97 || status.err.find("unshare:") != std::string::npos) {
    GTEST_SKIP() << "no mount namespace here: " << status.err;
  }
  EXPECT_EQ(status.exit_code, 2) << status.err;
  EXPECT_NE(status.err.find("is on a read-only file system"), std::string::npos)
      << status.err;
  EXPECT_NE(status.err.find("cp -a"), std::string::npos) << status.err;
  EXPECT_EQ(status.err.find("readonly database"), std::string::npos) << status.err;
  EXPECT_EQ(ReadFile(vault() + "/vault.db"), before);
}

TEST_F(VaultCommandsTest, RolledBackVaultIsReported) {
  ASSERT_EQ(Init().exit_code, 0);
  std::string old_db = ReadFile(vault() + "/vault.db");
  ASSERT_EQ(RunFieldvault({"recovery-key", "--vault", vault(),
                           "--passphrase-file", pass_file()})
                .exit_code,
            0);
  WriteFile(vault() + "/vault.db", old_db);
  CliResult status = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", pass_file()});
  EXPECT_EQ(status.exit_code, 1);
  EXPECT_NE(status.err.find("rolled back"), std::string::npos);
  EXPECT_NE(status.err.find("fieldvault: hint:"), std::string::npos);
}

TEST_F(VaultCommandsTest, WipeNeedsConfirmationThenDestroys) {
  ASSERT_EQ(Init().exit_code, 0);
  CliResult refused = RunFieldvault({"wipe", "--vault", vault()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--yes"), std::string::npos);
  EXPECT_FALSE(ReadFile(vault() + "/keyslots").empty());
  CliResult wiped = RunFieldvault({"wipe", "--vault", vault(), "--yes"});
  ASSERT_EQ(wiped.exit_code, 0) << wiped.err;
  struct stat st;
  EXPECT_NE(::stat(vault().c_str(), &st), 0);
  CliResult status = RunFieldvault(
      {"status", "--vault", vault(), "--passphrase-file", pass_file()});
  EXPECT_EQ(status.exit_code, 2);
  EXPECT_NE(status.err.find("no vault"), std::string::npos);
}

TEST_F(VaultCommandsTest, HelpHasAnExample) {
  for (const char* command :
       {"init", "status", "passwd", "recovery-key", "log", "check", "wipe"}) {
    CliResult help = RunFieldvault({command, "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Example:"), std::string::npos) << command;
    // wipe needs no passphrase, so it offers none.
    EXPECT_EQ(help.out.find("--passphrase-file") == std::string::npos,
              std::string(command) == "wipe") << command;
  }
}

}  // namespace
}  // namespace fieldvault::testing
