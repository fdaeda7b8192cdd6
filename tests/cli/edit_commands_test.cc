// CLI tests of correcting and withdrawing records through the real binary:
// `detention|witness|source edit|delete`, `source show` and `person
// delete`; a refused change leaves the vault unchanged, and an edit and a
// delete travel to HQ in the next bundle. Every name and text is synthetic.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

class EditCommandsTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    incident_ = Ok("field", {"incident", "add", "--title", "Synthetic arrests",
                             "--start", "2020-02-22", "--country", "KZ"});
    person_ = Ok("field", {"person", "add", "--name", "Testov Synthetic-E1"});
  }
  json Json(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(vault, std::move(args)), nullptr, false);
  }
  std::string AddDetention(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"detention", "add", "--person", person_,
                                     "--incident", incident_};
    args.insert(args.end(), more.begin(), more.end());
    return Ok("field", args);
  }
  // A witness account by pseudonym; returns its id.
  std::string AddAccount() {
    WriteFile(dir_.Join("statement"), "Synthetic statement one.\n");
    WriteFile(dir_.Join("translation"), "Synthetic translation one.\n");
    return Ok("field", {"witness", "add", "--incident", incident_,
                        "--pseudonym", "Witness Synthetic-E", "--relation",
                        "eyewitness", "--date", "2020-02-23",
                        "--statement-file", dir_.Join("statement"),
                        "--translation-file", dir_.Join("translation"),
                        "--consent", "store", "--consent-method", "written"});
  }
  // A refused command: exit 2, an error and a hint containing `hint`.
  void ExpectRefused(const std::string& vault, std::vector<std::string> args,
                     const std::string& hint) {
    CliResult out = In(vault, std::move(args));
    EXPECT_EQ(out.exit_code, 2) << out.err;
    EXPECT_NE(out.err.find("fieldvault: hint:"), std::string::npos) << out.err;
    EXPECT_NE(out.err.find(hint), std::string::npos) << out.err;
  }

  std::string incident_;
  std::string person_;
};

TEST_F(EditCommandsTest, DetentionEditChangesOnlyWhatIsGiven) {
  std::string id = AddDetention(
      {"--detained-at", "2020-02-22", "--place-of-arrest", "Synthetic Square",
       "--case-number", "SYN-1/2020", "--court", "Synthetic District Court",
       "--charge", "488:Code of Administrative Offences", "--status",
       "administrative_detention", "--source-note", "synthetic ruling"});
  Ok("field", {"detention", "edit", id.substr(0, 8), "--case-number",
               "SYN-2/2020", "--place-of-arrest", "", "--charge", "174",
               "--confidentiality", "public"});
  json d = Json("field", {"detention", "show", id});
  EXPECT_EQ(d["version"], 2);
  EXPECT_EQ(d["case_number"], "SYN-2/2020");
  EXPECT_EQ(d["place_of_arrest"], "");
  EXPECT_EQ(d["court"], "Synthetic District Court");
  EXPECT_EQ(d["confidentiality"], "public");
  ASSERT_EQ(d["charges"].size(), 1u);
  EXPECT_EQ(d["charges"][0]["article"], "174");
  EXPECT_EQ(d["status_history"].size(), 1u);
  Ok("field", {"detention", "edit", id, "--charge", ""});
  EXPECT_TRUE(Json("field", {"detention", "show", id})["charges"].empty());
  // Refused changes leave version 3 as it is.
  ExpectRefused("field", {"detention", "edit", id, "--lawyer-access", "maybe"},
                "fieldvault vocab lawyer_access");
  ExpectRefused("field", {"detention", "edit", id, "--person", "0000dead"},
                "fieldvault person list");
  ExpectRefused("field", {"detention", "edit", id, "--code", "Criminal Code"},
                "fieldvault detention edit --help");
  EXPECT_EQ(In("field", {"detention", "edit", id, "--status", "released"})
                .exit_code, 2);  // the status changes with `detention status`
  EXPECT_EQ(Json("field", {"detention", "show", id})["version"], 3);
}

