#include "core/records/duplicate_persons.h"

#include <gtest/gtest.h>

#include "core/records/person_merge.h"
#include "core/records/report.h"
#include "tests/core/records/records_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;

class DuplicatePersonsTest : public RecordsTest {
 protected:
  DuplicatePersonsTest() : RecordsTest("vault-synthetic", 11) {}

  std::string AddPerson(std::vector<const char*> names, const char* birth,
                        const char* sex = "unknown") {
    Person person;
    for (const char* name : names) person.names.push_back({name, "", "", "", ""});
    person.birth_date = Date(birth);
    person.sex = sex;
    auto created = store_->Create(person);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    clock_.Advance(1000);
    return created->meta.id;
  }

  std::string AddIncident(const char* title) {
    Incident incident = SampleIncident();
    incident.meta = {};
    incident.title = title;
    auto created = store_->Create(incident);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created->meta.id;
  }

  void Detain(const std::string& incident, const std::string& person,
              const char* status) {
    Detention detention;
    detention.incident_id = incident;
    detention.person_id = person;
    detention.detained_at = Date("2020-02-22");
    detention.status_history.push_back(
        {status, Date("2020-02-22"), std::nullopt, "", "synthetic list", ""});
    ASSERT_TRUE(store_->Create(detention).ok());
  }

  std::vector<DuplicateGroup> Find(DuplicateGrade min = DuplicateGrade::kPossible) {
    auto groups = FindDuplicatePersonsInVault(*store_, {min, ""});
    EXPECT_TRUE(groups.ok()) << groups.status().ToString();
    return groups.ok() ? *groups : std::vector<DuplicateGroup>{};
  }

  int64_t Detained() {
    auto rows =
        BuildReport(db(), *normalizer_, {ReportGrouping::kPlaceAndDate, ""});
    EXPECT_TRUE(rows.ok());
    return rows.ok() && !rows->empty() ? rows->front().detained : -1;
  }
};

std::vector<std::string> Codes(const DuplicateLink& link) {
  std::vector<std::string> codes;
  for (const auto& reason : link.reasons) codes.push_back(reason.code);
  return codes;
}

TEST_F(DuplicatePersonsTest, CyrillicAndLatinSpellingsAreCertain) {
  std::string incident = AddIncident("Synthetic protest A");
  std::string other = AddIncident("Synthetic protest B");
  std::string cyrillic = AddPerson({"Тестов Синтетик"}, "1984", "male");
  std::string latin = AddPerson({"TESTOV Sintetik"}, "1984-05-17");
  Detain(incident, cyrillic, "fined");
  Detain(other, latin, "fined");
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 1u);
  const DuplicateGroup& group = groups.front();
  EXPECT_EQ(group.grade, DuplicateGrade::kCertain);
  ASSERT_EQ(group.members.size(), 2u);
  EXPECT_EQ(group.members[0].id, cyrillic);  // the oldest is the target
  ASSERT_EQ(group.links.size(), 1u);
  EXPECT_EQ(Codes(group.links[0]),
            (std::vector<std::string>{"same_match_key", "same_birth_year",
                                      "same_place_and_date"}));
  EXPECT_EQ(group.links[0].reasons[0].detail, "testov sintetik");
  EXPECT_EQ(group.certain_merges, 1u);
}

TEST_F(DuplicatePersonsTest, BirthYearConflictIsOnlyPossibleAndNeverMerged) {
  AddPerson({"Тестов Вымысел"}, "1998");
  AddPerson({"Testov Vymysel"}, "1999");
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].grade, DuplicateGrade::kPossible);
  EXPECT_TRUE(groups[0].links[0].conflict);
  EXPECT_EQ(groups[0].links[0].reasons[1].code, "birth_date_conflict");
  EXPECT_EQ(groups[0].certain_merges, 0u);
  EXPECT_TRUE(Find(DuplicateGrade::kLikely).empty());
  auto merges = MergeCertainDuplicates(*store_);
  ASSERT_TRUE(merges.ok());
  EXPECT_TRUE(merges->empty());
}

TEST_F(DuplicatePersonsTest, SexConflictDemotesAndWeakNamesWithConflictDrop) {
  AddPerson({"Primerova Sintetika"}, "1980", "female");
  AddPerson({"Primerova Sintetika"}, "1980", "male");
  AddPerson({"Obraztsov Uslovnyi"}, "1970");
  AddPerson({"Obraztsov Uslovnoi"}, "1971");  // one letter and a conflict
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].grade, DuplicateGrade::kPossible);
  EXPECT_EQ(groups[0].links[0].reasons[2].code, "sex_conflict");
}

