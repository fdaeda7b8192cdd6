// CLI tests of `conflicts list|resolve`: a field vault and an HQ vault
// both change the same incident, HQ imports the field's version through a
// real bundle, and a person resolves the conflict. All text is synthetic.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/cli/field_hq_fixture.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

class ConflictCommandsTest : public FieldAndHqTest {
 protected:
  void SetUp() override {
    FieldAndHqTest::SetUp();
    Ok("hq", {"signers", "trust", "monitor-7", dir_.Join("field.pub")});
  }
  json Json(const std::string& vault, std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(vault, std::move(args)), nullptr, false);
  }
  // Exports the field vault and imports the bundle at HQ.
  json Handoff() {
    std::string bundle =
        Json("field", {"export", "--to", dir_.Join("usb")})["file"];
    return Json("hq", {"import", bundle});
  }
  // An incident HQ received, then changed on both sides to version 2.
  // Returns the incident's id.
  std::string EditOnBothSides() {
    std::string id = Ok("field", {"incident", "add", "--title",
                                  "Synthetic arrests", "--start", "2020-02-22",
                                  "--country", "KZ"});
    Handoff();
    Ok("field", {"incident", "edit", id, "--title", "Synthetic arrests (field)"});
    Ok("hq", {"incident", "edit", id, "--title", "Synthetic arrests (HQ)"});
    return id;
  }
  // HQ's copy of EditOnBothSides() then meeting the field's: one
  // conflict. Returns the incident's id; `bundle_id`, if given, receives
  // the id of the bundle that brought the conflicting copy.
  std::string Conflict(std::string* bundle_id = nullptr) {
    std::string id = EditOnBothSides();
    json imported = Handoff();
    EXPECT_EQ(imported["import_outcomes"]["incident"]["conflict"], 1)
        << imported.dump();
    if (bundle_id != nullptr) *bundle_id = imported.value("bundle_id", "");
    return id;
  }
};

TEST_F(ConflictCommandsTest, ListShowsBothVersionsAndResolveKeepsTheOther) {
  std::string bundle;
  std::string id = Conflict(&bundle);
  ASSERT_EQ(bundle.size(), 36u);
  std::string table = Ok("hq", {"conflicts", "list"});
  EXPECT_NE(table.find("incident " + id.substr(0, 8)), std::string::npos)
      << table;
  EXPECT_NE(table.find("title"), std::string::npos);
  // Who sent the received copy and in which bundle, readable: the signer's
  // label and the short bundle id, as `received` and `log` show them.
  EXPECT_NE(table.find("BUNDLE"), std::string::npos) << table;
  EXPECT_NE(table.find("  monitor-7  " + bundle.substr(0, 8) + "  "),
            std::string::npos)
      << table;
  json conflicts = Json("hq", {"conflicts", "list"});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0]["bundle_id"], bundle);
  // The key id stays in --json; the table keeps to the label.
  const std::string key_id = conflicts[0]["signer"];
  ASSERT_FALSE(key_id.empty());
  EXPECT_EQ(table.find(key_id), std::string::npos) << table;
  EXPECT_EQ(conflicts[0]["version"], 2);
  EXPECT_EQ(conflicts[0]["received"]["title"], "Synthetic arrests (field)");
  EXPECT_EQ(conflicts[0]["stored"]["title"], "Synthetic arrests (HQ)");
  // Import applied nothing.
  EXPECT_EQ(Json("hq", {"incident", "show", id})["title"],
            "Synthetic arrests (HQ)");

  const std::string number = std::to_string(conflicts[0]["conflict_id"].get<int>());
  CliResult bad = In("hq", {"conflicts", "resolve", number, "--keep", "both"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--keep takes stored or received"), std::string::npos);
  EXPECT_EQ(In("hq", {"conflicts", "resolve", number}).exit_code, 2);
  CliResult not_a_number =
      In("hq", {"conflicts", "resolve", "incident", "--keep", "stored"});
  EXPECT_EQ(not_a_number.exit_code, 2);
  EXPECT_NE(not_a_number.err.find("the conflict's number"), std::string::npos);

  std::string resolved =
      Ok("hq", {"conflicts", "resolve", number, "--keep", "received"});
  // Version 4: the field's two edits and HQ's one, and the resolution.
  EXPECT_NE(resolved.find("kept the received version as version 4; the "
                          "stored one is version 2 in its history"),
            std::string::npos)
      << resolved;
  json incident = Json("hq", {"incident", "show", id});
  EXPECT_EQ(incident["title"], "Synthetic arrests (field)");
  EXPECT_EQ(incident["version"], 4);
  json history = Json("hq", {"incident", "show", id, "--history"});
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1]["title"], "Synthetic arrests (HQ)");
  EXPECT_NE(Ok("hq", {"log"}).find("resolved"), std::string::npos);
  EXPECT_EQ(Ok("hq", {"conflicts", "list"}), "No open conflicts.");
  CliResult again =
      In("hq", {"conflicts", "resolve", number, "--keep", "stored"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("no open conflict"), std::string::npos);
}

