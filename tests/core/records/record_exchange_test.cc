#include "core/records/record_exchange.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "core/records/records_schema.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;
using nlohmann::json;

// A database with the records schema and a store writing to it.
struct Side {
  Side(const NameNormalizer& normalizer, Clock& clock, uint64_t seed)
      : random(seed) {
    EXPECT_TRUE(CreateRecordsSchema(temp.db()).ok());
    EXPECT_TRUE(CreateSearchSchema(temp.db()).ok());
    auto created = SearchIndex::Create(temp.db(), normalizer);
    EXPECT_TRUE(created.ok());
    index.emplace(std::move(created).value());
    store.emplace(temp.db(), clock, random, "vault-" + std::to_string(seed),
                  normalizer, &*index, ChangeObserver());
  }
  TempDatabase temp;
  crypto::DeterministicRandom random;
  std::optional<SearchIndex> index;
  std::optional<RecordStore> store;
};

class RecordExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    field_ = std::make_unique<Side>(*normalizer_, clock_, 1);
    hq_ = std::make_unique<Side>(*normalizer_, clock_, 2);
    importer_.emplace(hq_->temp.db(), *normalizer_, &*hq_->index);
  }

  std::vector<json> Export(std::string_view type, int64_t since = 0) {
    return ExportFrom(*field_, type, since);
  }
  std::vector<json> ExportFrom(Side& side, std::string_view type,
                               int64_t since = 0) {
    std::vector<json> out;
    Status status = ExportRecords(side.temp.db(), type, since,
                                  [&](const json& record) {
                                    out.push_back(record);
                                    return Status::Ok();
                                  });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }

  ImportOutcome Import(std::string_view type, const json& record) {
    auto outcome = importer_->Import(type, record, provenance_);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return outcome.ok() ? *outcome : ImportOutcome::kUnchanged;
  }

  // Imports into the field vault (what HQ sends back).
  ImportOutcome ImportAtField(std::string_view type, const json& record) {
    RecordImporter importer(field_->temp.db(), *normalizer_, &*field_->index);
    auto outcome = importer.Import(type, record, provenance_);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return outcome.ok() ? *outcome : ImportOutcome::kUnchanged;
  }
  // Sets the title of the source on `side` (one edit there).
  void EditSource(Side& side, const std::string& title) {
    Source source = *side.store->Get<Source>(kSourceId);
    source.title = title;
    ASSERT_TRUE(side.store->Update(source).ok());
  }
  // The source, created at the field and imported at HQ.
  void ShareSource() {
    ASSERT_TRUE(field_->store->Create(SampleSource()).ok());
    ASSERT_EQ(Import(kSourceType, Export(kSourceType)[0]),
              ImportOutcome::kInserted);
  }

  FixedClock clock_{1582363800LL * 1000000};
  std::optional<NameNormalizer> normalizer_;
  std::unique_ptr<Side> field_, hq_;
  std::optional<RecordImporter> importer_;
  // The field vault's signer: records it first sent are its own
  // (version_source.h), so its deletions of them apply.
  Provenance provenance_{"RWSYNTHETICKEY", "99999999-9999-4999-8999-999999999999",
                         1582363800LL * 1000000, "RWSYNTHETICFIELDPUBLICKEY"};
};

TEST_F(RecordExchangeTest, VersionRules) {
  ASSERT_TRUE(field_->store->Create(SamplePerson()).ok());
  std::vector<json> v1 = Export(kPersonType);
  ASSERT_EQ(v1.size(), 1u);
  EXPECT_EQ(Import(kPersonType, v1[0]), ImportOutcome::kInserted);
  EXPECT_EQ(Import(kPersonType, v1[0]), ImportOutcome::kUnchanged);
  // The record arrives as the sender wrote it, found by name search.
  EXPECT_EQ(*hq_->store->Get<Person>(kPersonId),
            *field_->store->Get<Person>(kPersonId));
  EXPECT_EQ(hq_->index->Search("testov", {})->size(), 1u);

  clock_.Advance(10);
  Person edited = *field_->store->Get<Person>(kPersonId);
  edited.notes = "synthetic note";
  ASSERT_TRUE(field_->store->Update(edited).ok());
  // Only what changed since the first export.
  std::vector<json> v2 = Export(kPersonType, clock_.NowMicros() - 1);
  ASSERT_EQ(v2.size(), 1u);
  EXPECT_EQ(Import(kPersonType, v2[0]), ImportOutcome::kUpdated);
  EXPECT_EQ(Import(kPersonType, v1[0]), ImportOutcome::kIgnoredOlder);
  EXPECT_EQ(hq_->store->Get<Person>(kPersonId)->notes, "synthetic note");
  EXPECT_EQ(hq_->store->History(kPersonType, kPersonId)->size(), 2u);
  EXPECT_TRUE(ListConflicts(hq_->temp.db())->empty());
}