TEST_F(EditCommandsTest, DetentionDeleteLeavesATombstoneWithItsHistory) {
  std::string id = AddDetention({"--case-number", "SYN-3/2020"});
  Ok("field", {"detention", "edit", id, "--court", "Synthetic Court"});
  EXPECT_NE(Ok("field", {"detention", "delete", id.substr(0, 8)})
                .find("Deleted detention " + id.substr(0, 8)),
            std::string::npos);
  EXPECT_TRUE(Json("field", {"detention", "list"}).empty());
  json all = Json("field", {"detention", "list", "--deleted"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["deleted"], true);
  EXPECT_NE(Ok("field", {"detention", "list", "--deleted"}).find("(deleted)"),
            std::string::npos);
  json history = Json("field", {"detention", "show", id, "--history"});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2]["deleted"], true);
  EXPECT_EQ(history[2]["court"], "Synthetic Court");
  ExpectRefused("field", {"detention", "edit", id, "--court", "x"},
                "--history");
  EXPECT_EQ(In("field", {"detention", "delete", id}).exit_code, 2);
  EXPECT_EQ(Json("field", {"detention", "show", id})["version"], 3);
}

TEST_F(EditCommandsTest, AnEditedAndADeletedDetentionReachHq) {
  Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  std::string kept = AddDetention({"--case-number", "SYN-4/2020"});
  std::string withdrawn = AddDetention({"--case-number", "SYN-5/2020"});
  auto handoff = [&] {
    std::string bundle =
        Json("field", {"export", "--to", dir_.Join("usb")})["file"];
    return Json("hq", {"import", bundle});
  };
  handoff();
  ASSERT_EQ(Json("hq", {"detention", "list"}).size(), 2u);
  Ok("field", {"detention", "edit", kept, "--case-number", "SYN-4a/2020",
               "--confidentiality", "public"});
  Ok("field", {"detention", "delete", withdrawn});
  handoff();
  json at_hq = Json("hq", {"detention", "show", kept});
  EXPECT_EQ(at_hq["version"], 2);
  EXPECT_EQ(at_hq["case_number"], "SYN-4a/2020");
  EXPECT_EQ(at_hq["confidentiality"], "public");
  json live = Json("hq", {"detention", "list"});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0]["id"], kept);
  json gone = Json("hq", {"detention", "show", withdrawn});
  EXPECT_EQ(gone["deleted"], true);
  EXPECT_EQ(gone["version"], 2);
}

TEST_F(EditCommandsTest, ADetentionRemarkedPublicLeavesInAPublicBundle) {
  std::string id = AddDetention({"--case-number", "SYN-6/2020"});
  Ok("field", {"incident", "edit", incident_, "--confidentiality", "public"});
  Ok("field", {"person", "edit", person_, "--confidentiality", "public"});
  auto public_export = [&] {
    return Json("field", {"export", "--to", dir_.Join("usb"), "--profile",
                          "public", "--all"});
  };
  EXPECT_EQ(public_export()["record_counts"].value("detention", 0), 0);
  Ok("field", {"detention", "edit", id, "--confidentiality", "public"});
  json report = public_export();
  EXPECT_EQ(report["record_counts"]["detention"], 1) << report.dump();
  EXPECT_EQ(report["record_counts"]["incident"], 1) << report.dump();
}

