#include "core/csv/detainee_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/csv/detainee_columns.h"
#include "tests/core/records/records_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Every name in these files is synthetic.
class DetaineeImportTest : public testing::RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(store_->Create(testing::SampleIncident()).ok());
  }

  // Imports `csv` in a transaction, committed only when the report is ok,
  // as the CLI does.
  Result<DetaineeImportReport> Import(const std::string& csv,
                                      DetaineeImportOptions options = {}) {
    if (options.incident_id.empty()) options.incident_id = testing::kIncidentId;
    auto transaction = Transaction::Begin(temp_.db());
    EXPECT_TRUE(transaction.ok());
    crypto::MemorySource source(crypto::AsBytes(csv));
    auto report = ImportDetainees(source, options, *store_, *normalizer_);
    if (report.ok() && report->ok()) {
      EXPECT_TRUE(transaction->Commit().ok());
    }
    return report;
  }

  int64_t Count(const char* table) {
    auto count = temp_.db().QueryInt64(std::string("SELECT count(*) FROM ") +
                                       table);
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }

  void ExpectNothingImported() {
    EXPECT_EQ(Count("persons"), 0);
    EXPECT_EQ(Count("detentions"), 0);
    EXPECT_EQ(Count("person_names"), 0);
    EXPECT_EQ(Count("search_documents"), 1);  // the incident only
  }
};

TEST_F(DetaineeImportTest, ImportsAndFoldsTheSamePerson) {
  auto report = Import(
      "\xEF\xBB\xBFName;Birth date;sex;detained_at;place_of_arrest;"
      "legal_status;detention_days;status_date;source;case_number\n"
      "Тестов Пример;1990;male;22.02.2020 12:10;Republic Square;"
      "administrative_detention;15;2020-02-23;monitor A;A-1\n"
      "\"Primerova, Testa\";1985-03-01;female;2020-02-22;\"Abay Ave, 10\";"
      "released;;;;\n"
      "TESTOV Primer;1990-07-04;;2020-02-22;;;;;;A-2\n"
      "Testov Primer;;;2020-02-22;;;;;;\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->lines, 4);
  EXPECT_EQ(report->persons_created, 3);
  EXPECT_EQ(report->detentions_created, 4);
  ASSERT_EQ(report->folded.size(), 1u);
  EXPECT_EQ(report->folded[0].match_key, "testov primer");
  EXPECT_EQ(report->folded[0].birth_year, 1990);
  EXPECT_THAT(report->folded[0].lines, ElementsAre(2, 4));
  ASSERT_EQ(report->possible_duplicates.size(), 1u);
  EXPECT_THAT(report->possible_duplicates[0].lines, ElementsAre(2, 4, 5));

  EXPECT_EQ(Count("persons"), 3);
  EXPECT_EQ(Count("detentions"), 4);
  // The folded person keeps both spellings.
  auto person = store_->Get<Person>(report->folded[0].person_id);
  ASSERT_TRUE(person.ok());
  ASSERT_EQ(person->names.size(), 2u);
  EXPECT_EQ(person->names[0].full_name, "Тестов Пример");
  EXPECT_EQ(person->names[1].full_name, "TESTOV Primer");
  // The status without a source gets the default one.
  auto detentions = store_->List<Detention>();
  ASSERT_TRUE(detentions.ok());
  int administrative = 0;
  for (const Detention& detention : *detentions) {
    if (CurrentStatus(detention) == "administrative_detention") {
      ++administrative;
      EXPECT_EQ(detention.status_history[0].days, 15);
      EXPECT_EQ(detention.status_history[0].date.text(), "2020-02-23");
      EXPECT_EQ(detention.detained_at.text(), "2020-02-22T12:10:00");
    }
    if (CurrentStatus(detention) == "released") {
      EXPECT_EQ(detention.status_history[0].source_note, "detainee list");
      EXPECT_EQ(detention.place_of_arrest, "Abay Ave, 10");
    }
  }
  EXPECT_EQ(administrative, 1);
  // And the index knows them.
  auto hits = index_->Search("testov", {.record_types = {"person"}});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 2u);
}

