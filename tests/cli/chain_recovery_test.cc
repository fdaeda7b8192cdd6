// CLI tests of the bundle chain after a restored backup (review s11,
// finding 1) and of a revoked signer's bundle in transit (finding 4): the
// real binary, a field vault and an HQ vault.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

class ChainRecoveryTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    ASSERT_EQ(In("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")}).exit_code, 0);
  }
  // Records an incident and exports; returns the export's JSON report.
  nlohmann::json RecordAndExport(const std::string& title,
                                 std::vector<std::string> options = {}) {
    Ok("field", {"incident", "add", "--title", title, "--start", "2020-02-22",
                 "--country", "KZ"});
    std::vector<std::string> args = {"export", "--to", dir_.Join("usb"), "--json"};
    args.insert(args.end(), options.begin(), options.end());
    CliResult out = In("field", args);
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return out.exit_code == 0 ? nlohmann::json::parse(out.out) : nlohmann::json::object();
  }
  CliResult Import(const nlohmann::json& exported, std::vector<std::string> options = {}) {
    std::vector<std::string> args = {"import", exported.value("file", "")};
    args.insert(args.end(), options.begin(), options.end());
    return In("hq", args);
  }
};

TEST_F(ChainRecoveryTest, ARestoredVaultContinuesHqsChainAndAForkCannotSkipAhead) {
  for (const char* title : {"Synthetic incident 1", "Synthetic incident 2",
                            "Synthetic incident 3"}) {
    ASSERT_EQ(Import(RecordAndExport(title)).exit_code, 0);
  }
  std::filesystem::copy(dir_.Join("field"), dir_.Join("backup"),
                        std::filesystem::copy_options::recursive);
  ASSERT_EQ(Import(RecordAndExport("Synthetic incident after backup")).exit_code, 0);
  std::filesystem::remove_all(dir_.Join("field"));
  std::filesystem::copy(dir_.Join("backup"), dir_.Join("field"),
                        std::filesystem::copy_options::recursive);

  CliResult four = Import(RecordAndExport("Synthetic incident after restore"));
  EXPECT_EQ(four.exit_code, 1);
  EXPECT_NE(four.err.find("a replay or a fork"), std::string::npos) << four.err;
  EXPECT_NE(four.err.find("fieldvault signers show"), std::string::npos) << four.err;
  EXPECT_EQ(Import(RecordAndExport("Synthetic edit 5")).exit_code, 1);
  // The reviewer's step 5: this one was imported as "missing 5".
  CliResult six = Import(RecordAndExport("Synthetic edit 6"));
  EXPECT_EQ(six.exit_code, 1) << six.out;
  EXPECT_NE(six.err.find("refused as a fork"), std::string::npos) << six.err;

  nlohmann::json shown =
      nlohmann::json::parse(Ok("hq", {"signers", "show", "monitor-7", "--json"}));
  EXPECT_EQ(shown["last_imported_sequence"], 4);
  EXPECT_EQ(shown["open_fork_refusals"].size(), 3u);
  std::string hash = shown["last_imported_manifest_blake2b"];
  ASSERT_EQ(hash.size(), 128u);
  std::string text = Ok("hq", {"signers", "show", "monitor-7"});
  EXPECT_NE(text.find("--continue-after 4 --previous-manifest \"" + hash.substr(0, 4) + " " +
                      hash.substr(4, 4)),
            std::string::npos)
      << text;
  // Read out in groups of four, as signers show prints it.
  std::string grouped;
  for (size_t i = 0; i < hash.size(); i += 4) grouped += hash.substr(i, 4) + " ";
  EXPECT_EQ(In("field", {"export", "--to", dir_.Join("usb"), "--continue-after", "4",
                         "--previous-manifest", grouped.substr(0, 40)})
                .exit_code,
            2);
  nlohmann::json resumed = RecordAndExport(
      "Synthetic incident after continuing",
      {"--continue-after", "4", "--previous-manifest", grouped});
  EXPECT_EQ(resumed["sequence"], 7);
  CliResult back = Import(resumed);
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("continues the chain after 4 (5, 6 skipped by the sender)"),
            std::string::npos)
      << back.out;
  EXPECT_NE(Ok("field", {"log"}).find("continues sequence 4 (manifest blake2b " + hash),
            std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(Ok("hq", {"signers", "show", "monitor-7", "--json"}))
                  ["open_fork_refusals"]
                      .empty());
  // The incident recorded after the restore arrived with it.
  EXPECT_NE(Ok("hq", {"incident", "list"}).find("Synthetic incident after restore"),
            std::string::npos);
  EXPECT_EQ(Import(RecordAndExport("Synthetic incident 8")).exit_code, 0);
}

TEST_F(ChainRecoveryTest, ARevokedSignersBundleInTransitGoesInByItsWholeHash) {
  ASSERT_EQ(Import(RecordAndExport("Synthetic incident 1")).exit_code, 0);
  nlohmann::json in_transit = RecordAndExport("Synthetic incident in transit");
  const std::string hash = in_transit["bundle_blake2b"];
  ASSERT_EQ(In("hq", {"signers", "revoke", "monitor-7"}).exit_code, 0);

  CliResult refused = Import(in_transit);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--accept-revoked"), std::string::npos) << refused.err;
  EXPECT_EQ(Import(in_transit, {"--accept-revoked", hash.substr(0, 20)}).exit_code, 2);
  std::string wrong = hash;
  wrong[5] = wrong[5] == 'a' ? 'b' : 'a';
  CliResult mismatch = Import(in_transit, {"--accept-revoked", wrong});
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_NE(mismatch.err.find("not the one given with --accept-revoked"), std::string::npos)
      << mismatch.err;
  // A later bundle (the seizer's) with the phoned-in hash: refused.
  EXPECT_EQ(Import(RecordAndExport("Synthetic incident by the seizer"),
                   {"--accept-revoked", hash})
                .exit_code,
            1);

  std::string spaced;
  for (size_t i = 0; i < hash.size(); i += 4) spaced += hash.substr(i, 4) + " ";
  CliResult accepted = Import(in_transit, {"--accept-revoked", spaced});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.out << accepted.err;
  EXPECT_NE(Ok("hq", {"incident", "list"}).find("Synthetic incident in transit"),
            std::string::npos);
  EXPECT_EQ(Ok("hq", {"incident", "list"}).find("Synthetic incident by the seizer"),
            std::string::npos);
  EXPECT_NE(Ok("hq", {"log"}).find("accepted by the BLAKE2b the analyst gave"),
            std::string::npos);
  nlohmann::json received = nlohmann::json::parse(Ok("hq", {"received", "--json"}));
  bool noted = false;
  for (const auto& r : received) {
    noted = noted || (r["verdict"] == "imported" &&
                      r["detail"].get<std::string>().find("signer revoked on") !=
                          std::string::npos);
  }
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace fieldvault::testing
