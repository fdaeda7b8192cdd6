#include "core/records/record_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "core/uuid.h"
#include "tests/core/records/records_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;

class RecordStoreTest : public RecordsTest {
 protected:
  RecordStoreTest() : RecordsTest("vault-synthetic", 42) {
    observer_ = [this](const RecordChange& c) {
      changes_.push_back(c.action + " " + c.record_type);
      return Status::Ok();
    };
  }

  // Stores the sample incident, person, source and detention.
  void AddSamples() {
    ASSERT_TRUE(store_->Create(SampleIncident()).ok());
    ASSERT_TRUE(store_->Create(SamplePerson()).ok());
    ASSERT_TRUE(store_->Create(SampleSource()).ok());
    auto detention = store_->Create(SampleDetention());
    ASSERT_TRUE(detention.ok()) << detention.status().ToString();
  }

  std::vector<std::string> changes_;
};

TEST_F(RecordStoreTest, CreateFillsMetaAndReadsBack) {
  Incident draft = SampleIncident();
  draft.meta = RecordMeta{};
  auto created = store_->Create(draft);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(IsCanonicalUuid(created->meta.id));
  EXPECT_EQ(created->meta.version, 1);
  EXPECT_EQ(created->meta.created_by, "vault-synthetic");
  EXPECT_EQ(created->meta.created_at, clock_.NowMicros());
  EXPECT_EQ(*store_->Get<Incident>(created->meta.id), *created);
  EXPECT_EQ(changes_, std::vector<std::string>{"created incident"});
}

TEST_F(RecordStoreTest, PersonsGetMatchKeysAndScripts) {
  Person person = SamplePerson();
  person.names = {{"Тестов Синтетик", "", "", "", ""},
                  {"TESTOV  Sintétik", "", "", "", ""}};
  auto created = store_->Create(person);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->names[0].script, "Cyrl");
  EXPECT_EQ(created->names[1].script, "Latn");
  EXPECT_EQ(created->names[0].match_key, "testov sintetik");
  EXPECT_EQ(created->names[1].match_key, "testov sintetik");
  auto hits = index_->Search("testov", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].record_id, kPersonId);
  person.names = {{"---", "", "", "", ""}};
  person.meta.id.clear();
  EXPECT_EQ(store_->Create(person).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, ReferencesMustExist) {
  auto missing = store_->Create(SampleDetention());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("person_id"), std::string::npos);
  AddSamples();
  Detention other = SampleDetention();
  other.meta.id.clear();
  other.status_history[1].source_id = "66666666-6666-4666-8666-666666666666";
  EXPECT_EQ(store_->Create(other).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Create(SampleIncident()).status().code(),
            StatusCode::kAlreadyExists);
}

TEST_F(RecordStoreTest, EditKeepsHistoryAndChecksVersion) {
  AddSamples();
  clock_.Advance(1000);
  Detention detention = *store_->Get<Detention>(kDetentionId);
  detention.status_history.push_back(
      {"released", Date("2020-03-09"), std::nullopt, "", "family", ""});
  auto updated = store_->Update(detention);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(updated->meta.updated_at, clock_.NowMicros());
  EXPECT_EQ(CurrentStatus(*updated), "released");
  // Unchanged content makes no new version.
  auto same = store_->Update(*updated);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->meta.version, 2);
  // A stale copy is refused.
  EXPECT_EQ(store_->Update(detention).status().code(),
            StatusCode::kFailedPrecondition);
  auto history = store_->History(kDetentionType, kDetentionId);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].body["status_history"].size(), 2u);
  EXPECT_EQ((*history)[1].body["status_history"].size(), 3u);
  EXPECT_EQ(changes_.back(), "edited detention");
}

TEST_F(RecordStoreTest, EditChangesConfidentialityButNoOtherMeta) {
  AddSamples();
  Detention detention = *store_->Get<Detention>(kDetentionId);
  ASSERT_NE(detention.meta.confidentiality, "public");
  detention.meta.confidentiality = "public";
  detention.meta.created_by = "someone-else";
  auto updated = store_->Update(detention);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->meta.version, 2);
  EXPECT_EQ(store_->Get<Detention>(kDetentionId)->meta.confidentiality,
            "public");
  EXPECT_EQ(store_->Get<Detention>(kDetentionId)->meta.created_by,
            "vault-synthetic");
  detention = *updated;
  detention.meta.confidentiality = "secret";
  EXPECT_EQ(store_->Update(detention).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Get<Detention>(kDetentionId)->meta.version, 2);
}

TEST_F(RecordStoreTest, DeleteIsATombstone) {
  AddSamples();
  auto version = store_->Delete(kDetentionType, kDetentionId);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 2);
  EXPECT_TRUE(store_->List<Detention>()->empty());
  ListFilter all;
  all.include_deleted = true;
  ASSERT_EQ(store_->List<Detention>(all)->size(), 1u);
  auto tombstone = store_->Get<Detention>(kDetentionId);
  ASSERT_TRUE(tombstone.ok());
  EXPECT_TRUE(tombstone->meta.deleted);
  EXPECT_EQ(tombstone->case_number, SampleDetention().case_number);
  EXPECT_EQ(store_->History(kDetentionType, kDetentionId)->size(), 2u);
  EXPECT_EQ(store_->Delete(kDetentionType, kDetentionId).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Update(*tombstone).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(changes_.back(), "deleted detention");
}

TEST_F(RecordStoreTest, ListsFilterByIncidentAndPerson) {
  AddSamples();
  ListFilter filter;
  filter.incident_id = kIncidentId;
  EXPECT_EQ(store_->List<Detention>(filter)->size(), 1u);
  filter.incident_id = "77777777-7777-4777-8777-777777777777";
  EXPECT_TRUE(store_->List<Detention>(filter)->empty());
  filter = {};
  filter.person_id = kPersonId;
  EXPECT_EQ(store_->List<Detention>(filter)->size(), 1u);
  EXPECT_EQ(store_->List<Person>()->size(), 1u);
  EXPECT_EQ(store_->List<Source>()->size(), 1u);
  EXPECT_EQ(store_->List<Incident>()->size(), 1u);
}

TEST_F(RecordStoreTest, ResolvesIdPrefixes) {
  AddSamples();
  EXPECT_EQ(*store_->ResolveId(kIncidentType, "1111"), kIncidentId);
  EXPECT_EQ(*store_->ResolveId(kIncidentType, kIncidentId), kIncidentId);
  EXPECT_EQ(store_->ResolveId(kIncidentType, "2222").status().code(),
            StatusCode::kNotFound);
  Status unknown = store_->ResolveId(kWitnessAccountType, "2222").status();
  EXPECT_EQ(unknown.message(), "no witness account with id 2222 in this vault");
  EXPECT_EQ(unknown.hint(),
            "list them with `fieldvault witness list` (`--deleted` for deleted "
            "ones)");
  EXPECT_EQ(store_->ResolveId(kIncidentType, "11").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ResolveId(kIncidentType, "11%_").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, WitnessTextAndNamesAreNotInTheFileInClear) {
  AddSamples();
  ASSERT_TRUE(store_->Create(SampleWitnessAccount()).ok());
  std::ifstream file(temp_.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)),
                    std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 4096u);
  for (const char* secret : {"Synthetic statement", "Тестов", "Testov",
                             "testov sintetik", "Witness Synthetic-A"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

}  // namespace
}  // namespace fieldvault::core