TEST_F(RecordExchangeTest, SameVersionOtherContentIsAConflict) {
  ASSERT_TRUE(field_->store->Create(SampleSource()).ok());
  json original = Export(kSourceType)[0];
  EXPECT_EQ(Import(kSourceType, original), ImportOutcome::kInserted);
  json other = original;
  other["title"] = "Synthetic court ruling (other copy)";
  EXPECT_EQ(Import(kSourceType, other), ImportOutcome::kConflict);
  EXPECT_EQ(Import(kSourceType, other), ImportOutcome::kConflict);
  auto conflicts = ListConflicts(hq_->temp.db());
  ASSERT_TRUE(conflicts.ok());
  ASSERT_EQ(conflicts->size(), 1u);  // kept once
  EXPECT_EQ((*conflicts)[0].record_id, kSourceId);
  EXPECT_EQ((*conflicts)[0].signer, "RWSYNTHETICKEY");
  EXPECT_EQ((*conflicts)[0].bundle_id, provenance_.bundle_id);
  EXPECT_EQ((*conflicts)[0].body["title"], other["title"]);
  // The stored record is untouched.
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->title, SampleSource().title);
}

TEST_F(RecordExchangeTest, TombstonesTravel) {
  ASSERT_TRUE(field_->store->Create(SampleIncident()).ok());
  EXPECT_EQ(Import(kIncidentType, Export(kIncidentType)[0]),
            ImportOutcome::kInserted);
  ASSERT_TRUE(field_->store->Delete(kIncidentType, kIncidentId).ok());
  EXPECT_EQ(Import(kIncidentType, Export(kIncidentType)[0]),
            ImportOutcome::kUpdated);
  EXPECT_TRUE(hq_->store->Get<Incident>(kIncidentId)->meta.deleted);
  EXPECT_TRUE(hq_->store->List<Incident>()->empty());
  EXPECT_TRUE(hq_->index->Search("protest", {})->empty());
}

TEST_F(RecordExchangeTest, MatchKeysAreRecomputedNotTrusted) {
  ASSERT_TRUE(field_->store->Create(SamplePerson()).ok());
  json forged = Export(kPersonType)[0];
  forged["names"][0]["match_key"] = "somebody else";
  EXPECT_EQ(Import(kPersonType, forged), ImportOutcome::kInserted);
  EXPECT_EQ(hq_->store->Get<Person>(kPersonId)->names[0].match_key,
            "testov sintetik");
}

