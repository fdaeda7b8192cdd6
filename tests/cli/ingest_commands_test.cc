// CLI tests of attach, search and detainees import through the real
// binary, against a temporary vault with a low KDF cost. Every name in
// them is synthetic.
#include <gtest/gtest.h>

#include <regex>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

class IngestCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic monitor passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
    CliResult init = Run({"init", "--kdf-memory", "1", "--kdf-passes", "1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }

  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }

  CliResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault(), "--passphrase-file",
                             pass_file()});
    return RunFieldvault(args);
  }

  // Creates the incident the tests attach to and import into.
  std::string AddIncident() {
    WriteFile(dir_.Join("description"), "Synthetic peaceful protest.");
    CliResult added = Run({"incident", "add", "--title",
                           "Synthetic protest in Almaty", "--start",
                           "2020-02-22", "--admin-area", "Almaty", "--country",
                           "KZ", "--description-file", dir_.Join("description")});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    std::string id = added.out;
    while (!id.empty() && id.back() == '\n') id.pop_back();
    return id;
  }

  std::string VaultBytes() { return ReadFile(vault() + "/vault.db"); }


  TempDir dir_;
};

TEST_F(IngestCommandsTest, DetaineeImportFoldsAndSearchFindsAcrossScripts) {
  std::string incident = AddIncident();
  ASSERT_FALSE(incident.empty());
  WriteFile(dir_.Join("list.csv"),
            "name;birth_date;legal_status;detention_days;status_date;source\n"
            "Тестов Пример;1990;administrative_detention;15;2020-02-23;"
            "monitor A\n"
            "Hélène Primerova;1985;released;;2020-02-22;monitor A\n"
            "TESTOV Primer;1990;;;;\n");
  CliResult dry = Run({"detainees", "import", dir_.Join("list.csv"),
                       "--incident", incident.substr(0, 8), "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("lines 2, 4: testov primer, born 1990"),
            std::string::npos)
      << dry.out;
  EXPECT_NE(dry.out.find("Nothing was changed."), std::string::npos);
  EXPECT_EQ(Run({"search", "testov", "--json"}).out, "[]\n");

  CliResult imported = Run({"detainees", "import", dir_.Join("list.csv"),
                            "--incident", incident, "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["persons"], 2);
  EXPECT_EQ(report["detentions"], 3);
  EXPECT_EQ(report["folded"][0]["lines"], nlohmann::json({2, 4}));

  CliResult latin = Run({"search", "testov", "--type", "person", "--json"});
  ASSERT_EQ(latin.exit_code, 0) << latin.err;
  auto hits = nlohmann::json::parse(latin.out);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["record_type"], "person");
  EXPECT_EQ(hits[0]["label"], "Тестов Пример");
  CliResult accents = Run({"search", "helene"});
  EXPECT_EQ(accents.exit_code, 0);
  EXPECT_NE(accents.out.find("Hélène Primerova"), std::string::npos);
  CliResult place = Run({"search", "Almaty", "--type", "incident"});
  EXPECT_NE(place.out.find(incident), std::string::npos) << place.out;
}

TEST_F(IngestCommandsTest, HostileCsvLeavesTheVaultUnchanged) {
  std::string incident = AddIncident();
  ASSERT_FALSE(incident.empty());
  const std::string before = VaultBytes();
  std::string wide = "name";
  for (int i = 0; i < 100000; ++i) wide += ",c";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name\nTestov One\n\"Testov Two\n", "line 3: a quoted field is never"},
      {"name,birth_date\nTestov,1990\nTest\xFFov,1991\n",
       "line 3, column 1: is not valid UTF-8"},
      {std::string("name\nTest\0ov\n", 12), "line 2, column 1: contains a NUL"},
      {"name\n" + std::string(1 << 20, 'x') + "\n",
       "line 2: a field is longer than 64 KiB"},
      {wide + "\n", "line 1: more than 256 columns"},
      {"name,birth_date\nTestov,1990\nPrimerov,31.02.1990\n",
       "line 3, birth_date:"},
      {"name\n\"Testov\nOne\"\n", "line 2, name: must be one line"},
      {"name,birth_date\nTestov,2990\n",
       "line 2, birth_date: '2990' is in the future (today is "},
      {"name,birth_date\n", "the file has its header line and no detainee"},
  };
  for (const auto& [csv, message] : cases) {
    WriteFile(dir_.Join("bad.csv"), csv);
    CliResult result = Run({"detainees", "import", dir_.Join("bad.csv"),
                            "--incident", incident});
    EXPECT_EQ(result.exit_code, 2) << message;
    EXPECT_NE(result.err.find("fieldvault: error: " + message),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("nothing was imported"), std::string::npos);
  }
  // Not a byte of the vault changed: no records, no custody event.
  EXPECT_EQ(VaultBytes(), before);
}

