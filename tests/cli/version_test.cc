#include <gtest/gtest.h>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

TEST(CliTest, VersionPrintsVersion) {
  CliResult result = RunFieldvault({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.rfind("fieldvault ", 0), 0u);
}

TEST(CliTest, UnknownCommandIsUsageError) {
  CliResult result = RunFieldvault({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("fieldvault: error: unknown command"),
            std::string::npos);
  EXPECT_NE(result.err.find("fieldvault: hint:"), std::string::npos);
}

TEST(CliTest, HelpListsCommands) {
  CliResult result = RunFieldvault({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("version"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::testing
