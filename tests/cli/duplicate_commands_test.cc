// CLI tests of `person duplicates` and `person merge` through the real
// binary: two synthetic monitors' lists of one protest, one in Cyrillic and
// one in Latin script, found, graded, merged all at once and unmerged.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

using nlohmann::json;

constexpr char kListA[] =
    "name,sex,birth_date,detained_at,legal_status\n"
    "Тестов Синтетик,male,1984,2020-02-22,administrative_detention\n"
    "Hélène Exemplova,female,1973,2020-02-22,released\n"
    "Тестов Вымысел,male,1998,2020-02-22,fined\n"
    "Testov Synthetik-Macro,male,1985,2020-02-22,fined\n";
// The same protest seen by a second monitor: two certain duplicates, a
// namesake born another year, a typo, and one person not in list A.
constexpr char kListB[] =
    "name,sex,birth_date,detained_at,legal_status\n"
    "TESTOV Sintetik,male,1984,2020-02-22,administrative_detention\n"
    "Helene Exemplova,female,1973,2020-02-22,released\n"
    "Testov Vymysel,male,1999,2020-02-22,fined\n"
    "Testov Synthetic-Macro,male,1985,2020-02-22,fined\n"
    "Primerov Fiktiv,male,1990,2020-02-22,released\n";

class DuplicateCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(pass_file(), "synthetic hq passphrase\n");
    ::chmod(pass_file().c_str(), 0600);
    CliResult init = RunFieldvault({"init", "--vault", vault(),
                                    "--passphrase-file", pass_file(),
                                    "--kdf-memory", "1", "--kdf-passes", "1"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    ImportList("Arrests seen by synthetic monitor A", kListA, "a.csv");
    ImportList("Arrests seen by synthetic monitor B", kListB, "b.csv");
  }
  std::string vault() const { return dir_.Join("vault"); }
  std::string pass_file() const { return dir_.Join("pass"); }

  CliResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--vault", vault(), "--passphrase-file",
                             pass_file()});
    return RunFieldvault(args);
  }
  std::string Ok(std::vector<std::string> args) {
    CliResult result = Run(std::move(args));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::string out = result.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  json Json(std::vector<std::string> args) {
    args.push_back("--json");
    return json::parse(Ok(std::move(args)), nullptr, false);
  }
  // Imports `csv` into a new incident; its id.
  std::string ImportList(const std::string& title, const std::string& csv,
                         const std::string& file) {
    std::string incident =
        Ok({"incident", "add", "--title", title, "--start", "2020-02-22",
            "--admin-area", "Almaty", "--country", "KZ"});
    WriteFile(dir_.Join(file), csv);
    Ok({"detainees", "import", dir_.Join(file), "--incident", incident});
    return incident;
  }
  int64_t Detained() {
    json rows = Json({"report", "--by", "place,date"});
    return rows.size() == 1 ? rows[0]["detained"].get<int64_t>() : -1;
  }
  // The ids of the persons spelt `name`.
  std::string IdOf(const std::string& name) {
    for (const json& person : Json({"person", "list"})) {
      if (person["names"][0]["full_name"] == name) return person["id"];
    }
    ADD_FAILURE() << "no person " << name;
    return "";
  }

  TempDir dir_;
};

