// CLI tests of `witness purge` through the real binary: refused while the
// witness agrees to storage and without a typed confirmation; then the
// statement, files and the witness's person leave the vault, a notice and
// a custody event without the content stay, and HQ purges its copy when
// the next bundle arrives. Every name and text is synthetic.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

class PurgeCommandTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
    incident_ = Ok("field", {"incident", "add", "--title", "Synthetic arrests",
                             "--start", "2020-02-22", "--country", "KZ"});
    witness_ = Ok("field", {"person", "add", "--name", "Witness Synthetic-P",
                            "--notes-file", "-"},
                  "phone SYNTHETIC-CONTACT-P\n");
    WriteFile(dir_.Join("statement"), "Synthetic statement SYNTHETIC-WORDS-P.\n");
    account_ = Ok("field", {"witness", "add", "--incident", incident_, "--person",
                            witness_, "--relation", "eyewitness", "--date",
                            "2020-02-23", "--statement-file", dir_.Join("statement"),
                            "--consent", "store,share_with_hq", "--consent-method",
                            "written"});
    WriteFile(dir_.Join("recording.bin"), "synthetic recording SYNTHETIC-AUDIO-P");
    Ok("field", {"attach", "add", dir_.Join("recording.bin"), "--witness", account_});
  }
  json Json(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(vault, std::move(args)), nullptr, false);
  }
  json Handoff() {
    std::string bundle = Json("field", {"export", "--to", dir_.Join("usb")})["file"];
    return Json("hq", {"import", bundle});
  }
  // Nothing of the witness in `vault`'s records, history, files or log.
  void ExpectNothingOfTheWitness(const std::string& vault) {
    for (std::vector<std::string> args :
         {std::vector<std::string>{"witness", "show", account_, "--history"},
          {"person", "show", witness_, "--history"},
          {"attach", "list"},
          {"search", "SYNTHETIC-WORDS-P"},
          {"log"}}) {
      std::string out = Ok(vault, args);
      for (const char* text : {"SYNTHETIC-WORDS-P", "SYNTHETIC-CONTACT-P",
                               "Witness Synthetic-P", "recording.bin"}) {
        EXPECT_EQ(out.find(text), std::string::npos) << vault << " " << args[0] << ": " << out;
      }
    }
  }

  std::string incident_, witness_, account_;
};

TEST_F(PurgeCommandTest, IsRefusedWhileTheWitnessAgreesToStorage) {
  CliResult out = In("field", {"witness", "purge", account_, "--yes"});
  EXPECT_EQ(out.exit_code, 2) << out.err;
  EXPECT_NE(out.err.find("--withdraw store"), std::string::npos) << out.err;
}

TEST_F(PurgeCommandTest, AsksForATypedConfirmation) {
  Ok("field", {"witness", "consent", account_, "--withdraw", "store", "--date",
               "2020-03-01"});
  CliResult out = In("field", {"witness", "purge", account_});
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(Ok("field", {"witness", "show", account_}).find("SYNTHETIC-WORDS-P"),
            std::string::npos);
}

TEST_F(PurgeCommandTest, PurgesHereAndAtHq) {
  Handoff();
  ASSERT_NE(Ok("hq", {"witness", "show", account_}).find("SYNTHETIC-WORDS-P"),
            std::string::npos);
  CliResult consent = In("field", {"witness", "consent", account_, "--withdraw",
                                   "store", "--date", "2020-03-01"});
  ASSERT_EQ(consent.exit_code, 0) << consent.err;
  EXPECT_NE(consent.err.find("witness purge"), std::string::npos) << consent.err;
  json report = Json("field", {"witness", "purge", account_, "--yes"});
  EXPECT_EQ(report["attachments_removed"], 1) << report.dump();
  EXPECT_EQ(report["person_purged"], true) << report.dump();
  ExpectNothingOfTheWitness("field");
  std::string log = Ok("field", {"log"});
  EXPECT_NE(log.find("purged"), std::string::npos) << log;
  json notice = Json("field", {"witness", "show", account_});
  EXPECT_EQ(notice["statement"], "purged");
  EXPECT_EQ(notice["deleted"], true);

  json imported = Handoff();
  EXPECT_EQ(imported.dump().find("SYNTHETIC"), std::string::npos);
  EXPECT_NE(imported.dump().find("\"purged\":1"), std::string::npos) << imported.dump();
  ExpectNothingOfTheWitness("hq");
  EXPECT_NE(Ok("hq", {"log"}).find("purged"), std::string::npos);
  EXPECT_EQ(Json("hq", {"conflicts", "list"}).size(), 0u);
}

}  // namespace
}  // namespace fieldvault::testing
