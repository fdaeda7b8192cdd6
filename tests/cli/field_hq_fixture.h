// FieldAndHqTest: the setting of every field-to-HQ test of the real
// binary. Two vaults, "field" and "hq", made with a cheap KDF; both public
// keys exported to the scratch directory (hq.pub, hq.pub.age, field.pub,
// field.pub.age); HQ added as the field vault's recipient "hq"; an empty
// "usb" directory. HQ does not trust the field signer yet.
#ifndef FIELDVAULT_TESTS_CLI_FIELD_HQ_FIXTURE_H_
#define FIELDVAULT_TESTS_CLI_FIELD_HQ_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {

class FieldAndHqTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_.Join("pass"), "synthetic monitor passphrase\n");
    std::filesystem::create_directories(dir_.Join("usb"));
    for (const char* name : {"field", "hq"}) {
      ASSERT_EQ(In(name, {"init", "--kdf-memory", "1", "--kdf-passes", "1"}).exit_code, 0);
    }
    ASSERT_EQ(In("hq", {"id", "export", dir_.Join("hq.pub")}).exit_code, 0);
    ASSERT_EQ(In("field", {"id", "export", dir_.Join("field.pub")}).exit_code, 0);
    ASSERT_EQ(In("field", {"recipients", "add", "hq", dir_.Join("hq.pub.age")}).exit_code, 0);
  }
  // Runs a command in `vault` ("field" or "hq") with the test passphrase,
  // `input` as its standard input.
  CliResult In(const std::string& vault, std::vector<std::string> args,
               const std::map<std::string, std::string>& env = {},
               const std::string& input = "") {
    args.insert(args.end(), {"--vault", dir_.Join(vault), "--passphrase-file",
                             dir_.Join("pass")});
    return RunFieldvault(args, input, env);
  }
  // Runs a command in `vault` that must succeed; its stdout, trimmed.
  std::string Ok(const std::string& vault, std::vector<std::string> args,
                 const std::string& input = "") {
    CliResult out = In(vault, std::move(args), {}, input);
    EXPECT_EQ(out.exit_code, 0) << out.err;
    while (!out.out.empty() && out.out.back() == '\n') out.out.pop_back();
    return out.out;
  }

  TempDir dir_;
};

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CLI_FIELD_HQ_FIXTURE_H_