TEST_F(DetaineeImportTest, NamesakesBornOnOtherDaysOrOfAnotherSexAreNotFolded) {
  auto report = Import(
      "name;birth_date;sex;detained_at\n"
      "Person Sigma-18;1985-03-01;male;2020-02-22\n"
      "Person Sigma-18;1985-11-20;female;2020-02-22\n"
      "Person Sigma-18;1985-03-01;;2020-02-22\n"
      "Person Sigma-18;1985;female;2020-02-22\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->persons_created, 2);
  EXPECT_EQ(report->detentions_created, 4);
  ASSERT_EQ(report->folded.size(), 2u);
  EXPECT_THAT(report->folded[0].lines, ElementsAre(2, 4));  // same day, sex unknown
  EXPECT_THAT(report->folded[1].lines, ElementsAre(3, 5));  // same sex, day unknown
}

// Imported persons and detentions are ordinary records: sequential ids,
// a history that later edits extend, and search across scripts.
TEST_F(DetaineeImportTest, ImportedRecordsKeepHistoryAndAreFound) {
  auto report = Import(
      "name,birth_date,place_of_arrest,case_number\n"
      "Макетова Образгуль,1991,Площадь Синтетики,SYN-1\n"
      "Primerov Testbek,1980,Republic Square,SYN-2\n"
      "MAKETOVA Obrazgul,1991,,SYN-3\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->ok()) << ::testing::PrintToString(report->problems);
  ASSERT_EQ(report->folded.size(), 1u);
  const std::string folded_id = report->folded[0].person_id;
  EXPECT_EQ(folded_id[14], '8');  // version 8: sequential

  // The fold made version 2; an edit makes version 3 and keeps both.
  auto person = store_->Get<Person>(folded_id);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->meta.version, 2);
  person->notes = "seen at the synthetic court";
  auto edited = store_->Update(*person);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  auto history = store_->History(kPersonType, folded_id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].body["names"].size(), 1u);
  EXPECT_EQ((*history)[1].body["names"].size(), 2u);
  EXPECT_EQ((*history)[2].body["notes"], "seen at the synthetic court");

  // Search finds the Cyrillic spelling from Latin and the reverse.
  auto hits = index_->Search("obrazgul", {{"person"}, 20});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].record_id, folded_id);
  hits = index_->Search("Примеров", {{"person"}, 20});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  hits = index_->Search("ploshchad", {{"detention"}, 20});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u);
  hits = index_->Search("synthetic court", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);  // the edit was indexed

  // The import's id setting does not outlive it.
  auto later = store_->Create(testing::SampleIncident());
  ASSERT_FALSE(later.ok());  // the sample's fixed id is taken
  Incident other = testing::SampleIncident();
  other.meta.id.clear();
  auto created = store_->Create(other);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->meta.id[14], '4');
}

