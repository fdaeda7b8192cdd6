#include <gtest/gtest.h>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

TEST(CliTest, VersionPrintsVersion) {
  CliResult result = RunFieldvault({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.rfind("fieldvault ", 0), 0u);
}

TEST(CliTest, VersionHasHelpLikeEveryCommand) {
  CliResult result = RunFieldvault({"version", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("Example:"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.rfind("fieldvault ", 0), std::string::npos) << result.out;
}

// A word that looks like an option (a case number such as -17/2020) is
// refused with the way to search for it.
TEST(CliTest, AWordStartingWithADashGetsTheDoubleDashHint) {
  CliResult result = RunFieldvault({"search", "-testov", "--vault", "/nonexistent"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("fieldvault search -- -testov"), std::string::npos)
      << result.err;
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
