// CLI tests of the record commands (incident, person, detention, witness,
// source, report, vocab) through the real binary, against a temporary
// vault with a low KDF cost. Every name and text is synthetic.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

class RecordsCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
    CliResult init = RunFieldvault({"init", "--vault", vault(),
                                    "--passphrase-file", pass_file(),
                                    "--kdf-memory", "1", "--kdf-passes", "1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }

  // Runs `args` with the vault options added.
  CliResult Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.end(), {"--vault", vault(), "--passphrase-file",
                             pass_file()});
    return RunFieldvault(args, input);
  }
  // Runs a command that must succeed and returns its stdout, trimmed.
  std::string Ok(std::vector<std::string> args,
                 const std::string& input = "") {
    CliResult result = Run(std::move(args), input);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  json Json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(std::move(args)), nullptr, false);
  }
  std::string AddIncident() {
    return Ok({"incident", "add", "--title", "Synthetic protest arrests",
               "--start", "2020-02-22", "--admin-area", "Almaty", "--country",
               "KZ", "--violation", "arbitrary_detention,freedom_of_assembly",
               "--description-file", "-"},
              "Synthetic description of a peaceful protest.\n");
  }
  std::string AddPerson(const std::string& name) {
    return Ok({"person", "add", "--name", name, "--birth", "1990"});
  }

  TempDir dir_;
};

TEST_F(RecordsCommandsTest, IncidentLifecycle) {
  std::string id = AddIncident();
  ASSERT_EQ(id.size(), 36u);
  std::string list = Ok({"incident", "list"});
  EXPECT_NE(list.find(id.substr(0, 8)), std::string::npos);
  EXPECT_NE(list.find("Synthetic protest arrests"), std::string::npos);
  json shown = Json({"incident", "show", id.substr(0, 8)});
  EXPECT_EQ(shown["description"],
            "Synthetic description of a peaceful protest.\n");
  EXPECT_EQ(shown["violation_types"].size(), 2u);
  Ok({"incident", "edit", id.substr(0, 8), "--end", "2020-02-23"});
  EXPECT_EQ(Json({"incident", "show", id})["version"], 2);
  json history = Json({"incident", "show", id, "--history"});
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["end_date"]["value"], "");
  CliResult bad = Run({"incident", "edit", id, "--country", "XX"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("fieldvault: error: incident: country"),
            std::string::npos);
  EXPECT_NE(bad.err.find("fieldvault: hint:"), std::string::npos);
  EXPECT_NE(Ok({"incident", "delete", id}).find("Deleted incident"),
            std::string::npos);
  EXPECT_TRUE(Json({"incident", "list"}).empty());
  EXPECT_EQ(Json({"incident", "list", "--deleted"})[0]["deleted"], true);
}

TEST_F(RecordsCommandsTest, IncidentDeleteAsksBeforeDeletingItsRecords) {
  std::string incident = AddIncident();
  std::string person = AddPerson("Testov Synthetic-01");
  Ok({"detention", "add", "--person", person, "--incident", incident});
  CliResult refused = Run({"incident", "delete", incident});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--with-records"), std::string::npos);
  EXPECT_EQ(Json({"incident", "list"}).size(), 1u);
  EXPECT_EQ(Ok({"incident", "delete", incident, "--with-records"}),
            "Deleted incident " + incident.substr(0, 8) +
                " and 1 of its records (kept as tombstones)");
  EXPECT_TRUE(Json({"detention", "list"}).empty());
}

// `incident delete` is the shared delete of every record type: the same
// words for one tombstone, the same refusal of a second delete.
TEST_F(RecordsCommandsTest, IncidentDeleteSpeaksLikeTheOtherDeletes) {
  std::string incident = AddIncident();
  EXPECT_EQ(Ok({"incident", "delete", incident.substr(0, 8)}),
            "Deleted incident " + incident.substr(0, 8) +
                " (kept as a tombstone)");
  CliResult again = Run({"incident", "delete", incident});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("is already deleted"), std::string::npos) << again.err;
  EXPECT_EQ(Json({"incident", "show", incident, "--history"}).size(), 2u);
  CliResult help = RunFieldvault({"incident", "delete", "--help"});
  EXPECT_NE(help.out.find("--with-records"), std::string::npos) << help.out;
}

