#include "core/records/report.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/attachments/attachment_store.h"
#include "core/records/record_json.h"
#include "core/records/report_people.h"
#include "core/records/report_places.h"
#include "tests/core/records/records_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;

class ReportTest : public RecordsTest {
 protected:
  ReportTest() : RecordsTest("vault-synthetic", 9) {}


  std::string AddIncident(const char* title, const char* area,
                          const char* date) {
    Incident incident = SampleIncident();
    incident.meta = {};
    incident.title = title;
    incident.admin_area = area;
    incident.start_date = Date(date);
    incident.end_date = Date(date);
    clock_.Advance(1000000);  // recorded in the order of the calls
    auto created = store_->Create(incident);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->meta.id;
  }

  std::string AddPerson(const char* name) {
    Person person;
    person.names = {{name, "", "", "", ""}};
    auto created = store_->Create(person);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->meta.id;
  }

  // A detention of `person` in `incident` whose statuses are `statuses`.
  std::string Detain(const std::string& incident, const std::string& person,
                     std::vector<const char*> statuses,
                     const char* when = "2020-02-22") {
    Detention detention;
    detention.incident_id = incident;
    detention.person_id = person;
    detention.detained_at = Date(when);
    for (const char* status : statuses) {
      detention.status_history.push_back(
          {status, Date(when), std::nullopt, "", "synthetic list", ""});
    }
    auto created = store_->Create(detention);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->meta.id;
  }

  // A group of `size` people (nullopt: a size not recorded, which only
  // records written outside validation carry; the report must still count
  // them).
  std::string AddGroup(const char* name, std::optional<int64_t> size) {
    Person group;
    group.kind = "group";
    group.group_size = size.value_or(1);
    group.names = {{name, "", "", "", ""}};
    auto created = store_->Create(group);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    if (!size) {
      nlohmann::json body = ToJson(*created);
      body["group_size"] = nullptr;
      auto update = db().Prepare("UPDATE persons SET body = ? WHERE id = ?");
      EXPECT_TRUE(update.ok());
      EXPECT_TRUE(update->BindText(1, body.dump()).ok());
      EXPECT_TRUE(update->BindText(2, created->meta.id).ok());
      EXPECT_TRUE(update->Run().ok());
    }
    return created->meta.id;
  }

  // A detention of `person` detained at `when` with `statuses` (status,
  // date; an empty date is unknown).
  std::string DetainDated(
      const std::string& incident, const std::string& person, const char* when,
      std::vector<std::pair<const char*, const char*>> statuses) {
    Detention detention;
    detention.incident_id = incident;
    detention.person_id = person;
    detention.detained_at = Date(when);
    for (const auto& [status, date] : statuses) {
      detention.status_history.push_back(
          {status, Date(date), std::nullopt, "", "synthetic list", ""});
    }
    clock_.Advance(1000000);
    auto created = store_->Create(detention);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->meta.id;
  }

  void Merge(const std::string& duplicate_id, const std::string& into) {
    Person duplicate = *store_->Get<Person>(duplicate_id);
    duplicate.merged_into = into;
    ASSERT_TRUE(store_->Update(duplicate).ok());
  }

  ReportRow Only(ReportGrouping grouping = ReportGrouping::kIncident) {
    ReportOptions options;
    options.grouping = grouping;
    auto rows = BuildReport(temp_.db(), *normalizer_, options);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(rows.ok() ? rows->size() : 0u, 1u);
    return rows.ok() && !rows->empty() ? rows->front() : ReportRow();
  }

  void Witness(const std::string& incident) {
    WitnessAccount account = SampleWitnessAccount();
    account.meta = {};
    account.incident_id = incident;
    ASSERT_TRUE(store_->Create(account).ok());
  }
};

