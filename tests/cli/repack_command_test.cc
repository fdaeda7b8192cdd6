// CLI tests of `repack` through the real binary: a vault with the 4096-byte
// pages of earlier versions (the checked-in schema-1 vault) is repacked;
// `status` advises it before and not after; the binary killed just before
// or just after the rename leaves the old or the new vault.db, whole; a
// wrong passphrase, a write failure mid-copy and another process holding
// the vault change nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

constexpr char kFixture[] = FIELDVAULT_SOURCE_DIR "/tests/vectors/vault-schema-1";

class RepackCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(vault());
    for (const char* name : {"keyslots", "vault.db"}) {
      std::filesystem::copy_file(std::string(kFixture) + "/" + name,
                                 vault() + "/" + name);
    }
    std::filesystem::permissions(vault(), std::filesystem::perms::owner_all);
    WriteFile(pass_file(), "synthetic fixture passphrase\n");
    // Upgrades the schema (at the vault's own 4096-byte pages) and adds
    // records and an attachment, so there is something to carry over.
    ASSERT_EQ(PageSize(), 4096);
    incident_ = Ok({"incident", "add", "--title", "Synthetic repack incident",
                    "--start", "2020-02-22", "--country", "KZ"});
    std::string content(300 * 1024, '\0');
    for (size_t i = 0; i < content.size(); ++i) content[i] = char(i * 131 % 251);
    WriteFile(dir_.Join("synthetic-scan.bin"), content);
    Ok({"attach", "add", dir_.Join("synthetic-scan.bin"), "--incident", incident_});
  }

  std::string vault() const { return dir_.Join("vault"); }
  std::string db() const { return vault() + "/vault.db"; }
  std::string copy() const { return vault() + "/vault.db.repack"; }
  std::string pass_file() const { return dir_.Join("pass"); }

  CliResult Run(std::vector<std::string> args,
                const std::map<std::string, std::string>& env = {}) {
    args.insert(args.end(), {"--vault", vault(), "--passphrase-file", pass_file()});
    return RunFieldvault(args, "", env);
  }
  std::string Ok(std::vector<std::string> args) {
    CliResult result = Run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    while (!result.out.empty() && result.out.back() == '\n') result.out.pop_back();
    return result.out;
  }
  int PageSize() {
    return nlohmann::json::parse(Ok({"status", "--json"}))["page_size"];
  }
  // Repacks and kills the binary (SIGKILL) just before or just after the
  // rename of the copy over vault.db (tests/cli/crash_shim.cc).
  void RepackAndCrash(const std::string& moment) {
    const char* asan = std::getenv("ASAN_OPTIONS");
    CliResult crashed = Run({"repack"}, {{"LD_PRELOAD", FIELDVAULT_CRASH_SHIM},
                                         {"FIELDVAULT_TEST_CRASH", moment},
                                         {"ASAN_OPTIONS", std::string(asan ? asan : "") +
                                                              ":verify_asan_link_order=0"}});
    ASSERT_EQ(crashed.exit_code, 128 + 9) << crashed.err;
  }
  // The custody log's one "repacked" event (null when there is none).
  nlohmann::json Repacked() {
    nlohmann::json found;
    for (const auto& event : nlohmann::json::parse(Ok({"log", "--json"}))) {
      if (event["action"] == "repacked") {
        EXPECT_TRUE(found.is_null());
        found = event;
      }
    }
    return found;
  }
  void ExpectWholeVault() {
    EXPECT_EQ(Run({"check"}).exit_code, 0);
    std::string extracted = dir_.Join("extracted.bin");
    std::filesystem::remove(extracted);
    std::string list = Ok({"attach", "list", "--json"});
    std::string id = nlohmann::json::parse(list)[0]["id"];
    Ok({"attach", "extract", id, "--output", extracted});
    EXPECT_EQ(ReadFile(extracted), ReadFile(dir_.Join("synthetic-scan.bin")));
    EXPECT_NE(Ok({"search", "repack"}).find("Synthetic repack incident"),
              std::string::npos);
  }

  TempDir dir_;
  std::string incident_;
};