TEST_F(ConflictCommandsTest, ImportPointsToConflictsAndTheLogNamesTheBundle) {
  std::string id = EditOnBothSides();
  json sent = Json("field", {"export", "--to", dir_.Join("usb")});
  const std::string bundle = sent["bundle_id"];
  std::string report = Ok("hq", {"import", sent["file"]});
  EXPECT_NE(report.find("incident: conflict 1"), std::string::npos) << report;
  EXPECT_NE(report.find("conflicts set aside, not applied: 1"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("`fieldvault conflicts list`"), std::string::npos);
  EXPECT_NE(report.find("`fieldvault conflicts resolve ID --keep "
                        "stored|received`"),
            std::string::npos);
  // An import without conflicts says nothing of them.
  Ok("field", {"incident", "add", "--title", "Synthetic second", "--start",
               "2020-02-23", "--country", "KZ"});
  sent = Json("field", {"export", "--to", dir_.Join("usb")});
  EXPECT_EQ(Ok("hq", {"import", sent["file"]}).find("conflicts"),
            std::string::npos);

  EXPECT_EQ(Json("hq", {"conflicts", "list"})[0]["bundle_id"], bundle);
  json resolved = Json("hq", {"conflicts", "resolve", "1", "--keep", "stored"});
  EXPECT_EQ(resolved["bundle_id"], bundle);
  json log = Json("hq", {"log"});
  const json& event = log.back();
  EXPECT_EQ(event["action"], "resolved");
  EXPECT_EQ(event["record_id"], id);
  EXPECT_EQ(event["bundle_id"], bundle);
  EXPECT_NE(event["detail"].get<std::string>().find("copy from monitor-7 ("),
            std::string::npos)
      << event.dump();
  EXPECT_NE(Ok("hq", {"log"}).find("bundle " + bundle.substr(0, 8)),
            std::string::npos);
}

// `import --json` names the conflicts it set aside, with the numbers
// `conflicts resolve` takes, so a script needs no second listing; an
// import without conflicts gives an empty list.
TEST_F(ConflictCommandsTest, ImportJsonListsTheConflictsItSetAside) {
  std::string id = EditOnBothSides();
  json sent = Json("field", {"export", "--to", dir_.Join("usb")});
  json imported = Json("hq", {"import", sent["file"]});
  ASSERT_TRUE(imported["conflicts"].is_array()) << imported.dump();
  ASSERT_EQ(imported["conflicts"].size(), 1u) << imported.dump();
  const json conflict = imported["conflicts"][0];
  EXPECT_EQ(conflict["record_type"], "incident");
  EXPECT_EQ(conflict["record_id"], id);
  EXPECT_EQ(conflict["version"], 2);
  EXPECT_EQ(conflict["conflict_id"],
            Json("hq", {"conflicts", "list"})[0]["conflict_id"]);

  // Only this import's conflicts: a later import without any lists none,
  // even while the older conflict is still open.
  Ok("field", {"incident", "add", "--title", "Synthetic second", "--start",
               "2020-02-23", "--country", "KZ"});
  sent = Json("field", {"export", "--to", dir_.Join("usb")});
  imported = Json("hq", {"import", sent["file"]});
  ASSERT_TRUE(imported["conflicts"].is_array()) << imported.dump();
  EXPECT_TRUE(imported["conflicts"].empty()) << imported.dump();
  ASSERT_EQ(Json("hq", {"conflicts", "list"}).size(), 1u);
  json resolved =
      Json("hq", {"conflicts", "resolve",
                  std::to_string(conflict["conflict_id"].get<int>()),
                  "--keep", "received"});
  EXPECT_EQ(resolved["record_id"], id);
}

// The monitor edits twice while HQ edits once: the monitor's copy has the
// higher version number but not HQ's edit, which must not be lost.
TEST_F(ConflictCommandsTest, AHigherVersionWithoutHqsEditIsAConflict) {
  std::string id = EditOnBothSides();
  Ok("field", {"incident", "edit", id, "--title", "Synthetic arrests (field, again)"});
  json imported = Handoff();
  EXPECT_EQ(imported["import_outcomes"]["incident"]["conflict"], 1)
      << imported.dump();
  EXPECT_EQ(Json("hq", {"incident", "show", id})["title"],
            "Synthetic arrests (HQ)");
  json conflicts = Json("hq", {"conflicts", "list"});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0]["version"], 3);
  EXPECT_EQ(conflicts[0]["received"]["edits"].size(), 1u);
  EXPECT_EQ(conflicts[0]["stored"]["edits"].size(), 2u);
  // A later edit here: the differences stay those with the version the
  // copy conflicted with.
  Ok("hq", {"incident", "edit", id, "--end", "2020-02-23"});
  conflicts = Json("hq", {"conflicts", "list"});
  EXPECT_EQ(conflicts[0]["stored_version"], 2);
  EXPECT_EQ(conflicts[0]["current_version"], 3);
  EXPECT_EQ(conflicts[0]["stored"]["title"], "Synthetic arrests (HQ)");
  EXPECT_EQ(conflicts[0]["differs"],
            json({"edits", "title", "updated_at", "version"}));
}