TEST_F(DuplicateCommandsTest, FindsGradesAndExplains) {
  json found = Json({"person", "duplicates"});
  const json& groups = found["groups"];
  ASSERT_EQ(groups.size(), 4u) << found.dump(1);
  EXPECT_EQ(groups[0]["grade"], "certain");
  EXPECT_EQ(groups[1]["grade"], "certain");
  EXPECT_EQ(groups[2]["grade"], "likely");
  EXPECT_EQ(groups[2]["links"][0]["reasons"][0]["code"], "one_letter_apart");
  EXPECT_EQ(groups[3]["grade"], "possible");
  EXPECT_EQ(groups[3]["links"][0]["reasons"][1]["code"],
            "birth_date_conflict");
  std::string table = Ok({"person", "duplicates"});
  EXPECT_NE(table.find("Group 1: certain, 2 persons"), std::string::npos)
      << table;
  EXPECT_NE(table.find("same name once normalised (testov sintetik); same "
                       "birth year (1984); detained at the same place and "
                       "date (Almaty 2020-02-22)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("4 groups: 2 certain, 1 likely, 1 possible (8 "
                       "persons).\nPairs found alike in them: 2 certain, 1 "
                       "likely, 1 possible."),
            std::string::npos)
      << table;
  EXPECT_EQ(Json({"person", "duplicates", "--min-grade", "likely"})["groups"]
                .size(),
            3u);
  CliResult bad = Run({"person", "duplicates", "--min-grade", "sure"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("certain, likely or possible"), std::string::npos);
  EXPECT_EQ(Run({"person", "duplicates", "--merge-certain", "--min-grade",
                 "likely"}).exit_code,
            2);
}

TEST_F(DuplicateCommandsTest, MergeCertainThenReviewThenUndo) {
  EXPECT_EQ(Detained(), 9);
  std::string merged = Ok({"person", "duplicates", "--merge-certain"});
  EXPECT_NE(merged.find("Merged 2 persons in one transaction."),
            std::string::npos)
      << merged;
  const std::string latin = IdOf("TESTOV Sintetik");
  EXPECT_NE(merged.find("undo: fieldvault person edit " + latin.substr(0, 8) +
                        " --unmerge"),
            std::string::npos)
      << merged;
  EXPECT_EQ(Detained(), 7);  // the namesake and the typo stay apart
  EXPECT_EQ(Ok({"person", "duplicates", "--merge-certain"}),
            "No certain duplicates to merge.");
  // Merged persons are not listed again.
  json left = Json({"person", "duplicates"})["groups"];
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0]["grade"], "likely");
  // The analyst reviews the likely pair and merges it by hand.
  const std::string typo = IdOf("Testov Synthetic-Macro");
  const std::string first = IdOf("Testov Synthetik-Macro");
  Ok({"person", "merge", typo.substr(0, 8), "--into", first.substr(0, 8)});
  EXPECT_EQ(Detained(), 6);
  EXPECT_EQ(Json({"person", "show", typo})["merged_into"], first);
  // Every merge is an edit with its previous version kept.
  EXPECT_EQ(Json({"person", "show", latin, "--history"}).size(), 2u);
  // Undo.
  Ok({"person", "edit", latin, "--unmerge"});
  Ok({"person", "edit", typo, "--unmerge"});
  EXPECT_EQ(Detained(), 8);
  EXPECT_EQ(Json({"person", "duplicates", "--min-grade", "certain"})["groups"]
                .size(),
            1u);
}

TEST_F(DuplicateCommandsTest, MergeRefusesMergedTargetsWithAHint) {
  const std::string a = IdOf("Тестов Синтетик");
  const std::string b = IdOf("TESTOV Sintetik");
  const std::string c = IdOf("Primerov Fiktiv");
  Ok({"person", "merge", b, "--into", a});
  CliResult chained = Run({"person", "merge", c, "--into", b});
  EXPECT_EQ(chained.exit_code, 2);
  EXPECT_NE(chained.err.find("is itself merged into " + a.substr(0, 8)),
            std::string::npos)
      << chained.err;
  EXPECT_NE(chained.err.find("hint: merge into " + a.substr(0, 8)),
            std::string::npos);
  CliResult loop = Run({"person", "edit", a, "--merged-into", b});
  EXPECT_EQ(loop.exit_code, 2);
  EXPECT_EQ(Run({"person", "merge", a}).exit_code, 2);  // no --into
  EXPECT_EQ(Run({"person", "merge", a, "--into", a}).exit_code, 2);
}

