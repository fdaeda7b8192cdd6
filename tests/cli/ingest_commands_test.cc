// CLI tests of attach, search and detainees import through the real
// binary, against a temporary vault with a low KDF cost. Every name in
// them is synthetic.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

class IngestCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
    CliResult init = Run({"init", "--kdf-memory", "1", "--kdf-passes", "1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }

  CliResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault(), "--passphrase-file",
                             pass_file()});
    return RunFieldvault(args);
  }

  TempDir dir_;
};

TEST_F(IngestCommandsTest, UsageErrors) {
  EXPECT_EQ(Run({"attach", "add", dir_.Join("missing.jpg"), "--incident",
                 "2f1c8a4e"})
                .exit_code,
            2);
  EXPECT_EQ(Run({"attach", "nonsense"}).exit_code, 2);
  EXPECT_EQ(Run({"attach", "extract", "zzzz", "--output", "-"}).exit_code, 2);
  EXPECT_EQ(Run({"search"}).exit_code, 2);
  EXPECT_EQ(Run({"search", "x", "--type", "vault"}).exit_code, 2);
  CliResult none = Run({"search", "nothing-like-this"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.err.find("No records match."), std::string::npos);
  WriteFile(dir_.Join("a.csv"), "name\nTestov\n");
  CliResult no_incident =
      Run({"detainees", "import", dir_.Join("a.csv"), "--incident",
           "2f1c8a4e"});
  EXPECT_EQ(no_incident.exit_code, 2);
  EXPECT_EQ(Run({"detainees", "import", dir_.Join("a.csv"), "--incident",
                 "2f1c8a4e", "--delimiter", "|"})
                .exit_code,
            2);
  EXPECT_EQ(RunFieldvault({"attach", "--help"}).exit_code, 0);
  EXPECT_EQ(RunFieldvault({"search", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace fieldvault::testing