TEST_F(RecordsCommandsTest, PersonsNamesAndMerges) {
  std::string a = Ok({"person", "add", "--name", "Тестов Синтетик", "--name",
                      "Testov Sintetik", "--name-language", "ru", "--sex",
                      "male", "--affiliation", "Synthetic Party, youth wing"});
  json person = Json({"person", "show", a});
  ASSERT_EQ(person["names"].size(), 2u);
  EXPECT_EQ(person["names"][0]["script"], "Cyrl");
  EXPECT_EQ(person["names"][1]["match_key"], "testov sintetik");
  EXPECT_EQ(person["affiliations"][0], "Synthetic Party, youth wing");
  std::string b = AddPerson("Testov Sintetik");
  Ok({"person", "edit", b, "--merged-into", a.substr(0, 8)});
  EXPECT_NE(Ok({"person", "list"}).find("merged into " + a.substr(0, 8)),
            std::string::npos);
  Ok({"person", "edit", b, "--unmerge", "--name", "Testov S."});
  json edited = Json({"person", "show", b});
  EXPECT_EQ(edited["merged_into"], "");
  EXPECT_EQ(edited["names"].size(), 2u);
  EXPECT_EQ(edited["version"], 3);
  EXPECT_EQ(Run({"person", "add", "--name", "---"}).exit_code, 2);
  std::string group = Ok({"person", "add", "--name", "Synthetic marchers",
                          "--group", "--size", "40"});
  EXPECT_EQ(Json({"person", "show", group})["group_size"], 40);
}

TEST_F(RecordsCommandsTest, DetentionStatusHistory) {
  std::string incident = AddIncident();
  std::string person = AddPerson("Testova Synthetic-02");
  std::string source = Ok({"source", "add", "--type", "document", "--title",
                           "Synthetic court ruling", "--date", "2020-02-23",
                           "--link", "https://example.org/synthetic"});
  std::string id = Ok({"detention", "add", "--person", person.substr(0, 8),
                       "--incident", incident.substr(0, 8), "--detained-at",
                       "2020-02-22T12:10", "--status",
                       "administrative_detention", "--days", "15", "--source",
                       source.substr(0, 8), "--article", "488", "--code",
                       "Code of Administrative Offences"});
  Ok({"detention", "status", id, "--status", "released", "--status-date",
      "2020-03-08", "--source-note", "family"});
  json d = Json({"detention", "show", id});
  ASSERT_EQ(d["status_history"].size(), 2u);
  EXPECT_EQ(d["status_history"][0]["days"], 15);
  EXPECT_EQ(d["status_history"][0]["source_id"], source);
  EXPECT_EQ(d["status_history"][1]["status"], "released");
  std::string table = Ok({"detention", "list", "--incident", incident});
  EXPECT_NE(table.find("Testova Synthetic-02"), std::string::npos);
  EXPECT_NE(table.find("released"), std::string::npos);
  // An earlier date than the current status is refused, nothing changes.
  CliResult earlier = Run({"detention", "status", id, "--status", "fined",
                           "--status-date", "2020-03-01", "--source-note",
                           "rumour"});
  EXPECT_EQ(earlier.exit_code, 2);
  EXPECT_NE(earlier.err.find("before the previous status"), std::string::npos);
  // Without a date: today where the computer is. UTC+14 and UTC-12 are
  // always on different days.
  std::string dates[2];
  for (int zone = 0; zone < 2; ++zone) {
    std::string other = Ok({"detention", "add", "--person", person.substr(0, 8),
                            "--incident", incident.substr(0, 8), "--detained-at",
                            "2020-02-22", "--status", "administrative_detention",
                            "--source-note", "synthetic list"});
    CliResult now = RunFieldvault(
        {"detention", "status", other, "--status", "released", "--source-note",
         "synthetic call", "--vault", vault(),
         "--passphrase-file", pass_file()},
        "", {{"TZ", zone == 0 ? "EAST-14" : "WEST+12"}});
    ASSERT_EQ(now.exit_code, 0) << now.err;
    dates[zone] = Json({"detention", "show", other})["status_history"][1]["date"]["value"];
  }
  EXPECT_GT(dates[0], dates[1]);
  CliResult unknown = Run({"detention", "status", id, "--status", "freed",
                           "--source-note", "x"});
  EXPECT_NE(unknown.err.find("fieldvault vocab legal_status"),
            std::string::npos);
  EXPECT_EQ(Json({"detention", "show", id})["version"], 2);
  EXPECT_EQ(Json({"source", "list"})[0]["title"], "Synthetic court ruling");
  EXPECT_EQ(Run({"detention", "add", "--person", person, "--incident",
                 "99999999"})
                .exit_code,
            2);
}

