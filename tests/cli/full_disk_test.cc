// CLI tests of a full disk under the vault: a write that fails for want of
// space leaves the vault as it was, on disk too (the same files at the same
// sizes, no journal beside vault.db), before the command exits, not only
// once the next command has rolled the journal back.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

// What a command run on a small disk left.
struct OnDisk {
  int exit_code = -1;
  std::string err;
  std::string listing;  // "name size" per file of the vault, sorted
};

// `text` in single quotes for sh (the test's paths hold none).
std::string Quoted(const std::string& text) {
  std::string quoted = "'";
  quoted.append(text).append("'");
  return quoted;
}

class FullDiskTest : public FieldAndHqTest {
 protected:
  // Copies vault `name` onto a tmpfs of `size` (in a mount namespace of
  // its own, gone with the shell), runs fieldvault `args` on it, lists the
  // vault's files and copies the vault back as `name`-after. Skips the
  // test without root (no mount namespace).
  OnDisk RunOnSmallDisk(const std::string& name, const std::string& size,
                        const std::vector<std::string>& args) {
    const std::string disk = dir_.Join("disk");
    std::filesystem::create_directories(disk);
    std::string command = Quoted(FIELDVAULT_BINARY);
    for (const std::string& arg : args) command.append(" ").append(Quoted(arg));
    command.append(" --vault ").append(Quoted(disk + "/v"));
    command.append(" --passphrase-file ").append(Quoted(dir_.Join("pass")));
    std::string script = "mount -t tmpfs -o size=";
    script.append(size).append(" synthetic-disk ").append(Quoted(disk));
    script.append(" || exit 97\ncp -a ").append(Quoted(dir_.Join(name)));
    script.append(" ").append(Quoted(disk + "/v")).append(" || exit 98\n");
    script.append(command).append(" >/dev/null 2>").append(Quoted(dir_.Join("err")));
    script.append("\necho \"exit=$?\"\ncd ").append(Quoted(disk + "/v"));
    script.append(" && for f in *; do echo \"$f $(stat -c %s \"$f\")\"; done\ncp -a ");
    script.append(Quoted(disk + "/v")).append(" ").append(Quoted(dir_.Join(name + "-after")));
    script.append("\n");
    CliResult shell = RunProgram("unshare", {"-m", "sh", "-c", script});
    OnDisk result;
    const size_t exit = shell.out.find("exit=");
    if (shell.exit_code == 97 || exit == std::string::npos) {
      result.err = shell.err;
      return result;
    }
    result.exit_code = std::stoi(shell.out.substr(exit + 5));
    result.listing = shell.out.substr(shell.out.find('\n', exit) + 1);
    result.err = ReadFile(dir_.Join("err"));
    return result;
  }
  // The listing RunOnSmallDisk would print for vault `name` as it is.
  std::string Listing(const std::string& name) {
    std::vector<std::string> lines;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Join(name))) {
      lines.push_back(entry.path().filename().string() + " " +
                      std::to_string(std::filesystem::file_size(entry.path())) + "\n");
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const std::string& line : lines) text += line;
    return text;
  }
  // The vault copied back after the command is whole and holds nothing new.
  void ExpectUnchanged(const std::string& name) {
    EXPECT_EQ(Ok(name + "-after", {"check"}).rfind("Vault check passed", 0), 0u);
    EXPECT_EQ(Ok(name + "-after", {"log", "--json"}), Ok(name, {"log", "--json"}));
  }
};

#define SKIP_WITHOUT_MOUNT(result)                                                \
  if ((result).exit_code == -1) {                                                 \
    GTEST_SKIP() << "needs a mount namespace and a tmpfs (root): " << (result).err; \
  }

// The reviewer's finding: vault.db grown to fill the disk and a
// vault.db-journal left until the next command.
TEST_F(FullDiskTest, AFailedImportLeavesTheVaultAsItWasOnDisk) {
  std::string incident = Ok("field", {"incident", "add", "--title", "Synthetic incident",
                                      "--start", "2020-02-22", "--country", "KZ"});
  // Well over the page cache (32 MiB), so that SQLite writes into
  // vault.db before the commit, and larger than the disk.
  WriteFile(dir_.Join("synthetic-video.bin"), std::string(64 << 20, 'v'));
  ASSERT_EQ(In("field", {"attach", "add", dir_.Join("synthetic-video.bin"), "--incident",
                         incident}).exit_code, 0);
  CliResult exported = In("field", {"export", "--to", dir_.Join("usb"), "--json"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string bundle = nlohmann::json::parse(exported.out)["file"];
  ASSERT_EQ(In("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")}).exit_code, 0);

  OnDisk full = RunOnSmallDisk("hq", "24m", {"import", bundle});
  SKIP_WITHOUT_MOUNT(full);
  EXPECT_EQ(full.exit_code, 2) << full.err;
  EXPECT_NE(full.err.find("the disk holding the vault is full"), std::string::npos) << full.err;
  EXPECT_EQ(full.listing, Listing("hq"));
  ExpectUnchanged("hq");
  EXPECT_EQ(Ok("hq-after", {"received", "--json"}), "[]");
}

TEST_F(FullDiskTest, AFailedDetaineeImportLeavesTheVaultAsItWasOnDisk) {
  std::string incident = Ok("hq", {"incident", "add", "--title", "Synthetic incident",
                                   "--start", "2020-02-22", "--country", "KZ"});
  std::string csv = "name,birth_date,legal_status,status_date,place_of_detention,notes\n";
  for (int i = 0; i < 200000; ++i) {
    csv += "Synthetic Person-" + std::to_string(i) + "," + std::to_string(1950 + i % 50) +
           ",released,2020-02-23,Synthetic Police Department No. " + std::to_string(i % 9) +
           ",synthetic note " + std::to_string(i) + " padded to make the list longer\n";
  }
  WriteFile(dir_.Join("synthetic-list.csv"), csv);
  OnDisk full = RunOnSmallDisk(
      "hq", "24m", {"detainees", "import", dir_.Join("synthetic-list.csv"), "--incident", incident});
  SKIP_WITHOUT_MOUNT(full);
  EXPECT_EQ(full.exit_code, 2) << full.err;
  EXPECT_NE(full.err.find("the disk holding the vault is full"), std::string::npos) << full.err;
  EXPECT_EQ(full.listing, Listing("hq"));
  ExpectUnchanged("hq");
  EXPECT_EQ(Ok("hq-after", {"person", "list", "--json"}), "[]");
}

TEST_F(FullDiskTest, AFailedAttachLeavesTheVaultAsItWasOnDisk) {
  std::string incident = Ok("hq", {"incident", "add", "--title", "Synthetic incident",
                                   "--start", "2020-02-22", "--country", "KZ"});
  WriteFile(dir_.Join("synthetic-video.bin"), std::string(64 << 20, 'v'));
  OnDisk full = RunOnSmallDisk(
      "hq", "24m", {"attach", "add", dir_.Join("synthetic-video.bin"), "--incident", incident});
  SKIP_WITHOUT_MOUNT(full);
  EXPECT_EQ(full.exit_code, 2) << full.err;
  EXPECT_NE(full.err.find("the disk holding the vault is full"), std::string::npos) << full.err;
  EXPECT_EQ(full.listing, Listing("hq"));
  ExpectUnchanged("hq");
  EXPECT_EQ(Ok("hq-after", {"attach", "list", "--json"}), "[]");
}

}  // namespace
}  // namespace fieldvault::testing
