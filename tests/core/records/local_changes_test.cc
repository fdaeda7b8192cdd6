// When records changed in this vault (changed_at): local writes and
// imports set it, the received JSON keeps its sender's updated_at, a
// person counts as changed with a detention naming them, and migration
// 10's backfill takes the latest local write it can prove.
#include "core/records/local_changes.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/records/record_exchange.h"
#include "core/records/record_json.h"
#include "core/records/record_rows.h"
#include "core/records/record_store.h"
#include "core/records/records_schema.h"
#include "core/records/version_source.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/temp_database.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;

constexpr int64_t kStart = 1582363800LL * 1000000;
constexpr int64_t kSecond = 1000000;

class LocalChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    auto vault = Vault::Create(scratch_.Join("vault"), testing::Secret("synthetic pass"),
                               testing::LowCost(), random_, clock_);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    vault_.emplace(std::move(vault).value());
    store_.emplace(db(), vault_->clock(), random_, vault_->vault_id(), *normalizer_,
                   nullptr, ChangeObserver());
  }

  Database& db() { return vault_->db(); }

  // Imports `record` as received at `received_at` from another vault.
  void Receive(std::string_view type, const nlohmann::json& record, int64_t received_at) {
    RecordImporter importer(db(), *normalizer_, nullptr);
    auto outcome = importer.Import(type, record, {"OTHERKEY", "bundle-1", received_at});
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  }

  int64_t ChangedAt(const char* table, const char* id) {
    auto statement = db().Prepare("SELECT changed_at FROM " + std::string(table) +
                                  " WHERE id = ?");
    EXPECT_TRUE(statement.ok());
    EXPECT_TRUE(statement->BindText(1, id).ok());
    auto row = statement->Step();
    EXPECT_TRUE(row.ok() && *row);
    return statement->ColumnInt64(0);
  }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{5};
  FixedClock clock_{kStart};
  std::optional<NameNormalizer> normalizer_;
  std::optional<Vault> vault_;
  std::optional<RecordStore> store_;
};

TEST_F(LocalChangesTest, AReceivedRecordChangedWhenItArrivedAndKeepsItsJson) {
  clock_.Advance(kSecond);
  ASSERT_TRUE(store_->Create(SampleIncident()).ok());
  EXPECT_EQ(ChangedAt("incidents", kIncidentId), kStart + kSecond);

  Person person = SamplePerson();  // updated_at: the sender's, long before
  person.meta.created_by = "other-vault";
  Receive(kPersonType, ToJson(person), kStart + 9 * kSecond);
  EXPECT_EQ(ChangedAt("persons", kPersonId), kStart + 9 * kSecond);
  auto stored = store_->Get<Person>(kPersonId);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->meta.updated_at, person.meta.updated_at);

  // Selected by when it arrived, not by its sender's updated_at.
  int found = 0;
  ASSERT_TRUE(ExportRecords(db(), kPersonType, kStart + 5 * kSecond,
                            [&](const nlohmann::json& json) {
                              ++found;
                              EXPECT_EQ(json, ToJson(*stored));
                              return Status::Ok();
                            }).ok());
  EXPECT_EQ(found, 1);

  // Received again unchanged: nothing changed here.
  Receive(kPersonType, ToJson(person), kStart + 20 * kSecond);
  EXPECT_EQ(ChangedAt("persons", kPersonId), kStart + 9 * kSecond);
}

TEST_F(LocalChangesTest, APersonChangesWithADetentionThatNamesThem) {
  clock_.Advance(kSecond);
  ASSERT_TRUE(store_->Create(SampleIncident()).ok());
  ASSERT_TRUE(store_->Create(SamplePerson()).ok());
  ASSERT_TRUE(store_->Create(SampleSource()).ok());
  EXPECT_FALSE(*ChangedAfter(db(), kPersonType, kPersonId, kStart + kSecond));
  clock_.Advance(kSecond);
  ASSERT_TRUE(store_->Create(SampleDetention()).ok());
  EXPECT_TRUE(*ChangedAfter(db(), kPersonType, kPersonId, kStart + kSecond));
  EXPECT_FALSE(*ChangedAfter(db(), kIncidentType, kIncidentId, kStart + kSecond));
  EXPECT_FALSE(*ChangedAfter(db(), kPersonType, "no-such-person", 0));
  EXPECT_FALSE(ChangedAfter(db(), "no-such-type", kPersonId, 0).ok());
}