TEST_F(RepackCommandTest, LegacyVaultIsRepackedAndStatusStopsAdvisingIt) {
  CliResult status = Run({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("Page size       4096 bytes"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("`fieldvault repack`"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(Ok({"status", "--json"}))["repack_advised"]);

  auto repacked = nlohmann::json::parse(Ok({"repack", "--json"}));
  EXPECT_EQ(repacked["page_size_before"], 4096);
  EXPECT_EQ(repacked["page_size_after"], 16384);
  EXPECT_EQ(repacked["bytes_after"], std::filesystem::file_size(db()));
  EXPECT_EQ(repacked["removed_leftover"], false);

  auto after = nlohmann::json::parse(Ok({"status", "--json"}));
  EXPECT_EQ(after["page_size"], 16384);
  EXPECT_FALSE(after["repack_advised"]);
  EXPECT_EQ(Ok({"status"}).find("`fieldvault repack`"), std::string::npos);
  ExpectWholeVault();
  nlohmann::json event = Repacked();
  EXPECT_EQ(event["detail"].get<std::string>().rfind("page size 4096 to 16384 bytes; vault.db ", 0),
            0u) << event.dump();

  std::string text = Ok({"repack"});  // at 16384 already: compacts
  EXPECT_NE(text.find("page size  16384 -> 16384 bytes (unchanged)"), std::string::npos) << text;
}

TEST_F(RepackCommandTest, CrashBeforeTheRenameLeavesTheOldVault) {
  const std::string before = ReadFile(db());
  RepackAndCrash("before-rename");
  EXPECT_EQ(ReadFile(db()), before);
  EXPECT_TRUE(std::filesystem::exists(copy()));  // whole, synced, unused
  EXPECT_EQ(PageSize(), 4096);                    // and this open removes it
  EXPECT_FALSE(std::filesystem::exists(copy()));
  ExpectWholeVault();
  auto repacked = nlohmann::json::parse(Ok({"repack", "--json"}));
  EXPECT_EQ(repacked["page_size_after"], 16384);
}

TEST_F(RepackCommandTest, CrashAfterTheRenameLeavesTheNewVault) {
  RepackAndCrash("after-rename");
  EXPECT_FALSE(std::filesystem::exists(copy()));
  // The key file still names the previous chain head; the next open
  // catches it up, and check then passes.
  EXPECT_EQ(PageSize(), 16384);
  ExpectWholeVault();
  EXPECT_FALSE(Repacked().is_null());
}

TEST_F(RepackCommandTest, WrongPassphraseChangesNothing) {
  const std::string before = ReadFile(db());
  const std::string keyslots = ReadFile(vault() + "/keyslots");
  WriteFile(pass_file(), "not the synthetic fixture passphrase\n");
  CliResult result = Run({"repack"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("wrong passphrase"), std::string::npos);
  EXPECT_EQ(ReadFile(db()), before);
  EXPECT_EQ(ReadFile(vault() + "/keyslots"), keyslots);
  EXPECT_FALSE(std::filesystem::exists(copy()));
}

TEST_F(RepackCommandTest, WriteFailureMidCopyChangesNothing) {
  const std::string before = ReadFile(db());
  const std::string keyslots = ReadFile(vault() + "/keyslots");
  // Files may grow to 64 KiB only (a full disk, as far as fieldvault can
  // tell): the copy of a vault holding a 300 KiB attachment fails midway.
  std::string command = "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\"";
  CliResult result = RunProgram("/bin/sh", {"-c", command, FIELDVAULT_BINARY, "repack",
                                            "--vault", vault(), "--passphrase-file",
                                            pass_file()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("repack: copy vault.db"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("vault.db is unchanged"), std::string::npos) << result.err;
  EXPECT_EQ(ReadFile(db()), before);
  EXPECT_EQ(ReadFile(vault() + "/keyslots"), keyslots);
  EXPECT_FALSE(std::filesystem::exists(copy()));
  EXPECT_EQ(PageSize(), 4096);
}

// Reviewer's finding: repack asked for vault.db's size plus a fixed
// 16 MiB. A disk with a few MiB more than the vault is enough for it.
TEST_F(RepackCommandTest, TheFreeSpaceAskedForIsAnEstimateOfTheCopy) {
  const uint64_t size = std::filesystem::file_size(db());
  const std::string disk = dir_.Join("disk");
  std::filesystem::create_directories(disk);
  // A tmpfs with room for the vault and 3 MiB more, in a mount namespace
  // of its own; then one with 64 KiB more.
  auto repack_on_disk = [&](uint64_t spare) {
    std::string script = "mount -t tmpfs -o size=";
    script.append(std::to_string((size + spare) / 1024)).append("k synthetic-disk '");
    script.append(disk).append("' || exit 97\ncp -a '").append(vault());
    script.append("' '").append(disk).append("/v' || exit 98\n'");
    script.append(FIELDVAULT_BINARY).append("' repack --vault '").append(disk);
    script.append("/v' --passphrase-file '").append(pass_file()).append("'\n");
    return RunProgram("unshare", {"-m", "sh", "-c", script});
  };
  CliResult roomy = repack_on_disk(3 << 20);
  if (roomy.exit_code == 97) GTEST_SKIP() << "needs a mount namespace and a tmpfs (root)";
  EXPECT_EQ(roomy.exit_code, 0) << roomy.err;
  EXPECT_NE(roomy.out.find("page size  4096 -> 16384 bytes"), std::string::npos) << roomy.out;
  CliResult tight = repack_on_disk(64 << 10);
  EXPECT_EQ(tight.exit_code, 2) << tight.err;
  const std::string needs = "the copy needs about ";
  const size_t at = tight.err.find(needs);
  ASSERT_NE(at, std::string::npos) << tight.err;
  // About the vault's size: no fixed 16 MiB on top.
  const uint64_t mib = std::stoull(tight.err.substr(at + needs.size()));
  EXPECT_LE(mib, (size >> 20) + 2) << tight.err;
  EXPECT_GE(mib << 20, size * 3 / 4) << tight.err;
}

TEST_F(RepackCommandTest, RepackAndOtherCommandsExcludeEachOther) {
  const std::string before = ReadFile(db());
  {
    // Another fieldvault process has the vault open (its shared lock).
    int fd = ::open(db().c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_SH), 0);
    CliResult result = Run({"repack"});
    ::close(fd);
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("another fieldvault command is using this vault"),
              std::string::npos) << result.err;
    EXPECT_EQ(ReadFile(db()), before);
  }
  // A repack is running (its exclusive lock): other commands wait for it.
  int fd = ::open(db().c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  CliResult result = Run({"incident", "list"});
  ::close(fd);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("`fieldvault repack` is rewriting this vault"),
            std::string::npos) << result.err;
}

}  // namespace
}  // namespace fieldvault::testing