TEST_F(RecordsCommandsTest, DetentionWithSeveralCharges) {
  std::string incident = AddIncident();
  std::string person = AddPerson("Testov Synthetic-03");
  std::string id = Ok({"detention", "add", "--person", person, "--incident",
                       incident, "--charge",
                       "488:Code of Administrative Offences", "--charge",
                       "174 part 2:Synthetic Criminal Code", "--charge", "13"});
  json charges = Json({"detention", "show", id})["charges"];
  ASSERT_EQ(charges.size(), 3u);
  EXPECT_EQ(charges[0]["article"], "488");
  EXPECT_EQ(charges[0]["code"], "Code of Administrative Offences");
  EXPECT_EQ(charges[1]["article"], "174 part 2");
  EXPECT_EQ(charges[1]["code"], "Synthetic Criminal Code");
  EXPECT_EQ(charges[2]["article"], "13");
  EXPECT_EQ(charges[2]["code"], "");
  EXPECT_NE(Ok({"detention", "show", id})
                .find("488 Code of Administrative Offences; 174 part 2 "
                      "Synthetic Criminal Code; 13"),
            std::string::npos);
  // --article/--code still give one charge, listed first.
  std::string both = Ok({"detention", "add", "--person", person, "--incident",
                         incident, "--article", "20", "--code", "Synthetic law",
                         "--charge", "21:Synthetic law"});
  EXPECT_EQ(Json({"detention", "show", both})["charges"][0]["article"], "20");
  EXPECT_EQ(Json({"detention", "show", both})["charges"].size(), 2u);
  CliResult no_article = Run({"detention", "add", "--person", person,
                              "--incident", incident, "--charge", ":Law"});
  EXPECT_EQ(no_article.exit_code, 2);
  EXPECT_NE(no_article.err.find("charges.article"), std::string::npos);
  EXPECT_EQ(Json({"detention", "list"}).size(), 2u);
}

TEST_F(RecordsCommandsTest, AttachmentNameRedaction) {
  std::string incident = AddIncident();
  WriteFile(dir_.Join("Witness_Synthetic-Q.png"),
            "\x89PNG\r\n\x1A\nsynthetic picture of a placard");
  json added = json::parse(Ok({"attach", "add",
                               dir_.Join("Witness_Synthetic-Q.png"),
                               "--incident", incident, "--json"}));
  const std::string id = added["id"];
  ASSERT_EQ(added["original_name"], "Witness_Synthetic-Q.png");
  std::string redacted = Ok({"attach", "redact-name", id.substr(0, 8)});
  EXPECT_NE(redacted.find("Redacted the name of attachment " + id.substr(0, 8)),
            std::string::npos)
      << redacted;
  json listed = Json({"attach", "list"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0]["original_name"].is_null());
  EXPECT_EQ(listed[0]["version"], 2);
  EXPECT_EQ(listed[0]["blake2b"], added["blake2b"]);
  EXPECT_NE(Ok({"attach", "list"}).find("(redacted)"), std::string::npos);
  // The custody log says what happened without repeating the name.
  std::string log = Ok({"log"});
  EXPECT_NE(log.find("redacted"), std::string::npos);
  EXPECT_EQ(log.find("Witness_Synthetic-Q"), std::string::npos);
  CliResult again = Run({"attach", "redact-name", id});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already redacted"), std::string::npos);
  EXPECT_EQ(Run({"attach", "redact-name"}).exit_code, 2);
  EXPECT_EQ(Run({"attach", "redact-name", "ffffffff"}).exit_code, 2);
  // The content is untouched.
  Ok({"attach", "extract", id, "--output", dir_.Join("out.png")});
  EXPECT_EQ(ReadFile(dir_.Join("out.png")),
            ReadFile(dir_.Join("Witness_Synthetic-Q.png")));
}