TEST_F(EditCommandsTest, WitnessEditAndDelete) {
  std::string id = AddAccount();
  Ok("field", {"witness", "edit", id, "--person", person_, "--date",
               "2020-02-24", "--statement-file", "-", "--confidentiality",
               "public"},
     "Synthetic statement two.\n");
  json a = Json("field", {"witness", "show", id});
  EXPECT_EQ(a["version"], 2);
  EXPECT_EQ(a["witness_person_id"], person_);
  EXPECT_EQ(a["witness_pseudonym"], "");
  EXPECT_EQ(a["statement"], "Synthetic statement two.\n");
  EXPECT_EQ(a["translation"], "Synthetic translation one.\n");
  EXPECT_EQ(a["interview_date"]["value"], "2020-02-24");
  EXPECT_EQ(a["confidentiality"], "public");
  EXPECT_EQ(a["consents"].size(), 1u);
  WriteFile(dir_.Join("empty"), "");
  Ok("field", {"witness", "edit", id, "--pseudonym", "Witness Synthetic-F",
               "--translation-file", dir_.Join("empty")});
  a = Json("field", {"witness", "show", id});
  EXPECT_EQ(a["witness_person_id"], "");
  EXPECT_EQ(a["witness_pseudonym"], "Witness Synthetic-F");
  EXPECT_EQ(a["translation"], "");
  ExpectRefused("field", {"witness", "edit", id, "--relation", "gossip"},
                "fieldvault vocab witness_relation");
  EXPECT_EQ(In("field", {"witness", "edit", id, "--consent", "publish_named"})
                .exit_code, 2);  // consent changes with `witness consent`
  EXPECT_EQ(Json("field", {"witness", "show", id})["version"], 3);
  Ok("field", {"witness", "delete", id});
  EXPECT_TRUE(Json("field", {"witness", "list"}).empty());
  EXPECT_EQ(Json("field", {"witness", "list", "--deleted"}).size(), 1u);
  EXPECT_EQ(Json("field", {"witness", "show", id, "--history"}).size(), 4u);
}

TEST_F(EditCommandsTest, SourceShowEditAndDelete) {
  std::string id = Ok("field", {"source", "add", "--type", "document",
                                "--title", "Synthetic ruling", "--link",
                                "https://example.org/synthetic-1"});
  std::string shown = Ok("field", {"source", "show", id.substr(0, 8)});
  EXPECT_NE(shown.find("Synthetic ruling"), std::string::npos);
  EXPECT_NE(shown.find("https://example.org/synthetic-1"), std::string::npos);
  Ok("field", {"source", "edit", id, "--title", "Synthetic ruling 2-1/2020",
               "--reliability", "high", "--confidentiality", "public"});
  json s = Json("field", {"source", "show", id});
  EXPECT_EQ(s["title"], "Synthetic ruling 2-1/2020");
  EXPECT_EQ(s["links"].size(), 1u);
  EXPECT_EQ(s["confidentiality"], "public");
  Ok("field", {"source", "edit", id, "--link", ""});
  EXPECT_TRUE(Json("field", {"source", "show", id})["links"].empty());
  ExpectRefused("field", {"source", "edit", id, "--type", "rumour"},
                "fieldvault vocab source_type");
  std::string detention =
      AddDetention({"--status", "released", "--source", id});
  ExpectRefused("field", {"source", "delete", id}, "source edit");
  EXPECT_EQ(Json("field", {"source", "list"}).size(), 1u);
  Ok("field", {"detention", "delete", detention});
  Ok("field", {"source", "delete", id});
  EXPECT_TRUE(Json("field", {"source", "list"}).empty());
  EXPECT_EQ(Json("field", {"source", "list", "--deleted"})[0]["deleted"], true);
  EXPECT_EQ(Json("field", {"source", "show", id, "--history"}).size(), 4u);
}

TEST_F(EditCommandsTest, PersonDeleteWaitsUntilNothingRefersToThePerson) {
  std::string detention = AddDetention();
  std::string account = AddAccount();
  Ok("field", {"witness", "edit", account, "--person", person_});
  std::string twin = Ok("field", {"person", "add", "--name",
                                  "Testov Synthetic-E1"});
  Ok("field", {"person", "merge", twin, "--into", person_});
  CliResult refused = In("field", {"person", "delete", person_});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("1 detention(s), 1 witness account(s) they gave, "
                             "1 person(s) merged into them"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("fieldvault detention delete ID"),
            std::string::npos);
  Ok("field", {"detention", "delete", detention});
  Ok("field", {"witness", "edit", account, "--pseudonym", "Witness Synthetic-G"});
  Ok("field", {"person", "edit", twin, "--unmerge"});
  Ok("field", {"person", "delete", person_});
  json live = Json("field", {"person", "list"});
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0]["id"], twin);
  EXPECT_NE(Ok("field", {"person", "list", "--deleted"}).find("(deleted)"),
            std::string::npos);
  EXPECT_EQ(In("field", {"person", "delete", person_}).exit_code, 2);
}

}  // namespace
}  // namespace fieldvault::testing