TEST_F(ReportTest, CountsDistinctPeopleByCurrentStatus) {
  std::string almaty = AddIncident("Synthetic protest", "Almaty", "2020-02-22");
  std::string a = AddPerson("Testov Synthetic-01");
  std::string b = AddPerson("Тестова Синтетика");
  std::string c = AddPerson("Primerov Synthetic-03");
  std::string d = AddPerson("Primerova Synthetic-04");
  Detain(almaty, a, {"detained_without_charge", "administrative_detention"});
  // A second case of the same person, later: counted once, its status wins.
  Detain(almaty, a, {"administrative_detention"}, "2020-02-23");
  Detain(almaty, b, {"detained_without_charge", "released"});
  Detain(almaty, c, {"whereabouts_unknown"});
  std::string gone = Detain(almaty, d, {"released"});
  ASSERT_TRUE(store_->Delete(kDetentionType, gone).ok());
  Witness(almaty);
  Witness(almaty);

  auto rows = BuildReport(temp_.db(), *normalizer_, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  const ReportRow& row = rows->front();
  EXPECT_EQ(row.incident_id, almaty);
  EXPECT_EQ(row.place, "Almaty");
  EXPECT_EQ(row.date, "2020-02-22");
  EXPECT_EQ(row.detained, 3);
  EXPECT_EQ(row.by_status.at("administrative_detention"), 1);
  EXPECT_EQ(row.released, 1);
  EXPECT_EQ(row.whereabouts_unknown, 1);
  EXPECT_EQ(row.witness_accounts, 2);
  EXPECT_EQ(row.attachments, 0);
}

TEST_F(ReportTest, MergedPersonsCountOnce) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string a = AddPerson("Testov Synthetic-01");
  std::string b = AddPerson("Testov Synthetic-One");
  Detain(incident, a, {"fined"});
  Detain(incident, b, {"fined"});
  Person duplicate = *store_->Get<Person>(b);
  duplicate.merged_into = a;
  ASSERT_TRUE(store_->Update(duplicate).ok());
  auto rows = BuildReport(temp_.db(), *normalizer_, {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->front().detained, 1);
}

TEST_F(ReportTest, GroupsByPlaceAndDate) {
  std::string one = AddIncident("Synthetic march", "Almaty", "2020-02-22");
  std::string two = AddIncident("Synthetic picket", "Almaty", "2020-02-22");
  std::string three = AddIncident("Synthetic rally", "Nur-Sultan",
                                   "2020-02-22");
  std::string a = AddPerson("Testov Synthetic-01");
  std::string b = AddPerson("Testov Synthetic-02");
  Detain(one, a, {"administrative_detention"});
  Detain(two, a, {"administrative_detention"});  // same person, same group
  Detain(two, b, {"fined"});
  Detain(three, b, {"fined"});
  ReportOptions options;
  options.grouping = ReportGrouping::kPlaceAndDate;
  auto rows = BuildReport(temp_.db(), *normalizer_, options);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].place, "Almaty");
  EXPECT_EQ((*rows)[0].incidents, 2);
  EXPECT_EQ((*rows)[0].detained, 2);
  EXPECT_TRUE((*rows)[0].incident_id.empty());
  EXPECT_EQ((*rows)[1].place, "Nur-Sultan");
  EXPECT_EQ((*rows)[1].detained, 1);
  options.grouping = ReportGrouping::kDate;
  rows = BuildReport(temp_.db(), *normalizer_, options);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].detained, 2);
  EXPECT_EQ((*rows)[0].incidents, 3);
  options = {};
  options.incident_id = three;
  rows = BuildReport(temp_.db(), *normalizer_, options);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].title, "Synthetic rally");
}

TEST_F(ReportTest, CountsAttachmentsOfTheIncidentAndItsRecords) {
  ASSERT_TRUE(CreateAttachmentSchema(temp_.db()).ok());
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string detention =
      Detain(incident, AddPerson("Testov Synthetic-01"), {"fined"});
  for (auto [type, id] : {std::pair{kIncidentType, incident},
                          std::pair{kDetentionType, detention}}) {
    NewAttachment attachment;
    attachment.owner_type = std::string(type);
    attachment.owner_id = id;
    attachment.original_name = "synthetic.txt";
    crypto::MemorySource content(std::span<const uint8_t>(
        reinterpret_cast<const uint8_t*>("synthetic"), 9));
    auto added = AddAttachment(temp_.db(), attachment, content, random_,
                               clock_.NowMicros(), "vault-synthetic");
    ASSERT_TRUE(added.ok()) << added.status().ToString();
  }
  auto rows = BuildReport(temp_.db(), *normalizer_, {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->front().attachments, 2);
}

// A detention of a group recorded with its size counts every member, in
// every figure: 30 in administrative detention, not 1.
TEST_F(ReportTest, GroupsCountAsTheirSize) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string group = AddGroup("Synthetic Column-30", 30);
  std::string released = AddGroup("Synthetic Column-04", 4);
  Detain(incident, group, {"detained_without_charge",
                           "administrative_detention"});
  Detain(incident, released, {"released"});
  Detain(incident, AddPerson("Testov Synthetic-01"), {"fined"});
  ReportRow row = Only();
  EXPECT_EQ(row.detained, 35);
  EXPECT_EQ(row.by_status.at("administrative_detention"), 30);
  EXPECT_EQ(row.by_status.at("fined"), 1);
  EXPECT_EQ(row.released, 4);
  EXPECT_EQ(row.from_groups, 34);
  EXPECT_EQ(row.groups, 2);
  EXPECT_EQ(row.groups_of_unknown_size, 0);
  EXPECT_FALSE(row.lower_bound);
}