TEST_F(LocalChangesTest, BackfillTakesTheLatestLocalWriteItCanProve) {
  // A record made here; one made here and replaced by an import; one
  // received and never replaced; a bundle imported last.
  clock_.Advance(kSecond);
  ASSERT_TRUE(store_->Create(SampleSource()).ok());
  ASSERT_TRUE(store_->Create(SampleIncident()).ok());
  auto incident = store_->Get<Incident>(kIncidentId);
  ASSERT_TRUE(incident.ok());
  incident->meta.edits["other-vault"] = 1;  // an edit at HQ
  incident->meta.version = 2;
  incident->title = "Synthetic title edited at HQ";
  Receive(kIncidentType, ToJson(*incident), kStart + 7 * kSecond);
  Person person = SamplePerson();
  person.meta.created_by = "other-vault";
  Receive(kPersonType, ToJson(person), kStart + 5 * kSecond);
  ASSERT_TRUE(db().Exec("INSERT INTO received_bundles (bundle_id, bundle_blake2b,"
                        " signer_public_key, sequence, manifest_blake2b,"
                        " previous_manifest, verdict, detail, received_at) VALUES"
                        " ('b', '', '', 1, '', '', 'imported', '', " +
                        std::to_string(kStart + 8 * kSecond) + ")")
                  .ok());

  // As a vault before migration 10 holds them.
  for (const char* table : {"sources", "incidents", "persons"}) {
    ASSERT_TRUE(db().Exec(std::string("UPDATE ") + table + " SET changed_at = 0").ok());
  }
  ASSERT_TRUE(BackfillChangedAt(db()).ok());
  EXPECT_EQ(ChangedAt("sources", kSourceId), kStart + kSecond);
  EXPECT_EQ(ChangedAt("incidents", kIncidentId), kStart + 7 * kSecond);
  // When it arrived is not known: no earlier than the latest import.
  EXPECT_EQ(ChangedAt("persons", kPersonId), kStart + 8 * kSecond);
}

TEST(AddChangedAtColumnsTest, AVaultFromBeforeGetsTheColumnOnce) {
  TempDatabase temp;
  Database& db = temp.db();
  ASSERT_TRUE(CreateRecordsSchema(db).ok());
  // The sources table as schema 9 had it.
  ASSERT_TRUE(db.Exec("DROP TABLE sources; CREATE TABLE sources ("
                      " id TEXT PRIMARY KEY NOT NULL,"
                      " version INTEGER NOT NULL CHECK (version >= 1),"
                      " created_at INTEGER NOT NULL, created_by TEXT NOT NULL,"
                      " updated_at INTEGER NOT NULL, confidentiality TEXT NOT NULL,"
                      " deleted INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL,"
                      " source_type TEXT NOT NULL, title TEXT NOT NULL)")
                  .ok());
  ASSERT_TRUE(AddChangedAtColumns(db).ok());
  ASSERT_TRUE(AddChangedAtColumns(db).ok());  // a newer vault: nothing to add
  // Rows are written in the latest shape: migration 13's columns too.
  ASSERT_TRUE(AddVersionSourceColumns(db).ok());
  RecordRows rows(db);
  ASSERT_TRUE(rows.Insert(ToJson(SampleSource()), kStart + kSecond).ok());
  EXPECT_EQ(*db.QueryInt64("SELECT changed_at FROM sources"), kStart + kSecond);
}

}  // namespace
}  // namespace fieldvault::core