TEST_F(RecordExchangeTest, BadRecordsAreRefusedAndChangeNothing) {
  ASSERT_TRUE(field_->store->Create(SampleIncident()).ok());
  json record = Export(kIncidentType)[0];
  auto wrong_type = importer_->Import(kPersonType, record, provenance_);
  EXPECT_EQ(wrong_type.status().code(), StatusCode::kInvalidArgument);
  record["country"] = "XX";
  auto invalid = importer_->Import(kIncidentType, record, provenance_);
  EXPECT_EQ(invalid.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(invalid.status().message().find("country"), std::string::npos);
  EXPECT_FALSE(importer_->Import(kIncidentType, json::array(), provenance_)
                   .ok());
  EXPECT_TRUE(hq_->store->List<Incident>()->empty());
  EXPECT_EQ(ExportRecords(hq_->temp.db(), "bundle", 0,
                          [](const json&) { return Status::Ok(); })
                .code(),
            StatusCode::kInvalidArgument);
}

// The stored text is exactly what parse + dump of ExportRecords' JSON
// gives, so a bundle may carry it as is.
TEST_F(RecordExchangeTest, StoredTextsAreTheCanonicalJson) {
  ASSERT_TRUE(field_->store->Create(SampleIncident()).ok());
  ASSERT_TRUE(field_->store->Create(SamplePerson()).ok());
  ASSERT_TRUE(field_->store->Create(SampleWitnessAccount()).ok());
  for (std::string_view type : ExchangeOrder()) {
    std::vector<json> records = Export(type);
    std::vector<std::pair<std::string, std::string>> texts;
    ASSERT_TRUE(ExportRecordTexts(field_->temp.db(), type, 0,
                                  TextCheck::kWellFormed,
                                  [&](std::string_view id, std::string_view body) {
                                    texts.emplace_back(id, body);
                                    return Status::Ok();
                                  })
                    .ok());
    ASSERT_EQ(texts.size(), records.size()) << type;
    for (size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(texts[i].first, records[i]["id"].get<std::string>());
      EXPECT_EQ(texts[i].second,
                records[i].dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  EXPECT_TRUE(*HasRecord(field_->temp.db(), kPersonType, kPersonId));
  EXPECT_FALSE(*HasRecord(field_->temp.db(), kPersonType, kIncidentId));
  ASSERT_TRUE(field_->store->Delete(kIncidentType, kIncidentId).ok());
  EXPECT_TRUE(*HasRecord(field_->temp.db(), kIncidentType, kIncidentId));
  EXPECT_EQ(HasRecord(field_->temp.db(), "bundle", kIncidentId).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(RecordExchangeTest, DamagedStoredTextIsCaughtWhenChecked) {
  ASSERT_TRUE(field_->store->Create(SampleIncident()).ok());
  ASSERT_TRUE(field_->temp.db()
                  .Exec("UPDATE incidents SET body = '{\"id\": \"cut short'")
                  .ok());
  auto count = [&](TextCheck check, int& n) {
    return ExportRecordTexts(field_->temp.db(), kIncidentType, 0, check,
                             [&](std::string_view, std::string_view) {
                               ++n;
                               return Status::Ok();
                             });
  };
  int checked = 0, unchecked = 0;
  Status status = count(TextCheck::kWellFormed, checked);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_NE(status.message().find("damaged"), std::string::npos);
  EXPECT_EQ(checked, 0);
  EXPECT_TRUE(count(TextCheck::kAlreadyChecked, unchecked).ok());
  EXPECT_EQ(unchecked, 1);
}

TEST_F(RecordExchangeTest, ExportStopsAtEmitError) {
  ASSERT_TRUE(field_->store->Create(SampleIncident()).ok());
  Status status = ExportRecords(field_->temp.db(), kIncidentType, 0,
                                [](const json&) {
                                  return Status::IoError("disk full");
                                });
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(ExchangeOrder().front(), kSourceType);
  EXPECT_EQ(ImportOutcomeName(ImportOutcome::kConflict), "conflict");
}

TEST_F(RecordExchangeTest, EditsOnBothSidesConflictWhateverTheVersions) {
  ShareSource();
  EditSource(*hq_, "Synthetic ruling (HQ's correction)");     // {f:1, h:1}
  EditSource(*field_, "Synthetic ruling (field, first edit)");  // {f:2}
  EditSource(*field_, "Synthetic ruling (field, second edit)");  // {f:3}
  json field_copy = Export(kSourceType)[0];
  ASSERT_EQ(field_copy["version"], 3);  // higher than HQ's 2
  // Version 3 does not hold HQ's edit: a conflict, HQ's edit stays.
  EXPECT_EQ(Import(kSourceType, field_copy), ImportOutcome::kConflict);
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->title,
            "Synthetic ruling (HQ's correction)");
  auto conflicts = ListConflicts(hq_->temp.db());
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].version, 3);
  EXPECT_EQ((*conflicts)[0].stored_version, 2);
  // And HQ's copy, at the field, conflicts with the field's too.
  EXPECT_EQ(ImportAtField(kSourceType, ExportFrom(*hq_, kSourceType)[0]),
            ImportOutcome::kConflict);
  EXPECT_EQ(field_->store->Get<Source>(kSourceId)->title,
            "Synthetic ruling (field, second edit)");
}

TEST_F(RecordExchangeTest, AnEditOnTopOfTheOtherSidesEditReplacesIt) {
  ShareSource();
  EditSource(*hq_, "Synthetic ruling (HQ's correction)");
  // HQ sends its edit back; the field's copy held no other edit.
  EXPECT_EQ(ImportAtField(kSourceType, ExportFrom(*hq_, kSourceType)[0]),
            ImportOutcome::kUpdated);
  EditSource(*field_, "Synthetic ruling (field, after HQ)");
  Source field_source = *field_->store->Get<Source>(kSourceId);
  EXPECT_EQ(field_source.meta.version, 3);
  EXPECT_EQ(field_source.meta.edits,
            (EditCounts{{"vault-1", 2}, {"vault-2", 1}}));
  // HQ takes it: it holds every edit HQ made.
  EXPECT_EQ(Import(kSourceType, Export(kSourceType)[0]),
            ImportOutcome::kUpdated);
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->title,
            "Synthetic ruling (field, after HQ)");
  EXPECT_TRUE(ListConflicts(hq_->temp.db())->empty());
}

TEST_F(RecordExchangeTest, ACopyMissingOnlyTheStoredEditsIsOlder) {
  ShareSource();
  json first = Export(kSourceType)[0];
  EditSource(*hq_, "Synthetic ruling (HQ's correction)");
  EXPECT_EQ(Import(kSourceType, first), ImportOutcome::kIgnoredOlder);
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->meta.version, 2);
}

TEST_F(RecordExchangeTest, ADeletionOnOneSideAndAnEditOnTheOtherConflict) {
  ShareSource();
  ASSERT_TRUE(hq_->store->Delete(kSourceType, kSourceId).ok());
  EditSource(*field_, "Synthetic ruling (field, after deletion)");
  EXPECT_EQ(Import(kSourceType, Export(kSourceType)[0]),
            ImportOutcome::kConflict);
  EXPECT_TRUE(hq_->store->Get<Source>(kSourceId)->meta.deleted);
}

TEST_F(RecordExchangeTest, VersionMustBeTheSumOfTheEdits) {
  ASSERT_TRUE(field_->store->Create(SampleSource()).ok());
  json forged = Export(kSourceType)[0];
  forged["version"] = 7;
  auto outcome = importer_->Import(kSourceType, forged, provenance_);
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.status().message().find("sum of the edit counts"),
            std::string::npos);
  forged["version"] = 1;
  forged["edits"] = {{"vault-1", 0}};
  EXPECT_FALSE(importer_->Import(kSourceType, forged, provenance_).ok());
  forged["edits"] = json::object();
  EXPECT_FALSE(importer_->Import(kSourceType, forged, provenance_).ok());
  EXPECT_FALSE(HasRecord(hq_->temp.db(), kSourceType, kSourceId).value());
}

// Bundles written before edit counts existed carry none: every version is
// credited to the record's creator.
TEST_F(RecordExchangeTest, ARecordWithoutEditCountsIsItsCreatorsEdits) {
  ASSERT_TRUE(field_->store->Create(SampleSource()).ok());
  EditSource(*field_, "Synthetic ruling (edited)");
  json legacy = Export(kSourceType)[0];
  legacy.erase("edits");
  EXPECT_EQ(Import(kSourceType, legacy), ImportOutcome::kInserted);
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->meta.edits,
            (EditCounts{{"vault-1", 2}}));
  // The same record with its counts is the same version.
  EXPECT_EQ(Import(kSourceType, Export(kSourceType)[0]),
            ImportOutcome::kUnchanged);
}

}  // namespace
}  // namespace fieldvault::core