// Reviewer's findings: a list saved in Windows-1251 was told to "fix the
// lines"; messages named the store's field paths; "Read 0 lines.".
TEST_F(IngestCommandsTest, CsvMessagesSpeakOfTheFileAndItsColumns) {
  std::string incident = AddIncident();
  ASSERT_FALSE(incident.empty());
  // "Тестов Синтетик" as Excel's plain "CSV" writes it on a Russian system.
  WriteFile(dir_.Join("cp1251.csv"),
            "name,birth_date\n\xD2\xE5\xF1\xF2\xEE\xE2 \xD1\xE8\xED\xF2\xE5\xF2\xE8\xEA,1990\n");
  CliResult cp1251 = Run({"detainees", "import", dir_.Join("cp1251.csv"), "--incident",
                          incident, "--dry-run"});
  EXPECT_EQ(cp1251.exit_code, 2);
  EXPECT_NE(cp1251.err.find("line 2, column 1: is not valid UTF-8"), std::string::npos)
      << cp1251.err;
  EXPECT_NE(cp1251.err.find("hint: save the file as UTF-8 (it looks like Windows-1251 "
                            "(Cyrillic))"),
            std::string::npos) << cp1251.err;
  EXPECT_EQ(cp1251.err.find("fix the lines"), std::string::npos) << cp1251.err;
  EXPECT_NE(cp1251.out.find("Read 1 line.\n"), std::string::npos) << cp1251.out;

  WriteFile(dir_.Join("empty.csv"), "");
  CliResult empty = Run({"detainees", "import", dir_.Join("empty.csv"), "--incident",
                         incident, "--dry-run"});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.err.find("the file is empty"), std::string::npos) << empty.err;
  EXPECT_EQ(empty.out.find("Read 0"), std::string::npos) << empty.out;

  // A value only the records store refuses names its column, not a path.
  WriteFile(dir_.Join("tabs.csv"),
            "name,place_of_arrest,notes\nTestov,\"Synthetic\tSquare\",synthetic\n");
  CliResult tabs = Run({"detainees", "import", dir_.Join("tabs.csv"), "--incident",
                        incident, "--dry-run"});
  EXPECT_EQ(tabs.exit_code, 2);
  EXPECT_NE(tabs.err.find("error: line 2, place_of_arrest: must be one line"),
            std::string::npos) << tabs.err;
  EXPECT_EQ(tabs.err.find("detention:"), std::string::npos) << tabs.err;
}