TEST_F(DuplicateCommandsTest, JsonIsWrittenOneGroupPerLineWithASummary) {
  const std::string out = Ok({"person", "duplicates", "--json"});
  json found = json::parse(out, nullptr, false);
  ASSERT_FALSE(found.is_discarded()) << out;
  // Each group is written out on its own line as soon as it is found.
  size_t lines = 0;
  for (size_t at = 0; (at = out.find("\n    {\"certain_merges\"", at)) !=
                      std::string::npos;
       ++at) {
    ++lines;
  }
  EXPECT_EQ(lines, found["groups"].size());
  EXPECT_EQ(found["groups"][2]["pairs"],
            json({{"certain", 0}, {"likely", 1}, {"possible", 0}}));
  EXPECT_EQ(found["groups"][2]["too_large"], false);
  const json& summary = found["summary"];
  EXPECT_EQ(summary["groups"],
            json({{"certain", 2}, {"likely", 1}, {"possible", 1}}));
  EXPECT_EQ(summary["pairs"]["certain"], 2);
  EXPECT_EQ(summary["persons"], 8);
  EXPECT_EQ(summary["certain_merges"], 2);
  EXPECT_EQ(summary["max_reviewable"], 50);
  // Nothing found: still one document.
  const std::string empty =
      Ok({"incident", "add", "--title", "Synthetic protest, no list",
          "--start", "2020-02-23", "--country", "KZ"});
  json none = Json({"person", "duplicates", "--incident", empty});
  EXPECT_TRUE(none["groups"].empty()) << none.dump();
  EXPECT_EQ(none["summary"]["persons"], 0);
}

TEST_F(DuplicateCommandsTest, IncidentNarrowsToPairsWithItsPersons) {
  const std::string other =
      ImportList("Arrests seen by synthetic monitor C",
                 "name,sex,birth_date,detained_at,legal_status\n"
                 "Obraztsov Uslovnyi,male,1961,2020-02-22,released\n",
                 "c.csv");
  ImportList("Arrests seen by synthetic monitor D",
             "name,sex,birth_date,detained_at,legal_status\n"
             "OBRAZTSOV Uslovnyi,male,1961,2020-02-22,released\n",
             "d.csv");
  EXPECT_EQ(Json({"person", "duplicates"})["groups"].size(), 5u);
  json found = Json({"person", "duplicates", "--incident", other.substr(0, 8)});
  ASSERT_EQ(found["groups"].size(), 1u) << found.dump();
  EXPECT_EQ(found["groups"][0]["members"][0]["names"][0],
            "Obraztsov Uslovnyi");
  EXPECT_NE(Ok({"person", "duplicates", "--incident", other})
                .find("Merge these 1 certain duplicates and the vault's "
                      "others: fieldvault person duplicates --merge-certain"),
            std::string::npos);
  EXPECT_EQ(Run({"person", "duplicates", "--incident", "ffffffff"}).exit_code,
            2);
  EXPECT_EQ(
      Run({"person", "duplicates", "--merge-certain", "--incident", other})
          .exit_code,
      2);
}

TEST_F(DuplicateCommandsTest, SaysWhenAGroupIsTooLargeToReview) {
  // 51 namesakes, each born another year: one possible group of 51 (the
  // 4th: possible groups are listed by name, Latin before Cyrillic).
  std::string csv = "name,sex,birth_date,detained_at,legal_status\n";
  for (int i = 0; i < 51; ++i) {
    csv += "Maketov Shablon," + std::string("male,") +
           std::to_string(1940 + i) + ",2020-02-22,released\n";
  }
  ImportList("Arrests seen by synthetic monitor E", csv, "e.csv");
  const std::string table = Ok({"person", "duplicates"});
  EXPECT_NE(table.find("Group 4: possible, 51 persons, 1275 pairs (1275 "
                       "possible)\n  Too large to review (more than 50 "
                       "persons); its pairs are not listed here (--json "
                       "lists them). Narrow it with --min-grade likely or "
                       "--incident ID"),
            std::string::npos)
      << table.substr(0, 2000);
  EXPECT_EQ(table.find("BIRTH DATES CONFLICT (1940"), std::string::npos);
  EXPECT_NE(table.find("1 groups have more than 50 persons, too many to "
                       "review: narrow them with --min-grade likely or "
                       "--incident ID."),
            std::string::npos);
  json found = Json({"person", "duplicates"});
  EXPECT_EQ(found["groups"][3]["too_large"], true);
  EXPECT_EQ(found["groups"][3]["links"].size(), 1275u);
  EXPECT_EQ(found["summary"]["too_large"], 1);
}

}  // namespace
}  // namespace fieldvault::testing
