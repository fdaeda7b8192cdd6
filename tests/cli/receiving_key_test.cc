// CLI tests of replacing HQ's receiving key after a leak: bundles already
// sent to the old key still import, the senders switch to the new key
// with no gap in their sequence, and a retired key opens nothing more.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

class ReceivingKeyTest : public FieldAndHqTest {
 protected:
  std::string ExportOne() {
    CliResult out = In("field", {"export", "--to", dir_.Join("usb"), "--json"});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return nlohmann::json::parse(out.out)["file"];
  }
  void AddIncident(const std::string& title) {
    Ok("field", {"incident", "add", "--title", title, "--start", "2020-02-22",
                 "--country", "KZ"});
  }
  nlohmann::json Keys() {
    return nlohmann::json::parse(Ok("hq", {"id", "receiving-keys", "--json"}));
  }
};

TEST_F(ReceivingKeyTest, AReplacedKeyStillOpensWhatWasSentToItUntilRetired) {
  ASSERT_EQ(In("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")}).exit_code, 0);
  AddIncident("Synthetic incident before the leak");
  const std::string in_transit = ExportOne();  // to the old key
  const std::string old_recipient = Keys()[0]["age_recipient"];

  CliResult replaced = In("hq", {"id", "new-receiving-key", "--old-label", "hq-leaked"});
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(replaced.out.find("recipients add LABEL FILE.age"), std::string::npos)
      << replaced.out;
  nlohmann::json keys = Keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_TRUE(keys[0]["own"].get<bool>());
  EXPECT_NE(keys[0]["age_recipient"], old_recipient);
  EXPECT_EQ(keys[1]["label"], "hq-leaked");
  EXPECT_EQ(keys[1]["age_recipient"], old_recipient);
  // `id show` and `id export` give out the new key only.
  nlohmann::json shown = nlohmann::json::parse(Ok("hq", {"id", "show", "--json"}));
  EXPECT_EQ(shown["age_recipient"], keys[0]["age_recipient"]);
  ASSERT_EQ(In("hq", {"id", "export", dir_.Join("hq-new.pub")}).exit_code, 0);
  EXPECT_NE(ReadFile(dir_.Join("hq-new.pub.age")).find(keys[0]["age_recipient"].get<std::string>()),
            std::string::npos);
  EXPECT_NE(Ok("hq", {"log"}).find("receiving key replaced"), std::string::npos);

  // The bundle in transit to the old key imports.
  CliResult first = In("hq", {"import", in_transit});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;

  // The monitor switches; the next bundle follows on without a gap.
  Ok("field", {"recipients", "remove", "hq"});
  Ok("field", {"recipients", "add", "hq", dir_.Join("hq-new.pub.age")});
  AddIncident("Synthetic incident after the leak");
  CliResult second = In("hq", {"import", ExportOne()});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("next after 1"), std::string::npos) << second.out;
  EXPECT_EQ(second.out.find("missing"), std::string::npos) << second.out;

  // Retired, the old key opens nothing more; its own key cannot be retired.
  EXPECT_NE(In("hq", {"id", "retire-receiving-key", "no-such-key", "--yes"}).exit_code, 0);
  ASSERT_EQ(In("hq", {"id", "retire-receiving-key", "hq-leaked", "--yes"}).exit_code, 0);
  EXPECT_EQ(Keys().size(), 1u);
  CliResult refused = In("hq", {"verify", in_transit});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(Ok("hq", {"log"}).find("receiving key retired"), std::string::npos);
}

TEST_F(ReceivingKeyTest, RetiringAsksForConfirmationAtTheTerminalOnly) {
  ASSERT_EQ(In("hq", {"id", "new-receiving-key", "--old-label", "hq-old"}).exit_code, 0);
  CliResult unconfirmed = In("hq", {"id", "retire-receiving-key", "hq-old"});
  EXPECT_NE(unconfirmed.exit_code, 0);  // no terminal, no --yes
  EXPECT_EQ(Keys().size(), 2u);
}

TEST_F(ReceivingKeyTest, ATakenLabelChangesNothing) {
  ASSERT_EQ(In("hq", {"id", "new-receiving-key", "--old-label", "hq-old"}).exit_code, 0);
  const nlohmann::json before = Keys();
  CliResult again = In("hq", {"id", "new-receiving-key", "--old-label", "hq-old"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(Keys(), before);  // the vault's own key was not replaced either
}

}  // namespace
}  // namespace fieldvault::testing