TEST_F(DuplicatePersonsTest, TypoAndTransliterationVariantAreLikely) {
  std::string a = AddPerson({"Testov Synthetik"}, "1985");
  std::string b = AddPerson({"Testov Synthetic"}, "1985");
  AddPerson({"Примеров Юрий"}, "1970");
  AddPerson({"Primerov Iurii"}, "1970");
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 2u);
  for (const auto& group : groups) {
    EXPECT_EQ(group.grade, DuplicateGrade::kLikely);
    EXPECT_EQ(group.certain_merges, 0u);
  }
  EXPECT_EQ(groups[0].links[0].reasons[0].code, "one_letter_apart");
  EXPECT_EQ(groups[1].links[0].reasons[0].code, "spelling_variant");
  EXPECT_TRUE(Find(DuplicateGrade::kCertain).empty());
}

TEST_F(DuplicatePersonsTest, SameNameUnknownBirthNeedsASharedIncident) {
  std::string incident = AddIncident("Synthetic protest");
  std::string a = AddPerson({"Obraztsova Maketa"}, "");
  std::string b = AddPerson({"Образцова Макета"}, "");
  EXPECT_EQ(Find()[0].grade, DuplicateGrade::kPossible);
  Detain(incident, a, "released");
  Detain(incident, b, "released");
  std::vector<DuplicateGroup> groups = Find();
  EXPECT_EQ(groups[0].grade, DuplicateGrade::kLikely);
  EXPECT_EQ(groups[0].links[0].reasons[2].code, "same_incident");
}

TEST_F(DuplicatePersonsTest, DistinctPeopleAndGroupsAreNotCandidates) {
  AddPerson({"Testov Synthetic-01"}, "1977");
  AddPerson({"Testov Synthetic-02"}, "1977");
  Person group;
  group.kind = "group";
  group.group_size = 40;
  group.names = {{"Testov Synthetic-01", "", "", "", ""}};
  ASSERT_TRUE(store_->Create(group).ok());
  EXPECT_TRUE(Find().empty());
}

TEST_F(DuplicatePersonsTest, MergeCertainIsReversibleAndCountsOnce) {
  std::string incident = AddIncident("Synthetic protest");
  std::string a = AddPerson({"Тестов Синтетик"}, "1984");
  std::string b = AddPerson({"Testov Sintetik"}, "1984");
  std::string c = AddPerson({"Hélène Exemplova"}, "1973");
  std::string d = AddPerson({"Helene Exemplova"}, "1973");
  std::string e = AddPerson({"Testov Synthetik"}, "1985");
  std::string f = AddPerson({"Testov Synthetic"}, "1985");
  for (const auto& id : {a, b, c, d, e, f}) Detain(incident, id, "fined");
  EXPECT_EQ(Detained(), 6);
  auto merges = MergeCertainDuplicates(*store_);
  ASSERT_TRUE(merges.ok()) << merges.status().ToString();
  ASSERT_EQ(merges->size(), 2u);
  EXPECT_EQ(Detained(), 4);  // the likely pair is left for review
  EXPECT_EQ(store_->Get<Person>(b)->merged_into, a);
  EXPECT_EQ(store_->Get<Person>(d)->merged_into, c);
  // Merged persons are not listed again; only the likely pair is left.
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].grade, DuplicateGrade::kLikely);
  // Undo: the person is live and a candidate again.
  Person merged = *store_->Get<Person>(b);
  merged.merged_into.clear();
  ASSERT_TRUE(store_->Update(merged).ok());
  EXPECT_EQ(Detained(), 5);
  EXPECT_EQ(Find(DuplicateGrade::kCertain).size(), 1u);
}

