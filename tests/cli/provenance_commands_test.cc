// CLI tests of who changed whose records: `show --history` names how each
// version came into the vault (written here, or received from which
// signer in which bundle), and verify/import report a monitor's changes
// to records another vault first recorded, holding its deletions of them
// as conflicts. HQ and a field vault exchange real bundles. All text is
// synthetic.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

class ProvenanceCommandsTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
    Ok("field", {"signers", "trust", "hq", dir_.Join("hq.pub")});
    Ok("hq", {"recipients", "add", "monitor-7", dir_.Join("field.pub.age")});
  }
  json Json(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(vault, std::move(args)), nullptr, false);
  }
  // A bundle from `from` to the other vault; its path.
  std::string Export(const std::string& from) {
    std::vector<std::string> args = {"export", "--to", dir_.Join("usb")};
    if (from == "hq") args.insert(args.end(), {"--recipient", "monitor-7"});
    return Json(from, args)["file"];
  }
  // HQ records an incident and a person and sends them to the field; the
  // field edits the incident and deletes the person, and records an
  // incident of its own. Returns the field's bundle of all that.
  std::string FieldChangesHqRecords() {
    hq_incident_ = Ok("hq", {"incident", "add", "--title", "Synthetic HQ incident",
                             "--start", "2020-02-22", "--country", "KZ"});
    hq_person_ = Ok("hq", {"person", "add", "--name", "Testova Sintetika"});
    Ok("field", {"import", Export("hq")});
    Ok("field", {"incident", "edit", hq_incident_, "--title",
                 "Synthetic HQ incident (corrected in the field)"});
    Ok("field", {"person", "delete", hq_person_});
    field_incident_ = Ok("field", {"incident", "add", "--title", "Synthetic field incident",
                                   "--start", "2020-02-23", "--country", "KZ"});
    return Export("field");
  }

  std::string hq_incident_, hq_person_, field_incident_;
};

TEST_F(ProvenanceCommandsTest, VerifyAndImportReportChangesToAnotherVaultsRecords) {
  const std::string bundle = FieldChangesHqRecords();
  CliResult verified = In("hq", {"verify", bundle});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("This bundle changes 2 records first recorded by a vault "
                              "other than the sender's: 1 incident, 1 person; deletes 1 "
                              "of them; 1 held for review as conflicts, not applied "
                              "(when imported)"),
            std::string::npos)
      << verified.out;
  EXPECT_NE(verified.out.find("first recorded by this vault"), std::string::npos);
  json preview = Json("hq", {"verify", bundle})["others_records"];
  EXPECT_EQ(preview["changed"], 2);
  EXPECT_EQ(preview["deletions"], 1);
  EXPECT_EQ(preview["held"], 1);
  EXPECT_EQ(preview["by_type"]["incident"], 1);

  json imported = Json("hq", {"import", bundle});
  EXPECT_EQ(imported["import_outcomes"]["person"]["deletion held"], 1) << imported.dump();
  EXPECT_EQ(imported["import_outcomes"]["incident"]["updated"], 1);
  EXPECT_EQ(imported["import_outcomes"]["incident"]["inserted"], 1);
  EXPECT_EQ(imported["others_records"], preview);  // verify said what import did
  ASSERT_EQ(imported["conflicts"].size(), 1u);
  EXPECT_EQ(imported["conflicts"][0]["record_id"], hq_person_);
  // Verified again once imported: what it did is done, nothing to preview.
  EXPECT_EQ(Json("hq", {"verify", bundle})["others_records"]["changed"], 0);
  // The edit applied; the deletion did not.
  EXPECT_EQ(Json("hq", {"incident", "show", hq_incident_})["title"],
            "Synthetic HQ incident (corrected in the field)");
  EXPECT_EQ(Json("hq", {"person", "show", hq_person_})["deleted"], false);
  const std::string log = Ok("hq", {"log"});
  EXPECT_NE(log.find("changed others' records"), std::string::npos) << log;
  EXPECT_NE(log.find("deletion held"), std::string::npos) << log;
  EXPECT_NE(log.find("deleted by monitor-7"), std::string::npos) << log;

  const std::string table = Ok("hq", {"conflicts", "list"});
  EXPECT_NE(table.find("deletion held"), std::string::npos) << table;
  json conflicts = Json("hq", {"conflicts", "list"});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0]["reason"], "deletes a record its sender did not first record");
  const std::string number = std::to_string(conflicts[0]["conflict_id"].get<int>());
  Ok("hq", {"conflicts", "resolve", number, "--keep", "received"});
  EXPECT_EQ(Json("hq", {"person", "show", hq_person_})["deleted"], true);
}

