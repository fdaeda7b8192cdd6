// CLI tests of correcting and withdrawing records through the real binary:
// `detention|witness|source edit|delete`, `source show` and `person
// delete`; a refused change leaves the vault unchanged, and an edit and a
// delete travel to HQ in the next bundle. Every name and text is synthetic.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
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
  // The status changes with `detention status`, and the refusal says so.
  ExpectRefused("field", {"detention", "edit", id, "--status", "released"},
                "fieldvault detention status ID");
  ExpectRefused("field", {"detention", "edit", id, "--status-date=2020-03-01"},
                "fieldvault detention status ID");
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

TEST_F(EditCommandsTest, AWitnessWhoRefusesStorageIsNotRecorded) {
  WriteFile(dir_.Join("statement"), "Synthetic statement not to be kept.\n");
  CliResult out = In("field", {"witness", "add", "--incident", incident_,
                               "--pseudonym", "Witness Synthetic-S", "--relation",
                               "eyewitness", "--date", "2020-02-23",
                               "--statement-file", dir_.Join("statement"),
                               "--refuse", "store", "--consent", "share_with_hq",
                               "--consent-method", "oral_noted"});
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("refused storage"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("fieldvault: hint:"), std::string::npos) << out.err;
  EXPECT_TRUE(Json("field", {"witness", "list"}).empty());
  // A storage consent withdrawn later: recorded, and said what it means.
  std::string id = AddAccount();
  out = In("field", {"witness", "consent", id, "--withdraw", "store", "--date",
                     "2020-03-01"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.err.find("fieldvault: warning:"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("will not leave in any bundle"), std::string::npos) << out.err;
  json report = Json("field", {"export", "--to", dir_.Join("usb")});
  EXPECT_EQ(report["left_out"]["storage_refused"], 1) << report.dump();
  EXPECT_EQ(report["record_counts"].value("witness_account", 0), 0) << report.dump();
  // No storage decision: recorded, with a warning to ask for one.
  out = In("field", {"witness", "add", "--incident", incident_, "--pseudonym",
                     "Witness Synthetic-T", "--relation", "eyewitness", "--date",
                     "2020-02-23", "--statement-file", dir_.Join("statement"),
                     "--consent", "share_with_hq", "--consent-method", "oral_noted"});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_NE(out.err.find("consent to storage is not recorded"), std::string::npos)
      << out.err;
}

// The reviewer's workflow: a witness person with contact notes, an account
// shared with HQ, the consent withdrawn; HQ's current copy of the person
// loses the notes, and HQ sends neither on to another monitor.
TEST_F(EditCommandsTest, AWithdrawnWitnessLeavesNoContactAtHqNorBeyond) {
  Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  std::string witness = Ok("field", {"person", "add", "--name", "Witness Synthetic-W",
                                     "--notes-file", "-"},
                           "phone SYNTHETIC-CONTACT\n");
  WriteFile(dir_.Join("statement"), "Synthetic statement W.\n");
  std::string id = Ok("field", {"witness", "add", "--incident", incident_, "--person",
                                witness, "--relation", "eyewitness", "--date",
                                "2020-02-23", "--statement-file", dir_.Join("statement"),
                                "--consent", "store,share_with_hq", "--consent-method",
                                "written"});
  auto handoff = [&](std::vector<std::string> more) {
    std::vector<std::string> args = {"export", "--to", dir_.Join("usb")};
    args.insert(args.end(), more.begin(), more.end());
    std::string bundle = Json("field", args)["file"];
    return Json("hq", {"import", bundle});
  };
  handoff({});
  ASSERT_NE(Json("hq", {"person", "show", witness}).dump().find("SYNTHETIC-CONTACT"),
            std::string::npos);
  Ok("field", {"witness", "consent", id, "--withdraw", "share_with_hq", "--date",
               "2020-03-01"});
  // --since-last: the witness's person record did not change, but the
  // account naming them did.
  handoff({});
  EXPECT_EQ(Json("hq", {"person", "show", witness}).dump().find("SYNTHETIC-CONTACT"),
            std::string::npos);
  json account = Json("hq", {"witness", "show", id});
  EXPECT_EQ(account["statement"], "withheld");
  EXPECT_EQ(account["witness_person_id"], witness);
  // HQ exports everything to a second monitor: no witness of monitor-7's.
  Ok("hq", {"recipients", "add", "monitor-b", dir_.Join("field.pub.age")});
  std::filesystem::create_directories(dir_.Join("to-b"));
  json sent = Json("hq", {"export", "--to", dir_.Join("to-b"), "--recipient",
                          "monitor-b", "--all"});
  EXPECT_EQ(sent["record_counts"].value("witness_account", 0), 0) << sent.dump();
  EXPECT_EQ(sent["left_out"]["witness_account_of_other_vault"], 1) << sent.dump();
  EXPECT_EQ(sent["left_out"]["witness_person_of_other_vault"], 1) << sent.dump();
}

TEST_F(EditCommandsTest, ARegrantedWitnessReachesHqWholeWithoutAConflict) {
  Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  std::string witness = Ok("field", {"person", "add", "--name", "Witness Synthetic-R",
                                     "--notes-file", "-"},
                           "phone SYNTHETIC-CONTACT-1\n");
  WriteFile(dir_.Join("statement"), "Synthetic statement R.\n");
  std::string id = Ok("field", {"witness", "add", "--incident", incident_, "--person",
                                witness, "--relation", "eyewitness", "--date",
                                "2020-02-23", "--statement-file", dir_.Join("statement"),
                                "--consent", "store,share_with_hq", "--consent-method",
                                "written"});
  auto handoff = [&] {
    std::string bundle = Json("field", {"export", "--to", dir_.Join("usb")})["file"];
    return Json("hq", {"import", bundle});
  };
  handoff();
  Ok("field", {"witness", "consent", id, "--withdraw", "share_with_hq", "--date",
               "2020-03-01"});
  handoff();
  ASSERT_EQ(Json("hq", {"person", "show", witness}).dump().find("SYNTHETIC-CONTACT"),
            std::string::npos);
  Ok("field", {"witness", "consent", id, "--grant", "share_with_hq", "--date",
               "2020-03-05", "--method", "written"});
  Ok("field", {"person", "edit", witness, "--notes-file", "-"},
     "phone SYNTHETIC-CONTACT-2\n");
  json imported = handoff();
  EXPECT_EQ(Json("hq", {"conflicts", "list"}).size(), 0u) << imported.dump();
  json person = Json("hq", {"person", "show", witness});
  EXPECT_NE(person.dump().find("SYNTHETIC-CONTACT-2"), std::string::npos) << person.dump();
  EXPECT_NE(person.dump().find("Witness Synthetic-R"), std::string::npos) << person.dump();
  EXPECT_EQ(Json("hq", {"witness", "show", id})["statement"], "Synthetic statement R.\n");
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
  ExpectRefused("field", {"witness", "edit", id, "--consent", "publish_named"},
                "fieldvault witness consent ID");
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

// `source show` aligns a second link under the first, in the column of
// every other value.
TEST_F(EditCommandsTest, SourceShowAlignsItsLinks) {
  std::string id = Ok("field", {"source", "add", "--type", "document",
                                "--title", "Synthetic ruling", "--link",
                                "https://example.org/synthetic-1", "--link",
                                "https://example.org/synthetic-2"});
  std::string shown = Ok("field", {"source", "show", id});
  const size_t first = shown.find("https://example.org/synthetic-1");
  const size_t second = shown.find("https://example.org/synthetic-2");
  const size_t title = shown.find("Synthetic ruling");
  ASSERT_NE(second, std::string::npos) << shown;
  auto column = [&](size_t at) { return at - shown.rfind('\n', at) - 1; };
  EXPECT_EQ(column(second), column(first)) << shown;
  EXPECT_EQ(column(first), column(title)) << shown;
  EXPECT_EQ(shown.substr(shown.rfind('\n', second) + 1, column(second)),
            std::string(column(second), ' ')) << shown;
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
  EXPECT_NE(refused.err.find("the person still has 1 detention, 1 witness "
                             "account they gave, 1 person merged into them"),
            std::string::npos)
      << refused.err;
  // The hint shows how to find each of them.
  for (const std::string& words :
       {"fieldvault detention list --person " + person_.substr(0, 8),
       "give the account " + account.substr(0, 8) + " a pseudonym",
       "undo the merge of " + twin.substr(0, 8)}) {
    EXPECT_NE(refused.err.find(words), std::string::npos) << refused.err;
  }
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

// `edit` without an option changes nothing, and says so instead of
// "Saved ... (version 1)".
TEST_F(EditCommandsTest, EditWithoutAnOptionIsAUsageError) {
  std::string id = AddDetention();
  for (const auto& [command, target] :
       {std::pair<std::string, std::string>{"detention", id},
        {"incident", incident_}, {"person", person_}}) {
    CliResult out = In("field", {command, "edit", target.substr(0, 8)});
    EXPECT_EQ(out.exit_code, 2) << command;
    EXPECT_NE(out.err.find("nothing was changed"), std::string::npos) << out.err;
    EXPECT_NE(out.err.find("fieldvault " + command + " edit --help"),
              std::string::npos) << out.err;
    EXPECT_EQ(out.err.find("Saved"), std::string::npos) << out.err;
    EXPECT_EQ(Json("field", {command, "show", target})["version"], 1);
  }
  CliResult json_only = In("field", {"detention", "edit", id, "--json"});
  EXPECT_EQ(json_only.exit_code, 2) << json_only.err;
}

TEST_F(EditCommandsTest, AnEmptyPseudonymSaysTheAccountNeedsAWitness) {
  std::string id = AddAccount();
  CliResult out = In("field", {"witness", "edit", id, "--pseudonym", ""});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("would have neither"), std::string::npos) << out.err;
  EXPECT_EQ(out.err.find("not both"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("--person ID"), std::string::npos) << out.err;
  EXPECT_EQ(Json("field", {"witness", "show", id})["witness_pseudonym"],
            "Witness Synthetic-E");
}

// A deleted record is "deleted", not "not in this vault", and messages
// name record types as the commands do.
TEST_F(EditCommandsTest, DeletedRecordsAreCalledDeleted) {
  std::string gone = Ok("field", {"person", "add", "--name", "Testov Synthetic-E2"});
  Ok("field", {"person", "delete", gone});
  CliResult out = In("field", {"detention", "add", "--person", gone.substr(0, 8),
                               "--incident", incident_});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("the person " + gone + " was deleted"),
            std::string::npos) << out.err;
  EXPECT_EQ(out.err.find("not in this vault"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("fieldvault person list --deleted"), std::string::npos)
      << out.err;
  EXPECT_TRUE(Json("field", {"detention", "list"}).empty());

  std::string account = AddAccount();
  Ok("field", {"witness", "delete", account});
  out = In("field", {"witness", "delete", account});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.err.find("the witness account " + account + " is already deleted"),
            std::string::npos) << out.err;
  EXPECT_EQ(out.err.find("witness_account"), std::string::npos) << out.err;
  out = In("field", {"witness", "edit", account, "--language", "ru"});
  EXPECT_NE(out.err.find("the witness account " + account + " was deleted"),
            std::string::npos) << out.err;
  EXPECT_NE(out.err.find("fieldvault witness show ID --history"),
            std::string::npos) << out.err;
}

// Ids are hex: one typed in capitals finds the record, wherever an id is
// taken.
TEST_F(EditCommandsTest, UpperCaseIdsAreAccepted) {
  std::string id = AddDetention({"--case-number", "SYN-7/2020"});
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  ASSERT_NE(upper, id);  // the id holds a letter
  EXPECT_EQ(Json("field", {"detention", "show", upper})["id"], id);
  Ok("field", {"detention", "edit", upper, "--court", "Synthetic Court"});
  std::string incident_upper = incident_;
  for (char& c : incident_upper) c = static_cast<char>(std::toupper(c));
  EXPECT_EQ(Json("field", {"detention", "list", "--incident",
                           incident_upper.substr(0, 8)}).size(), 1u);
}

// A deleted detention's photo does not leave (its tombstone does), and the
// export report says by id what stayed home, never by name or content.
TEST_F(EditCommandsTest, TheExportReportNamesWhatStayedHomeById) {
  std::string detention = AddDetention();
  WriteFile(dir_.Join("photo"), "synthetic photo of a withdrawn detention");
  Ok("field", {"attach", "add", dir_.Join("photo"), "--detention", detention});
  json files = Json("field", {"attach", "list", "--detention", detention});
  ASSERT_EQ(files.size(), 1u);
  const std::string photo = files[0]["id"];
  Ok("field", {"detention", "delete", detention});
  std::string account = AddAccount();  // no consent to share with HQ

  CliResult exported = In("field", {"export", "--to", dir_.Join("usb")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("Left out, by id:"), std::string::npos) << exported.out;
  EXPECT_NE(exported.out.find("attachment_of_deleted_record: " + photo.substr(0, 8)),
            std::string::npos) << exported.out;
  EXPECT_NE(exported.out.find("witness_account: " + account.substr(0, 8)),
            std::string::npos) << exported.out;
  EXPECT_EQ(exported.out.find("Synthetic statement"), std::string::npos);
  EXPECT_EQ(exported.out.find("Witness Synthetic-E"), std::string::npos);

  // The bundle, opened with standard tools, has the tombstone, not the photo.
  std::string bundle;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Join("usb"))) {
    bundle = entry.path().string();
  }
  Ok("hq", {"id", "export-age-identity", dir_.Join("hq.key"), "--yes"});
  CliResult listed = RunProgram(
      "sh", {"-c", "age -d -i \"$1\" \"$2\" | tar -t", "sh", dir_.Join("hq.key"), bundle});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("records/detention.jsonl"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("attachments/" + photo), std::string::npos) << listed.out;
  CliResult detentions = RunProgram(
      "sh", {"-c", "age -d -i \"$1\" \"$2\" | tar -xO records/detention.jsonl", "sh",
             dir_.Join("hq.key"), bundle});
  ASSERT_EQ(detentions.exit_code, 0) << detentions.err;
  EXPECT_NE(detentions.out.find(detention), std::string::npos) << detentions.out;
  EXPECT_NE(detentions.out.find("\"deleted\":true"), std::string::npos) << detentions.out;
}

// An edit that changes nothing (a spelling the person does not have, an
// unmerge of a person who is not merged) writes no version and says so,
// with a warning naming the option; a birth date in the future is refused.
TEST_F(EditCommandsTest, AnEditThatChangesNothingSaysSo) {
  std::string person = Ok("field", {"person", "add", "--name", "Synthetic Person-N"});
  CliResult remove = In("field", {"person", "edit", person, "--remove-name",
                                  "Synthetic Nobody"});
  EXPECT_EQ(remove.exit_code, 0) << remove.err;
  EXPECT_NE(remove.err.find("Nothing changed in person " + person.substr(0, 8) +
                            " (version 1)"),
            std::string::npos) << remove.err;
  EXPECT_NE(remove.err.find("warning: the person has no spelling written exactly"),
            std::string::npos) << remove.err;
  EXPECT_EQ(remove.err.find("Saved"), std::string::npos) << remove.err;
  CliResult unmerge = In("field", {"person", "edit", person, "--unmerge"});
  EXPECT_EQ(unmerge.exit_code, 0) << unmerge.err;
  EXPECT_NE(unmerge.err.find("warning: the person is not merged into another"),
            std::string::npos) << unmerge.err;
  EXPECT_NE(unmerge.err.find("Nothing changed in person"), std::string::npos) << unmerge.err;
  EXPECT_EQ(nlohmann::json::parse(Ok("field", {"person", "show", person, "--json"}))
                ["version"], 1);
  CliResult saved = In("field", {"person", "edit", person, "--sex", "female"});
  EXPECT_NE(saved.err.find("Saved person " + person.substr(0, 8) + " (version 2)"),
            std::string::npos) << saved.err;

  CliResult future = In("field", {"person", "edit", person, "--birth", "2999"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("--birth 2999 is in the future"), std::string::npos)
      << future.err;
  EXPECT_EQ(In("field", {"person", "add", "--name", "Synthetic Person-F", "--birth",
                         "2999-01-02"}).exit_code, 2);
  EXPECT_EQ(In("field", {"person", "edit", person, "--birth", "1990-05"}).exit_code, 0);
}

// `--passphrase-file -` is not standard input (docs/cli.md): said so, with
// how to hand a passphrase over through a descriptor instead.
TEST_F(EditCommandsTest, PassphraseFileDashSaysHowToUseADescriptor) {
  CliResult dash = RunFieldvault({"status", "--vault", dir_.Join("field"),
                                  "--passphrase-file", "-"},
                                 "synthetic monitor passphrase\n");
  EXPECT_EQ(dash.exit_code, 2);
  EXPECT_NE(dash.err.find("--passphrase-file - is not supported"), std::string::npos)
      << dash.err;
  EXPECT_NE(dash.err.find("hint: name a descriptor instead: --passphrase-file /dev/fd/3"),
            std::string::npos) << dash.err;
  CliResult stdin_path = RunFieldvault({"status", "--vault", dir_.Join("field"),
                                        "--passphrase-file", "/dev/stdin"},
                                       "synthetic monitor passphrase\n");
  EXPECT_EQ(stdin_path.exit_code, 0) << stdin_path.err;
}

}  // namespace
}  // namespace fieldvault::testing