TEST_F(RecordsCommandsTest, WitnessAccountsAndConsent) {
  std::string incident = AddIncident();
  std::string id = Ok({"witness", "add", "--incident", incident,
                       "--pseudonym", "Witness Synthetic-A", "--relation",
                       "eyewitness", "--date", "2020-02-23",
                       "--statement-file", "-", "--consent",
                       "store,share_with_hq", "--refuse", "publish_named",
                       "--consent-method", "oral_recorded"},
                      "Synthetic statement: police detained people.\n");
  std::string list = Ok({"witness", "list"});
  EXPECT_NE(list.find("store, share_with_hq"), std::string::npos);
  EXPECT_EQ(list.find("Synthetic statement"), std::string::npos);
  // Nor in JSON: the list leaves out the statement and its translation,
  // which `show --json` keeps.
  json listed = Json({"witness", "list"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], id);
  EXPECT_EQ(listed[0]["consents"].size(), 3u);
  EXPECT_FALSE(listed[0].contains("statement")) << listed.dump();
  EXPECT_FALSE(listed[0].contains("translation")) << listed.dump();
  EXPECT_EQ(Json({"witness", "show", id})["statement"],
            "Synthetic statement: police detained people.\n");
  Ok({"witness", "consent", id, "--withdraw", "share_with_hq", "--date",
      "2020-03-01"});
  json account = Json({"witness", "show", id});
  EXPECT_EQ(account["consents"][1]["withdrawn"]["value"], "2020-03-01");
  EXPECT_NE(Ok({"witness", "show", id}).find("Synthetic statement"),
            std::string::npos);
  EXPECT_EQ(Run({"witness", "consent", id, "--withdraw", "publish_named",
                 "--date", "2020-03-02"})
                .exit_code,
            2);
  // A decision without how it was given is a usage error naming the option
  // and the methods (from the vocabulary); nothing is stored.
  CliResult no_method = Run({"witness", "add", "--incident", incident,
                             "--pseudonym", "W", "--relation", "victim",
                             "--statement-file", "-", "--consent", "store"},
                            "Synthetic statement\n");
  EXPECT_EQ(no_method.exit_code, 2);
  EXPECT_NE(no_method.err.find("--consent needs --consent-method (written, "
                               "oral_recorded, oral_noted or intermediary)"),
            std::string::npos) << no_method.err;
  EXPECT_NE(Run({"witness", "add", "--incident", incident, "--pseudonym", "W",
                 "--relation", "victim", "--statement-file", "-", "--refuse",
                 "publish_named"}, "Synthetic statement\n").err.find(
                "error: --refuse needs --consent-method"),
            std::string::npos);
  EXPECT_EQ(Json({"witness", "list"}).size(), 1u);
  CliResult grant = Run({"witness", "consent", id, "--grant", "publish_anonymised",
                         "--date", "2020-03-03"});
  EXPECT_EQ(grant.exit_code, 2);
  EXPECT_NE(grant.err.find("--grant needs --method (written,"), std::string::npos)
      << grant.err;
  // A statement file that is not UTF-8 is refused.
  WriteFile(dir_.Join("latin1.txt"), "caf\xe9\n");
  CliResult bad = Run({"witness", "add", "--incident", incident, "--pseudonym",
                       "W", "--relation", "victim", "--statement-file",
                       dir_.Join("latin1.txt")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("UTF-8"), std::string::npos);
}

TEST_F(RecordsCommandsTest, ReportFiguresInEveryFormat) {
  std::string incident = AddIncident();
  for (int i = 0; i < 3; ++i) {
    std::string person = AddPerson("Testov Synthetic-0" + std::to_string(i));
    Ok({"detention", "add", "--person", person, "--incident", incident,
        "--status", i < 2 ? "administrative_detention" : "released",
        "--status-date", "2020-02-22", "--source-note", "synthetic list"});
  }
  std::string text = Ok({"report"});
  EXPECT_NE(text.find("3 detained in Almaty on 2020-02-22: 2 in "
                      "administrative detention, 1 released"),
            std::string::npos)
      << text;
  json figures = Json({"report", "--by", "place,date"});
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]["detained"], 3);
  EXPECT_EQ(figures[0]["by_status"]["administrative_detention"], 2);
  EXPECT_EQ(figures[0]["released"], 1);
  std::string csv = Ok({"report", "--csv", "--incident", incident});
  EXPECT_EQ(csv.rfind("incident_id,title,place,date,incidents,detained,", 0),
            0u);
  EXPECT_NE(csv.find(incident + ",Synthetic protest arrests,Almaty,"
                                "2020-02-22,1,3,0,2,"),
            std::string::npos)
      << csv;
  EXPECT_EQ(Run({"report", "--by", "weather"}).exit_code, 2);
}

