#include "core/records/report.h"

#include <gtest/gtest.h>

#include <optional>

#include "core/attachments/attachment_store.h"
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

  auto rows = BuildReport(temp_.db(), {});
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
  auto rows = BuildReport(temp_.db(), {});
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
  auto rows = BuildReport(temp_.db(), options);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].place, "Almaty");
  EXPECT_EQ((*rows)[0].incidents, 2);
  EXPECT_EQ((*rows)[0].detained, 2);
  EXPECT_TRUE((*rows)[0].incident_id.empty());
  EXPECT_EQ((*rows)[1].place, "Nur-Sultan");
  EXPECT_EQ((*rows)[1].detained, 1);
  options.grouping = ReportGrouping::kDate;
  rows = BuildReport(temp_.db(), options);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].detained, 2);
  EXPECT_EQ((*rows)[0].incidents, 3);
  options = {};
  options.incident_id = three;
  rows = BuildReport(temp_.db(), options);
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
  auto rows = BuildReport(temp_.db(), {});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->front().attachments, 2);
}

}  // namespace
}  // namespace fieldvault::core