TEST_F(DetaineeImportTest, ReportsEveryBadLineAndImportsNothing) {
  auto report = Import(
      "name,birth_date,sex,legal_status,detention_days\n"
      "Testov One,1990,male,released,\n"
      "Testov Two,31.02.1990,male,,\n"
      "Testov Three,1990,robot,,\n"
      "Test\xFFov Four,1990,male,,\n"
      ",1990,male,,\n"
      "Testov Six,1990\n"
      "Testov Seven,1990,male,released,15\n"
      "Testov Eight,1990,male,fined,abc\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->problem_count, 7);
  EXPECT_THAT(report->problems,
              ElementsAre(HasSubstr("line 3, birth_date: '31.02.1990'"),
                          HasSubstr("line 4, sex: 'robot'"),
                          "line 5, column 1: is not valid UTF-8",
                          "line 6, name: is empty",
                          "line 7: has 2 fields, the header has 5",
                          HasSubstr("line 8, detention_days: only administrative detention"),
                          HasSubstr("line 9, detention_days: 'abc'")));
  ExpectNothingImported();
}

TEST_F(DetaineeImportTest, HostileFilesAreRefusedWithNothingImported) {
  std::string wide = "name";
  for (int i = 0; i < 100000; ++i) wide += ",x";
  const std::string cases[] = {
      "name\nTestov One\n\"Testov Two\n",                  // unclosed quote
      "name\nTestov\"One\n",                               // stray quote
      std::string("name\nTestov\0One\n", 16),              // NUL byte
      "name\n" + std::string(1 << 20, 'a') + "\n",         // 1 MB field
      wide + "\n",                                         // 100k columns
      std::string("\xFF\xFEn\0a\0m\0e\0", 10),             // UTF-16
      "",                                                  // empty
      "full name\nTestov\n",                               // unknown column
      "name,name\nTestov,Testov\n",                        // twice
      "sex\nmale\n",                                       // no name column
  };
  for (const std::string& csv : cases) {
    auto report = Import(csv);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_FALSE(report->ok()) << csv.substr(0, 40);
    ASSERT_FALSE(report->problems.empty());
    EXPECT_THAT(report->problems[0], HasSubstr("line"))
        << report->problems[0];
    ExpectNothingImported();
  }
}

// An unknown header keeps its hint, which names the columns; a bad data
// line leaves no header hint.
TEST_F(DetaineeImportTest, AnUnknownHeaderKeepsTheHintNamingTheColumns) {
  auto report = Import("full name\nTestov\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_THAT(report->header_hint, HasSubstr("name, name_language, sex"));
  EXPECT_THAT(report->header_hint, HasSubstr("--map"));
  report = Import("name,sex\nTestov,sometimes\n");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->ok());
  EXPECT_EQ(report->header_hint, "");
  ExpectNothingImported();
}

TEST_F(DetaineeImportTest, MapRenamesAndIgnoresColumns) {
  DetaineeImportOptions options;
  ASSERT_TRUE(ParseColumnMap("ФИО=name,Год=birth_date", options.column_map)
                  .ok());
  ASSERT_TRUE(ParseColumnMap("Примечание=-", options.column_map).ok());
  auto report = Import("ФИО;Год;Примечание\nТестова Проба;1991;x\n", options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << ::testing::PrintToString(report->problems);
  EXPECT_EQ(report->persons_created, 1);

  std::map<std::string, std::string> map;
  EXPECT_FALSE(ParseColumnMap("a=nonsense", map).ok());
  EXPECT_FALSE(ParseColumnMap("no-equals", map).ok());
}

TEST_F(DetaineeImportTest, ChargesSplitOnBars) {
  auto report = Import(
      "name,charge_code,charge_article\nTestov,CAO|CC,488|400\n");
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->ok()) << ::testing::PrintToString(report->problems);
  auto detentions = store_->List<Detention>();
  ASSERT_TRUE(detentions.ok());
  ASSERT_EQ(detentions->size(), 1u);
  ASSERT_EQ((*detentions)[0].charges.size(), 2u);
  EXPECT_EQ((*detentions)[0].charges[1].code, "CC");
  EXPECT_EQ((*detentions)[0].charges[1].article, "400");

  report = Import("name,charge_code,charge_article\nTestov,CAO|CC,488\n");
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
}

TEST_F(DetaineeImportTest, UnknownIncidentIsAnError) {
  DetaineeImportOptions options;
  options.incident_id = "99999999-9999-4999-8999-999999999999";
  auto report = Import("name\nTestov\n", options);
  EXPECT_EQ(report.status().code(), StatusCode::kNotFound);
}

TEST(CsvDateTest, AcceptsIsoAndDayFirst) {
  EXPECT_EQ(ParseCsvDate("22.02.2020")->text(), "2020-02-22");
  EXPECT_EQ(ParseCsvDate("22.02.2020 14:30")->text(), "2020-02-22T14:30:00");
  EXPECT_EQ(ParseCsvDate("2020-02")->text(), "2020-02");
  EXPECT_FALSE(ParseCsvDate("30.02.2020").ok());
  EXPECT_FALSE(ParseCsvDate("22.02.2020x14:30").ok());
  EXPECT_FALSE(ParseCsvDate("yesterday").ok());
}

}  // namespace
}  // namespace fieldvault::core