TEST_F(ConflictCommandsTest, KeepStoredAndHelp) {
  std::string id = Conflict();
  json conflicts = Json("hq", {"conflicts", "list"});
  ASSERT_EQ(conflicts.size(), 1u);
  json resolved = Json("hq", {"conflicts", "resolve",
                              std::to_string(conflicts[0]["conflict_id"].get<int>()),
                              "--keep", "stored"});
  EXPECT_EQ(resolved["kept"], "stored");
  EXPECT_EQ(resolved["version"], 4);
  EXPECT_EQ(Json("hq", {"incident", "show", id})["title"],
            "Synthetic arrests (HQ)");
  // Every version stays: the field's, the received copy set aside, and
  // HQ's own version 2, whose content lives on as version 4.
  json history = Json("hq", {"incident", "show", id, "--history"});
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[1]["title"], "Synthetic arrests (HQ)");
  EXPECT_EQ(history[1]["provenance"]["written"], "edited");
  EXPECT_EQ(history[2]["title"], "Synthetic arrests (field)");
  EXPECT_EQ(history[2]["provenance"]["written"], "received");
  EXPECT_EQ(history[3]["provenance"]["written"], "resolved");
  EXPECT_EQ(RunFieldvault({"conflicts", "--help"}).exit_code, 0);
  EXPECT_EQ(RunFieldvault({"conflicts"}).exit_code, 2);
  CliResult help = RunFieldvault({"conflicts", "resolve", "--help"});
  EXPECT_NE(help.out.find("--keep"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::testing