// A group whose size is not recorded counts as one person, and the row
// says that its figures are lower bounds.
TEST_F(ReportTest, GroupOfUnknownSizeCountsOneAndMakesALowerBound) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  Detain(incident, AddGroup("Synthetic Column-X", std::nullopt), {"fined"});
  Detain(incident, AddGroup("Synthetic Column-12", 12), {"fined"});
  ReportRow row = Only();
  EXPECT_EQ(row.detained, 13);
  EXPECT_EQ(row.by_status.at("fined"), 13);
  EXPECT_EQ(row.from_groups, 13);
  EXPECT_EQ(row.groups, 2);
  EXPECT_EQ(row.groups_of_unknown_size, 1);
  EXPECT_TRUE(row.lower_bound);
}

// Two monitors' records of one group, merged: counted once, at the size
// of the record it was merged into.
TEST_F(ReportTest, MergedGroupsCountOnceAtTheirSize) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string first = AddGroup("Synthetic Column-A", 25);
  std::string second = AddGroup("Synthetic Column-A2", 20);
  Detain(incident, first, {"fined"});
  Detain(incident, second, {"fined"});
  Merge(second, first);
  ReportRow row = Only();
  EXPECT_EQ(row.detained, 25);
  EXPECT_EQ(row.from_groups, 25);
  EXPECT_EQ(row.groups, 1);
}

// A person merged from two monitors' lists: the most recent status change
// decides, not the detention whose detained_at text sorts last. Monitor
// one wrote the time of arrest (which sorts after a bare date) but not the
// release; monitor two wrote the release.
TEST_F(ReportTest, StatusAfterAMergeIsTheMostRecentChange) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string one = AddPerson("Testov Synthetic-01");
  std::string two = AddPerson("Testov Synthetic-One");
  DetainDated(incident, two, "2020-02-22",
              {{"administrative_detention", "2020-02-23"},
               {"released", "2020-03-05"}});
  DetainDated(incident, one, "2020-02-22T14:05",
              {{"administrative_detention", "2020-02-23"}});
  Merge(two, one);
  ReportRow row = Only();
  EXPECT_EQ(row.detained, 1);
  EXPECT_EQ(row.released, 1);
  EXPECT_EQ(row.by_status.count("administrative_detention"), 0u);
}

// Dates are compared as dates: 2020-02-23T01:00+06:00 is 19:00 UTC on the
// 22nd, before 20:00 UTC, although its text sorts after.
TEST_F(ReportTest, StatusDatesCompareAsInstantsAcrossZones) {
  std::string incident = AddIncident("Synthetic protest", "Almaty",
                                     "2020-02-22");
  std::string one = AddPerson("Testov Synthetic-02");
  std::string two = AddPerson("Testov Synthetic-Two");
  DetainDated(incident, one, "2020-02-22T12:00:00Z",
              {{"administrative_detention", "2020-02-22T20:00:00Z"}});
  DetainDated(incident, two, "2020-02-22T13:00:00Z",
              {{"released", "2020-02-23T01:00:00+06:00"}});
  Merge(two, one);
  ReportRow row = Only();
  EXPECT_EQ(row.by_status.at("administrative_detention"), 1);
  EXPECT_EQ(row.released, 0);
}

// A month-precision release in March is after a status of 25 February;
// as text "2020-03" sorts after too, but "2020-02-25" and "2020-02" must
// not be taken as ordered: the later detention decides then.
TEST(ReportPeopleTest, MostRecentStatusComparesOnCommonPrecision) {
  auto since = [](const char* id, const char* status, const char* date,
                  const char* detained) {
    StatusSince candidate;
    candidate.detention_id = id;
    candidate.status = status;
    candidate.since = Date(date);
    candidate.detained_at = Date(detained);
    return candidate;
  };
  EXPECT_EQ(MostRecentStatus({since("a", "released", "2020-03", "2020-02-22"),
                              since("b", "fined", "2020-02-25", "2020-02-22")}),
            0u);
  EXPECT_EQ(MostRecentStatus({since("a", "fined", "2020-02-25", "2020-02-23"),
                              since("b", "released", "2020-02", "2020-02-22")}),
            0u);
  // Equal days: the detention of the later time wins, compared as
  // instants ("2020-02-22T21:00:00+06:00" is 15:00 UTC).
  EXPECT_EQ(MostRecentStatus(
                {since("a", "fined", "2020-02-23", "2020-02-22T16:00:00Z"),
                 since("b", "released", "2020-02-23",
                       "2020-02-22T21:00:00+06:00")}),
            0u);
}

