// CLI tests of id, recipients and signers: two vaults (a monitor's and
// HQ's) exchanging public keys, with the standard tools reading what
// `id export` and `id export-age-identity` write.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

class IdentityCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    for (const char* name : {"field", "hq"}) {
      CliResult init = Run({"init", "--vault", dir_.Join(name),
                            "--kdf-memory", "1", "--kdf-passes", "1"});
      ASSERT_EQ(init.exit_code, 0) << init.err;
    }
  }
  std::string pass_file() const { return dir_.Join("pass"); }
  CliResult Run(std::vector<std::string> args) {
    args.push_back("--passphrase-file");
    args.push_back(pass_file());
    return RunFieldvault(args);
  }
  CliResult In(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--vault");
    args.push_back(dir_.Join(vault));
    return Run(args);
  }
  nlohmann::json Show(const std::string& vault) {
    CliResult show = In(vault, {"id", "show", "--json"});
    EXPECT_EQ(show.exit_code, 0) << show.err;
    return nlohmann::json::parse(show.out);
  }
  TempDir dir_;
};

TEST_F(IdentityCommandsTest, ExchangeKeysAndReadFingerprints) {
  nlohmann::json hq = Show("hq");
  nlohmann::json field = Show("field");
  EXPECT_NE(hq["age_recipient"], field["age_recipient"]);
  ASSERT_EQ(In("hq", {"id", "export", dir_.Join("hq.pub")}).exit_code, 0);
  ASSERT_EQ(In("field", {"id", "export", dir_.Join("field.pub")}).exit_code, 0);
  EXPECT_NE(ReadFile(dir_.Join("hq.pub.age")).find(hq["age_recipient"].get<std::string>()),
            std::string::npos);

  CliResult add = In("field", {"recipients", "add", "hq-geneva", dir_.Join("hq.pub.age")});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find(hq["recipient_fingerprint"].get<std::string>()), std::string::npos);
  CliResult again = In("field", {"recipients", "add", "hq-geneva",
                                 field["age_recipient"].get<std::string>()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already has this label"), std::string::npos);
  CliResult list = In("field", {"recipients", "list"});
  EXPECT_NE(list.out.find("hq-geneva"), std::string::npos);

  CliResult trust = In("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  ASSERT_EQ(trust.exit_code, 0) << trust.err;
  EXPECT_NE(trust.out.find(field["signing_fingerprint"].get<std::string>()),
            std::string::npos);
  ASSERT_EQ(In("hq", {"signers", "revoke", "monitor-7"}).exit_code, 0);
  CliResult signers = In("hq", {"signers", "list", "--json"});
  EXPECT_FALSE(nlohmann::json::parse(signers.out)[0]["revoked_at"].is_null());
  EXPECT_EQ(In("field", {"recipients", "remove", "hq-geneva"}).exit_code, 0);
  EXPECT_EQ(In("field", {"recipients", "remove", "hq-geneva"}).exit_code, 2);

}

TEST_F(IdentityCommandsTest, AgeIdentityExportNeedsConfirmationAndIs0600) {
  CliResult refused = In("hq", {"id", "export-age-identity", dir_.Join("hq.key")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("SECRET"), std::string::npos);
  CliResult written =
      In("hq", {"id", "export-age-identity", dir_.Join("hq.key"), "--yes"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  struct stat info;
  ASSERT_EQ(::stat(dir_.Join("hq.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  // Stock age can use it: encrypt to the recipient, decrypt with the file.
  std::string recipient = Show("hq")["age_recipient"];
  WriteFile(dir_.Join("plain"), "synthetic text\n");
  ASSERT_EQ(RunProgram("age", {"-r", recipient, "-o", dir_.Join("enc"),
                               dir_.Join("plain")}).exit_code, 0);
  CliResult decrypted = RunProgram("age", {"-d", "-i", dir_.Join("hq.key"), dir_.Join("enc")});
  EXPECT_EQ(decrypted.out, "synthetic text\n") << decrypted.err;
  EXPECT_EQ(In("hq", {"id", "export-age-identity", dir_.Join("hq.key"), "--yes"})
                .exit_code, 2);  // never overwrites

  CliResult imported = In("field", {"id", "import-age", dir_.Join("hq.key"),
                                    "--label", "hq-copy"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(In("field", {"id", "import-age", dir_.Join("hq.key")}).exit_code, 2);
}

// A secret key, or a passphrase, typed where a public key or key file
// belongs is refused without being repeated (cli.md: "refused without
// being repeated"): errors end up in scrollback and screenshots.
TEST_F(IdentityCommandsTest, SecretsGivenAsKeysAreNotRepeated) {
  ASSERT_EQ(In("hq", {"id", "export-age-identity", dir_.Join("hq.key"), "--yes"})
                .exit_code, 0);
  std::string age_secret;
  for (std::string line : {ReadFile(dir_.Join("hq.key"))}) {
    size_t at = line.find("AGE-SECRET-KEY-1");
    ASSERT_NE(at, std::string::npos);
    age_secret = line.substr(at, line.find('\n', at) - at);
  }
  // A synthetic minisign secret key line ("Ed", no KDF, "B2", then bytes).
  const std::string minisign_secret =
      "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
      "c3ludGhldGljIG5vdCBhIHJlYWwga2V5IGF0IGFsbA==";
  const std::string passphrase = "synthetic passphrase typed in the wrong place";
  std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"recipients", "add", "hq", age_secret}, age_secret},
      {{"recipients", "add", "hq", age_secret.substr(0, 30)}, age_secret.substr(0, 30)},
      {{"recipients", "add", "hq", passphrase}, passphrase},
      {{"signers", "trust", "monitor", minisign_secret}, minisign_secret},
      {{"signers", "trust", "monitor", passphrase}, passphrase},
      {{"signers", "revoke", age_secret}, age_secret},
      {{"recipients", "remove", age_secret}, age_secret},
      {{"verify", dir_.Join("none.fvb"), "--identity", age_secret}, age_secret},
  };
  for (const auto& [args, secret] : cases) {
    CliResult refused = In("field", args);
    EXPECT_EQ(refused.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_EQ(refused.err.find(secret), std::string::npos) << refused.err;
    EXPECT_EQ(refused.out.find(secret), std::string::npos) << refused.out;
    // Not even a recognisable part of it.
    EXPECT_EQ(refused.err.find(secret.substr(0, 20)), std::string::npos) << refused.err;
  }
  CliResult secret_key = In("field", {"recipients", "add", "hq", age_secret});
  EXPECT_NE(secret_key.err.find("that is a secret key (not shown)"), std::string::npos)
      << secret_key.err;
  // Where a secret key file is asked, the hint never invites the key
  // itself onto the command line (finding 11 of review s11).
  CliResult mistyped = In("field", {"id", "import-age", dir_.Join("hq.kye")});
  EXPECT_EQ(mistyped.exit_code, 2);
  EXPECT_NE(mistyped.err.find("no such identity file"), std::string::npos) << mistyped.err;
  EXPECT_EQ(mistyped.err.find("give the key itself"), std::string::npos) << mistyped.err;
  CliResult pasted = In("field", {"id", "import-age", age_secret});
  EXPECT_NE(pasted.err.find("give that file's path"), std::string::npos) << pasted.err;
  EXPECT_EQ(pasted.err.find("`fieldvault id export` wrote"), std::string::npos) << pasted.err;
  // A key file whose name says what it holds is a path, not a secret.
  WriteFile(dir_.Join("synthetic secret key.txt"), ReadFile(dir_.Join("hq.key")));
  CliResult named = In("field", {"id", "import-age", dir_.Join("synthetic secret key.txt")});
  EXPECT_EQ(named.exit_code, 0) << named.err;
  // A file that exists is a path, and is named.
  ::chmod(dir_.Join("hq.key").c_str(), 0);
  if (::geteuid() != 0) {
    CliResult unreadable = In("field", {"recipients", "add", "hq", dir_.Join("hq.key")});
    EXPECT_NE(unreadable.err.find(dir_.Join("hq.key")), std::string::npos) << unreadable.err;
  }
}

}  // namespace
}  // namespace fieldvault::testing