TEST_F(DuplicatePersonsTest, MergedSpellingsStillFindNewDuplicates) {
  std::string a = AddPerson({"Тестов Условный"}, "1980");
  std::string b = AddPerson({"Testov Uslovnyi"}, "1980");
  Person merged = *store_->Get<Person>(b);
  ASSERT_TRUE(MarkMerged(*store_, merged, a).ok());
  ASSERT_TRUE(store_->Update(merged).ok());
  EXPECT_TRUE(Find().empty());
  // A third list spells the name as the merged duplicate did: still found.
  std::string c = AddPerson({"TESTOV Uslovnyi"}, "1980");
  std::vector<DuplicateGroup> groups = Find();
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_EQ(groups[0].members.size(), 2u);
  EXPECT_EQ(groups[0].members[0].id, a);
  EXPECT_EQ(groups[0].members[1].id, c);
}

TEST_F(DuplicatePersonsTest, MarkMergedRefusesLoopsAndMergedTargets) {
  std::string a = AddPerson({"Testov Sintetik"}, "1984");
  std::string b = AddPerson({"Testov Sintetik"}, "1984");
  std::string c = AddPerson({"Testov Sintetik"}, "1984");
  Person person = *store_->Get<Person>(a);
  EXPECT_EQ(MarkMerged(*store_, person, a).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MarkMerged(*store_, person, "99999999-9999-4999-8999-999999999999")
                .code(),
            StatusCode::kNotFound);
  Person pb = *store_->Get<Person>(b);
  ASSERT_TRUE(MarkMerged(*store_, pb, a).ok());
  ASSERT_TRUE(store_->Update(pb).ok());
  Status loop = MarkMerged(*store_, person, b);
  EXPECT_EQ(loop.code(), StatusCode::kFailedPrecondition);
  Person pc = *store_->Get<Person>(c);
  Status chained = MarkMerged(*store_, pc, b);
  EXPECT_EQ(chained.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(chained.hint().find(a.substr(0, 8)), std::string::npos);
  // b is merged into a: merging it again, or elsewhere, is refused.
  pb = *store_->Get<Person>(b);
  EXPECT_EQ(MarkMerged(*store_, pb, a).code(), StatusCode::kFailedPrecondition);
  Status moved = MarkMerged(*store_, pb, c);
  EXPECT_EQ(moved.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(moved.message().find("merged into " + a.substr(0, 8) + " already"),
            std::string::npos);
  EXPECT_NE(moved.hint().find("--unmerge"), std::string::npos);
  EXPECT_EQ(store_->Get<Person>(b)->merged_into, a);
}

TEST_F(DuplicatePersonsTest, ReportFollowsChainsOfMerges) {
  std::string incident = AddIncident("Synthetic protest");
  std::string a = AddPerson({"Testov Sintetik"}, "1984");
  std::string b = AddPerson({"Testov Sintetik"}, "1984");
  std::string c = AddPerson({"Testov Sintetik"}, "1984");
  for (const auto& id : {a, b, c}) Detain(incident, id, "fined");
  // c -> b by an older edit, then b -> a: c counts as a.
  Person pc = *store_->Get<Person>(c);
  pc.merged_into = b;
  ASSERT_TRUE(store_->Update(pc).ok());
  Person pb = *store_->Get<Person>(b);
  pb.merged_into = a;
  ASSERT_TRUE(store_->Update(pb).ok());
  EXPECT_EQ(Detained(), 1);
}

TEST_F(DuplicatePersonsTest, MergeCertainIsAllOrNothing) {
  AddPerson({"Тестов Синтетик"}, "1984");
  AddPerson({"Testov Sintetik"}, "1984");
  AddPerson({"Hélène Exemplova"}, "1973");
  AddPerson({"Helene Exemplova"}, "1973");
  int changes = 0;
  RecordStore failing(db(), clock_, random_, vault_id_, *normalizer_,
                      &*index_, [&](const RecordChange&) {
                        return ++changes == 2 ? Status::IoError("disk full")
                                              : Status::Ok();
                      });
  {
    auto transaction = Transaction::Begin(db());
    ASSERT_TRUE(transaction.ok());
    auto merges = MergeCertainDuplicates(failing);
    EXPECT_EQ(merges.status().code(), StatusCode::kIoError);
  }  // rolled back
  EXPECT_EQ(changes, 2);
  EXPECT_EQ(Find(DuplicateGrade::kCertain).size(), 2u);
}

TEST(DuplicateGradeTest, Names) {
  EXPECT_EQ(*ParseDuplicateGrade("likely"), DuplicateGrade::kLikely);
  EXPECT_EQ(DuplicateGradeName(DuplicateGrade::kCertain), "certain");
  EXPECT_EQ(ParseDuplicateGrade("sure").status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault::core