// A group recorded with its size counts as that many people, and the
// report says how many of its figure come from groups; the same city
// written in Cyrillic by a second incident is the same row by place.
TEST_F(RecordsCommandsTest, ReportCountsGroupsAndFoldsPlaces) {
  std::string incident = AddIncident();
  std::string group = Ok({"person", "add", "--group", "--size", "30",
                          "--name", "Synthetic Column-30"});
  Ok({"detention", "add", "--person", group, "--incident", incident,
      "--status", "administrative_detention", "--status-date", "2020-02-22",
      "--source-note", "synthetic list"});
  std::string person = AddPerson("Testov Synthetic-07");
  Ok({"detention", "add", "--person", person, "--incident", incident,
      "--status", "fined", "--status-date", "2020-02-23", "--source-note",
      "synthetic list"});
  std::string text = Ok({"report"});
  EXPECT_NE(text.find("31 detained in Almaty on 2020-02-22: 30 in "
                      "administrative detention, 1 fined (30 of them in 1 "
                      "group)"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("at least"), std::string::npos) << text;
  json figures = Json({"report"});
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]["detained"], 31);
  EXPECT_EQ(figures[0]["from_groups"], 30);
  EXPECT_EQ(figures[0]["groups"], 1);
  EXPECT_EQ(figures[0]["groups_of_unknown_size"], 0);
  EXPECT_EQ(figures[0]["lower_bound"], false);
  std::string csv = Ok({"report", "--csv"});
  EXPECT_NE(csv.find(",from_groups,groups,groups_of_unknown_size,lower_bound"
                     "\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",30,1,0,false"), std::string::npos) << csv;

  std::string cyrillic =
      Ok({"incident", "add", "--title", "Synthetic picket arrests", "--start",
          "2020-02-22", "--admin-area", "Алматы", "--country", "KZ"});
  Ok({"detention", "add", "--person", AddPerson("Testov Synthetic-08"),
      "--incident", cyrillic, "--status", "released", "--status-date",
      "2020-02-22", "--source-note", "synthetic list"});
  figures = Json({"report", "--by", "place,date"});
  ASSERT_EQ(figures.size(), 1u) << figures.dump();
  EXPECT_EQ(figures[0]["place"], "Almaty");
  EXPECT_EQ(figures[0]["incidents"], 2);
  EXPECT_EQ(figures[0]["detained"], 32);
}

TEST_F(RecordsCommandsTest, AlmatySampleReportsSeventyDetainedTwentyThree) {
  const std::string sample =
      std::string(FIELDVAULT_SOURCE_DIR) + "/examples/almaty-2020-02-22";
  std::string incident =
      Ok({"incident", "add", "--title", "Synthetic sample", "--start",
          "2020-02-22", "--admin-area", "Almaty", "--country", "KZ",
          "--description-file", sample + "/incident.txt"});
  CliResult imported = Run({"detainees", "import", sample + "/detainees.csv",
                            "--incident", incident});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(Json({"person", "list"}).size(), 70u);
  EXPECT_EQ(Json({"detention", "list", "--incident", incident}).size(), 74u);
  // The short ids lists show (and `show` takes) tell imported records
  // apart: time-ordered ids shared them for a minute.
  for (const char* noun : {"person", "detention"}) {
    std::set<std::string> short_ids;
    for (const json& record : Json({noun, "list"})) {
      short_ids.insert(record["id"].get<std::string>().substr(0, 8));
    }
    EXPECT_EQ(short_ids.size(), std::string(noun) == "person" ? 70u : 74u);
  }
  json figures = Json({"report", "--incident", incident});
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]["detained"], 70);
  EXPECT_EQ(figures[0]["by_status"]["administrative_detention"], 23);
  EXPECT_EQ(figures[0]["place"], "Almaty");
  EXPECT_EQ(figures[0]["date"], "2020-02-22");
  EXPECT_NE(Ok({"report"}).find("70 detained in Almaty on 2020-02-22: 23 in "
                                "administrative detention"),
            std::string::npos);

  // "police department" is in every detention's place of detention, more
  // than half the vault: those matches must still score and rank by where
  // the words stand, above a passing mention in a witness statement.
  Ok({"witness", "add", "--incident", incident, "--pseudonym",
      "Witness Synthetic-B", "--relation", "victim", "--date", "2020-02-24",
      "--statement-file", sample + "/witness-b.txt", "--consent", "store",
      "--consent-method", "written"});
  json hits = Json({"search", "police", "department", "--limit", "100"});
  ASSERT_EQ(hits.size(), 75u);
  EXPECT_EQ(hits.front()["record_type"], "detention");
  EXPECT_EQ(hits.back()["record_type"], "witness_account");
  for (const json& hit : hits) EXPECT_GT(hit["score"].get<double>(), 0.01);
}