TEST_F(ProvenanceCommandsTest, ASignerDeletingItsOwnRecordsIsApplied) {
  Ok("hq", {"import", FieldChangesHqRecords()});
  Ok("field", {"incident", "delete", field_incident_});
  CliResult imported = In("hq", {"import", Export("field")});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out.find("did not first record"), std::string::npos)
      << imported.out;
  EXPECT_EQ(Json("hq", {"incident", "show", field_incident_})["deleted"], true);
}

TEST_F(ProvenanceCommandsTest, HistorySaysHowEachVersionCameHere) {
  const std::string bundle = FieldChangesHqRecords();
  json report = Json("hq", {"import", bundle});
  const std::string bundle_id = report["bundle_id"];
  const std::string key_id = report["sender"]["key_id"];
  json history = Json("hq", {"incident", "show", hq_incident_, "--history"});
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["title"], "Synthetic HQ incident");  // still the record's JSON
  EXPECT_EQ(history[0]["provenance"]["written"], "created");
  EXPECT_EQ(history[0]["provenance"]["here"], true);
  EXPECT_EQ(history[1]["provenance"]["written"], "received");
  EXPECT_EQ(history[1]["provenance"]["here"], false);
  EXPECT_EQ(history[1]["provenance"]["bundle_id"], bundle_id);
  EXPECT_EQ(history[1]["provenance"]["signer_label"], "monitor-7");
  EXPECT_EQ(history[1]["provenance"]["signer_key_id"], key_id);
  EXPECT_EQ(history[1]["provenance"]["sequence"], 1);
  const std::string table = Ok("hq", {"incident", "show", hq_incident_, "--history"});
  EXPECT_NE(table.find("created here"), std::string::npos) << table;
  EXPECT_NE(table.find("received from monitor-7 (" + key_id + "), bundle " +
                       bundle_id.substr(0, 8) + " (sequence 1)"),
            std::string::npos)
      << table;
  // At the field: HQ's version as received from HQ, then the field's edit.
  const std::string field = Ok("field", {"incident", "show", hq_incident_, "--history"});
  EXPECT_NE(field.find("received from hq ("), std::string::npos) << field;
  EXPECT_NE(field.find("edited here"), std::string::npos) << field;

  // A resolved conflict names the bundle whose copy it decided.
  json conflicts = Json("hq", {"conflicts", "list"});
  ASSERT_EQ(conflicts.size(), 1u);
  Ok("hq", {"conflicts", "resolve",
            std::to_string(conflicts[0]["conflict_id"].get<int>()), "--keep", "stored"});
  json person = Json("hq", {"person", "show", hq_person_, "--history"});
  ASSERT_EQ(person.size(), 3u);
  EXPECT_EQ(person[1]["deleted"], true);  // the held tombstone, kept
  EXPECT_EQ(person[1]["provenance"]["written"], "received");
  EXPECT_EQ(person[2]["provenance"]["written"], "resolved");
  EXPECT_EQ(person[2]["provenance"]["bundle_id"], bundle_id);
  EXPECT_EQ(person[2]["deleted"], false);
}

}  // namespace
}  // namespace fieldvault::testing