TEST_F(IngestCommandsTest, AttachRoundTripAndHashCheck) {
  std::string incident = AddIncident();
  ASSERT_FALSE(incident.empty());
  std::string content = "\x89PNG\r\n\x1A\nsynthetic picture bytes";
  for (int i = 0; i < 20000; ++i) content += std::to_string(i);
  WriteFile(dir_.Join("photo_0001.png"), content);
  CliResult added = Run({"attach", "add", dir_.Join("photo_0001.png"),
                         "--incident", incident.substr(0, 6), "--json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto attachment = nlohmann::json::parse(added.out);
  EXPECT_EQ(attachment["mime_type"], "image/png");
  EXPECT_EQ(attachment["original_name"], "photo_0001.png");
  EXPECT_EQ(attachment["size"], content.size());
  const std::string id = attachment["id"];

  CliResult b2sum = RunProgram("b2sum", {dir_.Join("photo_0001.png")});
  ASSERT_EQ(b2sum.exit_code, 0);
  EXPECT_EQ(b2sum.out.substr(0, 128), attachment["blake2b"]);

  CliResult list = Run({"attach", "list", "--incident", incident});
  EXPECT_NE(list.out.find("photo_0001.png"), std::string::npos) << list.out;
  CliResult extracted = Run(
      {"attach", "extract", id.substr(0, 8), "--output", dir_.Join("out.png")});
  ASSERT_EQ(extracted.exit_code, 0) << extracted.err;
  EXPECT_EQ(ReadFile(dir_.Join("out.png")), content);
  CliResult to_stdout = Run({"attach", "extract", id, "--output", "-"});
  EXPECT_EQ(to_stdout.out, content);
  // Never overwrites.
  CliResult again = Run(
      {"attach", "extract", id, "--output", dir_.Join("out.png")});
  EXPECT_EQ(again.exit_code, 2);
  // Attachment content does not appear in the raw database.
  EXPECT_EQ(VaultBytes().find("synthetic picture bytes"), std::string::npos);
}

// Finding 21 (review s11): raw bytes of a (possibly received, untrusted)
// attachment are not written to a terminal unless --force; `script` gives
// the command a pseudo-terminal as its standard output.
TEST_F(IngestCommandsTest, ExtractToATerminalIsRefusedUnlessForced) {
  if (RunProgram("/bin/sh", {"-c", "command -v script"}).exit_code != 0) {
    GTEST_SKIP() << "no script(1) to make a pseudo-terminal";
  }
  std::string incident = AddIncident();
  WriteFile(dir_.Join("photo.png"), "\x89PNG\r\n\x1A\nsynthetic\x1b]52;c;AAAA\a");
  CliResult added = Run({"attach", "add", dir_.Join("photo.png"), "--incident",
                         incident, "--json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string id = nlohmann::json::parse(added.out)["id"];
  auto on_terminal = [&](const std::string& extra) {
    std::string command = std::string("'") + FIELDVAULT_BINARY +
                          "' attach extract " + id + " --output - " + extra +
                          " --vault '" + vault() + "' --passphrase-file '" +
                          pass_file() + "'";
    return RunProgram("script", {"-qec", command, "/dev/null"});
  };
  CliResult refused = on_terminal("");
  EXPECT_NE(refused.out.find("refusing to write an attachment's raw bytes to "
                             "the terminal"),
            std::string::npos)
      << refused.out;
  EXPECT_EQ(refused.out.find("synthetic"), std::string::npos) << refused.out;
  CliResult forced = on_terminal("--force");
  EXPECT_NE(forced.out.find("synthetic"), std::string::npos) << forced.out;
  // Not a terminal: written as before.
  EXPECT_NE(Run({"attach", "extract", id, "--output", "-"}).out.find("synthetic"),
            std::string::npos);
}

// Reviewer's finding: records gave microseconds, attachments seconds; the
// hash was `blake2b_512` here and `blake2b` elsewhere. Every --json
// instant now has one form and a content hash one name.
TEST_F(IngestCommandsTest, JsonOutputsShareOneTimeFormAndOneHashName) {
  std::string incident = AddIncident();
  ASSERT_FALSE(incident.empty());
  WriteFile(dir_.Join("photo_0003.png"), "\x89PNG\r\n\x1A\nsynthetic");
  auto attachment = nlohmann::json::parse(
      Run({"attach", "add", dir_.Join("photo_0003.png"), "--incident", incident, "--json"})
          .out);
  EXPECT_TRUE(attachment.contains("blake2b")) << attachment.dump();
  EXPECT_FALSE(attachment.contains("blake2b_512")) << attachment.dump();
  const std::regex micros(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)");
  auto expect_micros = [&](const nlohmann::json& value, const std::string& what) {
    EXPECT_TRUE(value.is_string() && std::regex_match(value.get<std::string>(), micros))
        << what << ": " << value.dump();
  };
  expect_micros(attachment["created_at"], "attach add created_at");
  expect_micros(nlohmann::json::parse(Run({"attach", "list", "--json"}).out)[0]["created_at"],
                "attach list created_at");
  auto record = nlohmann::json::parse(Run({"incident", "show", incident, "--json"}).out);
  expect_micros(record["created_at"], "incident created_at");
  expect_micros(nlohmann::json::parse(Run({"log", "--json"}).out)[0]["time"], "log time");
  expect_micros(nlohmann::json::parse(Run({"status", "--json"}).out)["created_at"],
                "status created_at");
}

TEST_F(IngestCommandsTest, CheckAttachmentsRehashesEveryAttachment) {
  std::string incident = AddIncident();
  WriteFile(dir_.Join("synthetic-clip.mp4"), std::string(3 << 20, 'k'));
  WriteFile(dir_.Join("photo_0002.jpg"), std::string(5000, 'p'));
  std::vector<std::string> ids;
  for (const char* name : {"synthetic-clip.mp4", "photo_0002.jpg"}) {
    CliResult added =
        Run({"attach", "add", dir_.Join(name), "--incident", incident, "--json"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    ids.push_back(nlohmann::json::parse(added.out)["id"]);
  }
  CliResult passed = Run({"check", "--attachments"});
  ASSERT_EQ(passed.exit_code, 0) << passed.err;
  EXPECT_NE(passed.out.find("2 attachments"), std::string::npos) << passed.out;
  CliResult json = Run({"check", "--attachments", "--json"});
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["attachments"]["checked"], 2);
  EXPECT_EQ(report["attachments"]["damaged"].size(), 0u);

  // A page of the clip (its chunks fill the end of vault.db, before the
  // photo's one page) damaged on disk: SQLCipher's HMAC refuses it; the
  // photo, checked after it, is still found intact.
  std::string bytes = VaultBytes();
  ASSERT_GT(bytes.size(), 100u * 16384);
  bytes.replace(bytes.size() - 40 * 16384 + 1000, 4, "ZZZZ");
  WriteFile(vault() + "/vault.db", bytes);
  CliResult failed = Run({"check", "--attachments"});
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_NE(failed.out.find("FAILED  attachment " + ids[0] +
                            " (synthetic-clip.mp4): its content cannot be read back"),
            std::string::npos)
      << failed.out;
  EXPECT_EQ(failed.out.find(ids[1]), std::string::npos) << failed.out;
  EXPECT_NE(failed.err.find("restore"), std::string::npos) << failed.err;
  CliResult damaged_json = Run({"check", "--attachments", "--json"});
  auto damaged = nlohmann::json::parse(damaged_json.out)["attachments"]["damaged"];
  ASSERT_EQ(damaged.size(), 1u);
  EXPECT_EQ(damaged[0]["id"], ids[0]);
  EXPECT_EQ(damaged[0]["original_name"], "synthetic-clip.mp4");
  EXPECT_NE(Run({"attach", "extract", ids[0], "--output", "-"}).exit_code, 0);
  EXPECT_EQ(Run({"attach", "extract", ids[1], "--output", "-"}).exit_code, 0);
}

TEST_F(IngestCommandsTest, UsageErrors) {
  EXPECT_EQ(Run({"attach", "add", dir_.Join("missing.jpg"), "--incident",
                 "2f1c8a4e"})
                .exit_code,
            2);
  EXPECT_EQ(Run({"attach", "nonsense"}).exit_code, 2);
  EXPECT_EQ(Run({"attach", "extract", "zzzz", "--output", "-"}).exit_code, 2);
  EXPECT_EQ(Run({"search"}).exit_code, 2);
  EXPECT_EQ(Run({"search", "x", "--type", "vault"}).exit_code, 2);
  CliResult none = Run({"search", "nothing-like-this"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.err.find("No records match."), std::string::npos);
  WriteFile(dir_.Join("a.csv"), "name\nTestov\n");
  CliResult no_incident =
      Run({"detainees", "import", dir_.Join("a.csv"), "--incident",
           "2f1c8a4e"});
  EXPECT_EQ(no_incident.exit_code, 2);
  EXPECT_EQ(Run({"detainees", "import", dir_.Join("a.csv"), "--incident",
                 "2f1c8a4e", "--delimiter", "|"})
                .exit_code,
            2);
  EXPECT_EQ(RunFieldvault({"attach", "--help"}).exit_code, 0);
  EXPECT_EQ(RunFieldvault({"search", "--help"}).exit_code, 0);
}

// A monitor has the binary, not docs/: the hints name the columns, and
// --help says what each takes.
TEST_F(IngestCommandsTest, DetaineeImportHintsNameTheColumns) {
  const std::string incident = AddIncident();
  WriteFile(dir_.Join("list.csv"), "name,Arrest place\nSynthetic Testova\n");
  CliResult header = Run({"detainees", "import", dir_.Join("list.csv"), "--incident", incident});
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_NE(header.err.find("unknown column 'Arrest place'"), std::string::npos) << header.err;
  EXPECT_NE(header.err.find("name, name_language, sex, birth_date"), std::string::npos)
      << header.err;
  CliResult map = Run({"detainees", "import", dir_.Join("list.csv"), "--incident", incident,
                       "--map", "Arrest place=arrest_place"});
  EXPECT_EQ(map.exit_code, 2);
  EXPECT_NE(map.err.find("place_of_arrest, place_of_detention"), std::string::npos) << map.err;
  WriteFile(dir_.Join("bad.csv"), "name,sex\nSynthetic Testova,sometimes\n");
  CliResult lines = Run({"detainees", "import", dir_.Join("bad.csv"), "--incident", incident});
  EXPECT_EQ(lines.exit_code, 2);
  EXPECT_NE(lines.err.find("`fieldvault detainees import --help` lists the columns"),
            std::string::npos) << lines.err;
  for (const CliResult& result : {header, map, lines}) {
    EXPECT_EQ(result.err.find("docs/"), std::string::npos) << result.err;
  }
  CliResult help = RunFieldvault({"detainees", "import", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Columns:"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("lawyer_access       yes, delayed, no or unknown"),
            std::string::npos) << help.out;
}

}  // namespace
}  // namespace fieldvault::testing