TEST_F(RecordsCommandsTest, VocabNeedsNoPassphrase) {
  CliResult all = RunFieldvault({"vocab"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("legal_status"), std::string::npos);
  CliResult one = RunFieldvault({"vocab", "consent_purpose", "--json"});
  ASSERT_EQ(one.exit_code, 0);
  EXPECT_EQ(json::parse(one.out)["consent_purpose"]["terms"].size(), 5u);
  EXPECT_EQ(RunFieldvault({"vocab", "moods"}).exit_code, 2);
}

TEST_F(RecordsCommandsTest, UsageErrorsAndHelp) {
  for (const char* group : {"incident", "person", "detention", "witness",
                            "source"}) {
    CliResult help = RunFieldvault({group, "--help"});
    EXPECT_EQ(help.exit_code, 0) << group;
    EXPECT_NE(help.out.find("usage: fieldvault"), std::string::npos);
    EXPECT_EQ(RunFieldvault({group}).exit_code, 2) << group;
    CliResult unknown = RunFieldvault({group, "frobnicate"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("fieldvault: hint:"), std::string::npos);
    CliResult add_help = RunFieldvault({group, "add", "--help"});
    EXPECT_EQ(add_help.exit_code, 0);
    EXPECT_NE(add_help.out.find("fieldvault " + std::string(group) + " add"),
              std::string::npos);
  }
  EXPECT_EQ(RunFieldvault({"report", "--help"}).exit_code, 0);
  EXPECT_EQ(Run({"incident", "add"}).exit_code, 2);
  EXPECT_EQ(Run({"incident", "show", "zz"}).exit_code, 2);
}

TEST_F(RecordsCommandsTest, NoNameOrStatementInTheVaultFileInClear) {
  std::string incident = AddIncident();
  AddPerson("Тестова Синтетика");
  AddPerson("Primerova Synthetic-Zeta");
  Ok({"witness", "add", "--incident", incident, "--pseudonym",
      "Witness Synthetic-Omega", "--relation", "victim", "--statement-file",
      "-"},
     "Synthetic statement about the Omega courtyard.\n");
  std::string bytes = ReadFile(vault() + "/vault.db");
  ASSERT_GT(bytes.size(), 4096u);
  for (const char* secret :
       {"Тестова", "Синтетика", "Primerova", "Synthetic-Zeta",
        "primerova synthetic zeta", "Omega courtyard", "Witness Synthetic",
        "Synthetic protest arrests", "Almaty"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

// Text given where an id belongs is repeated only when it is made of id
// characters: a passphrase typed in the wrong place is not shown.
TEST_F(RecordsCommandsTest, IdErrorsDoNotRepeatText) {
  const std::string passphrase = "synthetic passphrase typed in the wrong place";
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"incident", "show", passphrase},
           {"person", "edit", passphrase, "--sex", "female"},
           {"attach", "extract", passphrase, "--output", dir_.Join("out")},
           {"attach", "redact-name", passphrase},
           {"detention", "add", "--person", passphrase, "--incident", passphrase}}) {
    CliResult refused = Run(args);
    EXPECT_EQ(refused.exit_code, 2) << args[0];
    EXPECT_EQ(refused.err.find("synthetic passphrase"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("(not shown)"), std::string::npos) << refused.err;
  }
  // A passphrase given where a file is asked: not repeated either.
  std::string incident = Ok({"incident", "add", "--title", "Synthetic"});
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"attach", "add", passphrase, "--incident", incident},
           {"incident", "edit", incident, "--description-file", passphrase},
           {"detainees", "import", passphrase, "--incident", incident}}) {
    CliResult refused = Run(args);
    EXPECT_EQ(refused.exit_code, 2) << args[0];
    EXPECT_EQ(refused.err.find("synthetic passphrase"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("no such file (the name given is not shown)"),
              std::string::npos) << refused.err;
  }
  CliResult as_file = RunFieldvault({"status", "--vault", vault(), "--passphrase-file",
                                     passphrase});
  EXPECT_EQ(as_file.exit_code, 2);
  EXPECT_EQ(as_file.err.find("synthetic passphrase"), std::string::npos) << as_file.err;
  EXPECT_NE(as_file.err.find("no such passphrase file"), std::string::npos) << as_file.err;

  CliResult prefix = Run({"incident", "show", "abcd1234"});
  EXPECT_NE(prefix.err.find("abcd1234"), std::string::npos) << prefix.err;
  CliResult short_text = Run({"incident", "show", "xyz"});
  EXPECT_NE(short_text.err.find("is not a record id"), std::string::npos) << short_text.err;
}

// A right-to-left override (U+202E) in a title would reverse the rest of
// its table row in the terminal; the bidi embeddings, overrides and
// isolates are refused like other control characters, while Arabic and
// Hebrew text (with the marks U+200F/U+200E) is kept as typed.
TEST_F(RecordsCommandsTest, BidiControlsAreRefusedAndRightToLeftTextIsKept) {
  CliResult refused = Run({"incident", "add", "--title", "Synthetic \u202E22 released"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("title: must be one line without tabs or control characters"),
            std::string::npos) << refused.err;
  WriteFile(dir_.Join("description"), "Synthetic text \u2067isolated\u2069 here\n");
  CliResult description = Run({"incident", "add", "--title", "Synthetic",
                               "--description-file", dir_.Join("description")});
  EXPECT_EQ(description.exit_code, 2);
  EXPECT_NE(description.err.find("control character"), std::string::npos)
      << description.err;
  EXPECT_EQ(Run({"incident", "list"}).out.find("Synthetic"), std::string::npos);

  const std::string arabic = "\u0645\u062D\u0645\u062F \u0627\u062E\u062A\u0628\u0627\u0631";
  const std::string hebrew = "\u05D1\u05D3\u05D9\u05E7\u05D4\u200F 7";
  std::string person = Ok({"person", "add", "--name", arabic, "--name", hebrew});
  std::string shown = Ok({"person", "show", person});
  EXPECT_NE(shown.find(arabic), std::string::npos) << shown;
  EXPECT_NE(shown.find(hebrew), std::string::npos) << shown;
  EXPECT_EQ(Run({"incident", "add", "--title", hebrew}).exit_code, 0);
}

}  // namespace
}  // namespace fieldvault::testing