// An undated last status holds at least since the date before it.
TEST(ReportPeopleTest, UndatedLastStatusHoldsSinceTheDateBeforeIt) {
  Detention detention = SampleDetention();
  detention.detained_at = Date("2020-02-22");
  detention.status_history = {
      {"administrative_detention", Date("2020-02-23"), 10, "", "", ""},
      {"released", PartialDate(), std::nullopt, "", "", ""}};
  auto since = StatusSinceOf(detention.meta.id, ToJson(detention).dump());
  ASSERT_TRUE(since.ok()) << since.status().ToString();
  EXPECT_EQ(since->status, "released");
  EXPECT_EQ(since->since.text(), "2020-02-23");
  detention.status_history.clear();
  since = StatusSinceOf(detention.meta.id, ToJson(detention).dump());
  ASSERT_TRUE(since.ok());
  EXPECT_EQ(since->status, "");
  EXPECT_EQ(since->since.text(), "2020-02-22");
  EXPECT_EQ(StatusSinceOf("x", "not json").status().code(),
            StatusCode::kCorruption);
}

// The same place in Latin and Cyrillic script, and in capitals, is one row
// of the breakdown by place, shown as most incidents write it; the row
// counts each person once and agrees with the total of the date.
TEST_F(ReportTest, PlacesInOtherScriptsAreOneRow) {
  std::string cyrillic = AddIncident("Synthetic march", "Алматы",
                                     "2020-02-22");
  std::string latin = AddIncident("Synthetic picket", "Almaty", "2020-02-22");
  std::string capitals = AddIncident("Synthetic rally", "ALMATY",
                                     "2020-02-22");
  std::string elsewhere = AddIncident("Synthetic vigil", "Nur-Sultan",
                                      "2020-02-22");
  std::string also_latin = AddIncident("Synthetic sit-in", "Almaty",
                                       "2020-02-22");
  std::string a = AddPerson("Testov Synthetic-01");
  std::string b = AddPerson("Testov Synthetic-02");
  std::string c = AddPerson("Testov Synthetic-03");
  Detain(cyrillic, a, {"fined"});
  Detain(latin, a, {"fined"});  // one person in two spellings' incidents
  Detain(capitals, b, {"administrative_detention"});
  Detain(also_latin, AddGroup("Synthetic Column-05", 5), {"released"});
  Detain(elsewhere, c, {"fined"});
  ReportOptions options;
  options.grouping = ReportGrouping::kPlaceAndDate;
  auto rows = BuildReport(temp_.db(), *normalizer_, options);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].place, "Almaty");
  EXPECT_EQ((*rows)[0].incidents, 4);
  EXPECT_EQ((*rows)[0].detained, 7);
  EXPECT_EQ((*rows)[0].by_status.at("fined"), 1);
  EXPECT_EQ((*rows)[0].from_groups, 5);
  EXPECT_EQ((*rows)[1].place, "Nur-Sultan");
  EXPECT_EQ((*rows)[1].detained, 1);
  options.grouping = ReportGrouping::kPlace;
  rows = BuildReport(temp_.db(), *normalizer_, options);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].place, "Almaty");
  // The date's total is the places' rows added up.
  EXPECT_EQ(Only(ReportGrouping::kDate).detained, 8);
  // Per incident, each keeps its own spelling.
  rows = BuildReport(temp_.db(), *normalizer_, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
}

// Of two spellings used equally often, the first recorded names the row.
TEST_F(ReportTest, PlaceSpellingTiesGoToTheFirstRecorded) {
  std::string cyrillic = AddIncident("Synthetic march", "Алматы",
                                     "2020-02-22");
  std::string latin = AddIncident("Synthetic picket", "Almaty", "2020-02-22");
  Detain(cyrillic, AddPerson("Testov Synthetic-01"), {"fined"});
  Detain(latin, AddPerson("Testov Synthetic-02"), {"fined"});
  ReportRow row = Only(ReportGrouping::kPlace);
  EXPECT_EQ(row.place, "Алматы");
  EXPECT_EQ(row.detained, 2);
}

TEST_F(ReportTest, PlaceNamesFoldLikeNames) {
  auto shown = PlaceNames(*normalizer_, {"Kostanay", "Қостанай", "Qostanay",
                                         "Qostanay", "", "Nur-Sultan"});
  EXPECT_EQ(shown.at("Kostanay"), "Qostanay");
  EXPECT_EQ(shown.at("Қостанай"), "Qostanay");
  EXPECT_EQ(shown.at(""), "");
  EXPECT_EQ(shown.at("Nur-Sultan"), "Nur-Sultan");
  EXPECT_NE(PlaceKey(*normalizer_, ""), PlaceKey(*normalizer_, "Almaty"));
}

}  // namespace
}  // namespace fieldvault::core
