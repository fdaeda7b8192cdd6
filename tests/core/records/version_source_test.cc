// How each version of a record came to be in a vault, who first recorded
// it, and what an import does with changes to records another vault first
// recorded (core/records/version_source.h, record_exchange.h).
#include "core/records/version_source.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "core/records/conflict_resolution.h"
#include "core/records/record_exchange.h"
#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "core/records/records_schema.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;
using nlohmann::json;

constexpr char kKeyA[] = "RWSYNTHETICMONITORAKEY";
constexpr char kKeyB[] = "RWSYNTHETICMONITORBKEY";
constexpr char kBundle1[] = "11111111-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
constexpr char kBundle2[] = "22222222-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

// A vault's record tables and a store writing to them as `vault_id`.
struct Side {
  Side(const NameNormalizer& normalizer, Clock& clock, uint64_t seed,
       const std::string& vault_id)
      : random(seed) {
    EXPECT_TRUE(CreateRecordsSchema(temp.db()).ok());
    store.emplace(temp.db(), clock, random, vault_id, normalizer, nullptr,
                  ChangeObserver());
  }
  TempDatabase temp;
  crypto::DeterministicRandom random;
  std::optional<RecordStore> store;
};

class VersionSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    monitor_ = std::make_unique<Side>(*normalizer_, clock_, 1, "vault-monitor-a");
    hq_ = std::make_unique<Side>(*normalizer_, clock_, 2, "vault-hq");
  }
  // The record as `side` stores it now, as a bundle would carry it.
  json Carried(Side& side, std::string_view type, std::string_view id) {
    auto stored = side.store->rows().Load(type, id);
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return (*stored)->body;
  }
  // Imports `record` at HQ from the signer with `key`, in `bundle`.
  ImportOutcome ImportAtHq(std::string_view type, const json& record,
                           const std::string& key, const std::string& bundle,
                           std::vector<ForeignChange>* foreign = nullptr) {
    RecordImporter importer(hq_->temp.db(), *normalizer_, nullptr);
    clock_.Advance(1000);
    Provenance provenance{"KEYID-" + key, bundle, clock_.NowMicros(), key};
    auto outcome = importer.Import(type, record, provenance);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    if (foreign != nullptr) *foreign = importer.foreign_changes();
    return outcome.ok() ? *outcome : ImportOutcome::kUnchanged;
  }
  VersionSource StoredSource(Side& side, std::string_view type, std::string_view id) {
    auto stored = side.store->rows().Load(type, id);
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return (*stored)->source;
  }

  FixedClock clock_{1582363800LL * 1000000};
  std::optional<NameNormalizer> normalizer_;
  std::unique_ptr<Side> monitor_, hq_;
};

TEST_F(VersionSourceTest, HistoryTellsHowEachVersionWasWrittenHere) {
  RecordStore& store = *hq_->store;
  ASSERT_TRUE(store.Create(SamplePerson()).ok());
  Person other = SamplePerson();
  other.meta.id = "33333333-3333-4333-8333-333333333333";
  ASSERT_TRUE(store.Create(other).ok());
  Person person = *store.Get<Person>(kPersonId);
  person.notes = "synthetic note";
  person = *store.Update(person);
  person.merged_into = other.meta.id;
  person = *store.Update(person);
  person.merged_into.clear();
  person = *store.Update(person);
  ASSERT_TRUE(store.Delete(kPersonType, kPersonId).ok());

  auto history = store.History(kPersonType, kPersonId);
  ASSERT_TRUE(history.ok());
  std::vector<std::string> how;
  for (const RecordVersion& version : *history) {
    how.push_back(version.source.how);
    EXPECT_EQ(version.source.bundle_id, "");
  }
  EXPECT_EQ(how, (std::vector<std::string>{"created", "edited", "merged",
                                           "unmerged", "deleted"}));
  // Created here, and still so after every later write.
  EXPECT_EQ(history->back().source.origin, std::optional<std::string>(""));
}

TEST_F(VersionSourceTest, AReceivedVersionNamesItsBundleAndItsFirstSigner) {
  ASSERT_TRUE(monitor_->store->Create(SampleSource()).ok());
  json v1 = Carried(*monitor_, kSourceType, kSourceId);
  EXPECT_EQ(ImportAtHq(kSourceType, v1, kKeyA, kBundle1), ImportOutcome::kInserted);
  VersionSource source = StoredSource(*hq_, kSourceType, kSourceId);
  EXPECT_EQ(source.how, "received");
  EXPECT_EQ(source.bundle_id, kBundle1);
  EXPECT_EQ(source.origin, std::optional<std::string>(kKeyA));

  // HQ edits it; the record still counts as first recorded by A.
  Source edited = *hq_->store->Get<Source>(kSourceId);
  edited.title = "Synthetic ruling (HQ)";
  ASSERT_TRUE(hq_->store->Update(edited).ok());
  source = StoredSource(*hq_, kSourceType, kSourceId);
  EXPECT_EQ(source.how, "edited");
  EXPECT_EQ(source.origin, std::optional<std::string>(kKeyA));
  auto history = hq_->store->History(kSourceType, kSourceId);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].source.how, "received");
  EXPECT_EQ((*history)[0].source.bundle_id, kBundle1);
}

TEST_F(VersionSourceTest, ASignerChangingItsOwnRecordsIsNotReported) {
  ASSERT_TRUE(monitor_->store->Create(SampleSource()).ok());
  ImportAtHq(kSourceType, Carried(*monitor_, kSourceType, kSourceId), kKeyA, kBundle1);
  ASSERT_TRUE(monitor_->store->Delete(kSourceType, kSourceId).ok());
  std::vector<ForeignChange> foreign;
  EXPECT_EQ(ImportAtHq(kSourceType, Carried(*monitor_, kSourceType, kSourceId),
                       kKeyA, kBundle2, &foreign),
            ImportOutcome::kUpdated);
  EXPECT_TRUE(foreign.empty());
  EXPECT_TRUE(hq_->store->Get<Source>(kSourceId)->meta.deleted);
}

TEST_F(VersionSourceTest, AnotherSignersEditAppliesAndIsReported) {
  ASSERT_TRUE(monitor_->store->Create(SampleSource()).ok());
  json v1 = Carried(*monitor_, kSourceType, kSourceId);
  ImportAtHq(kSourceType, v1, kKeyA, kBundle1);
  // Monitor B got A's record (through HQ) and edits it.
  Side monitor_b(*normalizer_, clock_, 3, "vault-monitor-b");
  RecordImporter at_b(monitor_b.temp.db(), *normalizer_, nullptr);
  ASSERT_TRUE(at_b.Import(kSourceType, v1, {"HQ", kBundle1, 1, "RWHQKEY"}).ok());
  Source edited = *monitor_b.store->Get<Source>(kSourceId);
  edited.title = "Synthetic ruling (edited by B)";
  ASSERT_TRUE(monitor_b.store->Update(edited).ok());

  std::vector<ForeignChange> foreign;
  EXPECT_EQ(ImportAtHq(kSourceType, Carried(monitor_b, kSourceType, kSourceId),
                       kKeyB, kBundle2, &foreign),
            ImportOutcome::kUpdated);
  ASSERT_EQ(foreign.size(), 1u);
  EXPECT_EQ(foreign[0].record_type, kSourceType);
  EXPECT_EQ(foreign[0].record_id, kSourceId);
  EXPECT_EQ(foreign[0].origin, std::optional<std::string>(kKeyA));
  EXPECT_FALSE(foreign[0].deletion);
  EXPECT_FALSE(foreign[0].held);
  EXPECT_EQ(hq_->store->Get<Source>(kSourceId)->title, "Synthetic ruling (edited by B)");
  // Still A's record: the origin is not taken over by the editor.
  EXPECT_EQ(StoredSource(*hq_, kSourceType, kSourceId).origin,
            std::optional<std::string>(kKeyA));
}

TEST_F(VersionSourceTest, DeletingARecordHqCreatedIsHeldAsAConflict) {
  ASSERT_TRUE(hq_->store->Create(SampleSource()).ok());
  json hq_copy = Carried(*hq_, kSourceType, kSourceId);
  // The monitor received HQ's record and deleted it.
  RecordImporter at_monitor(monitor_->temp.db(), *normalizer_, nullptr);
  ASSERT_TRUE(at_monitor.Import(kSourceType, hq_copy, {"HQ", kBundle1, 1, "RWHQKEY"}).ok());
  ASSERT_TRUE(monitor_->store->Delete(kSourceType, kSourceId).ok());
  json tombstone = Carried(*monitor_, kSourceType, kSourceId);

  std::vector<ForeignChange> foreign;
  EXPECT_EQ(ImportAtHq(kSourceType, tombstone, kKeyA, kBundle2, &foreign),
            ImportOutcome::kDeletionHeld);
  ASSERT_EQ(foreign.size(), 1u);
  EXPECT_TRUE(foreign[0].deletion);
  EXPECT_TRUE(foreign[0].held);
  EXPECT_EQ(foreign[0].origin, std::optional<std::string>(""));  // created here
  // Not applied: the record is live, and the deletion waits as a conflict.
  EXPECT_FALSE(hq_->store->Get<Source>(kSourceId)->meta.deleted);
  auto conflicts = ListConflicts(hq_->temp.db());
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ((*conflicts)[0].reason, kHeldDeletionReason);
  EXPECT_EQ((*conflicts)[0].bundle_id, kBundle2);
  // Received again (an --all bundle): kept once.
  EXPECT_EQ(ImportAtHq(kSourceType, tombstone, kKeyA, kBundle2),
            ImportOutcome::kDeletionHeld);
  EXPECT_EQ(ListConflicts(hq_->temp.db())->size(), 1u);

  // HQ accepts the deletion: a new version, deleted, resolved here.
  auto resolved = ResolveConflict(hq_->temp.db(), nullptr, (*conflicts)[0].conflict_id,
                                  ConflictChoice::kReceived, clock_.NowMicros(), "vault-hq");
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_TRUE(hq_->store->Get<Source>(kSourceId)->meta.deleted);
  VersionSource source = StoredSource(*hq_, kSourceType, kSourceId);
  EXPECT_EQ(source.how, "resolved");
  EXPECT_EQ(source.bundle_id, kBundle2);
  EXPECT_EQ(source.origin, std::optional<std::string>(""));
  // The tombstone it came from is now older: ignored.
  EXPECT_EQ(ImportAtHq(kSourceType, tombstone, kKeyA, kBundle2),
            ImportOutcome::kIgnoredOlder);
}

TEST_F(VersionSourceTest, AHeldDeletionKeptStoredStaysLive) {
  ASSERT_TRUE(hq_->store->Create(SampleSource()).ok());
  RecordImporter at_monitor(monitor_->temp.db(), *normalizer_, nullptr);
  ASSERT_TRUE(at_monitor
                  .Import(kSourceType, Carried(*hq_, kSourceType, kSourceId),
                          {"HQ", kBundle1, 1, "RWHQKEY"})
                  .ok());
  ASSERT_TRUE(monitor_->store->Delete(kSourceType, kSourceId).ok());
  json tombstone = Carried(*monitor_, kSourceType, kSourceId);
  ASSERT_EQ(ImportAtHq(kSourceType, tombstone, kKeyA, kBundle2),
            ImportOutcome::kDeletionHeld);
  auto conflicts = ListConflicts(hq_->temp.db());
  ASSERT_EQ(conflicts->size(), 1u);
  auto resolved = ResolveConflict(hq_->temp.db(), nullptr, (*conflicts)[0].conflict_id,
                                  ConflictChoice::kStored, clock_.NowMicros(), "vault-hq");
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_FALSE(hq_->store->Get<Source>(kSourceId)->meta.deleted);
  // The live version holds the monitor's deletion as seen: when it reaches
  // the monitor it replaces the tombstone there.
  json live = Carried(*hq_, kSourceType, kSourceId);
  EXPECT_EQ(*at_monitor.Import(kSourceType, live, {"HQ", kBundle1, 2, "RWHQKEY"}),
            ImportOutcome::kUpdated);
  EXPECT_FALSE(monitor_->store->Get<Source>(kSourceId)->meta.deleted);
  // The history keeps the held tombstone as received in its bundle.
  auto history = hq_->store->History(kSourceType, kSourceId);
  bool tombstone_kept = false;
  for (const RecordVersion& version : *history) {
    if (version.body["deleted"] == true && version.source.how == "received" &&
        version.source.bundle_id == kBundle2) {
      tombstone_kept = true;
    }
  }
  EXPECT_TRUE(tombstone_kept);
}

TEST_F(VersionSourceTest, ARecordOfUnknownOriginCountsAsAnothers) {
  // As if stored before schema 13 and not placed by the backfill.
  ASSERT_TRUE(monitor_->store->Create(SampleSource()).ok());
  json v1 = Carried(*monitor_, kSourceType, kSourceId);
  ASSERT_TRUE(hq_->store->rows().Write(v1).ok());
  ASSERT_TRUE(monitor_->store->Delete(kSourceType, kSourceId).ok());
  EXPECT_EQ(ImportAtHq(kSourceType, Carried(*monitor_, kSourceType, kSourceId),
                       kKeyA, kBundle1),
            ImportOutcome::kDeletionHeld);
}

TEST_F(VersionSourceTest, DecideMergeWritesNothing) {
  ASSERT_TRUE(hq_->store->Create(SampleSource()).ok());
  auto stored = hq_->store->rows().Load(kSourceType, kSourceId);
  json deleted = (*stored)->body;
  deleted["deleted"] = true;
  deleted["edits"] = {{"vault-hq", 1}, {"vault-monitor-a", 1}};
  deleted["version"] = 2;
  auto decision = DecideMerge(kSourceType, **stored, deleted, kKeyA);
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->outcome, ImportOutcome::kDeletionHeld);
  ASSERT_TRUE(decision->foreign.has_value());
  EXPECT_TRUE(decision->foreign->deletion);
  EXPECT_TRUE(ListConflicts(hq_->temp.db())->empty());
  // The same deletion by the signer who first recorded it applies.
  VersionSource own = (*stored)->source;
  own.origin = kKeyA;
  StoredRecord from_a = **stored;
  from_a.source = own;
  EXPECT_EQ(DecideMerge(kSourceType, from_a, deleted, kKeyA)->outcome,
            ImportOutcome::kUpdated);
}

// The tables migration 13's backfill reads, as small as it needs them.
constexpr char kBundleTables[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES ('vault_id', 'vault-hq');"
    "CREATE TABLE received_bundles (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " bundle_id TEXT NOT NULL, signer_public_key TEXT NOT NULL,"
    " verdict TEXT NOT NULL);"
    "CREATE TABLE received_custody_events (id INTEGER PRIMARY KEY"
    " AUTOINCREMENT, bundle_id TEXT NOT NULL, actor TEXT NOT NULL);"
    // Bundle 1 from A was only verified; bundle 2 from A imported.
    "INSERT INTO received_bundles (bundle_id, signer_public_key, verdict)"
    " VALUES ('b1', 'RWSYNTHETICMONITORAKEY', 'verified'),"
    " ('b2', 'RWSYNTHETICMONITORAKEY', 'imported');"
    "INSERT INTO received_custody_events (bundle_id, actor) VALUES"
    " ('b1', 'vault-monitor-x'), ('b2', 'vault-monitor-a');";

TEST(MigrationRecordProvenanceTest, OlderRecordsGetTheOriginTheVaultCanTell) {
  TempDatabase temp;
  Database& db = temp.db();
  ASSERT_TRUE(CreateRecordsSchema(db).ok());
  ASSERT_TRUE(db.Exec(kBundleTables).ok());
  // The history and conflicts tables as schema 12 had them.
  ASSERT_TRUE(db.Exec(
      "DROP TABLE record_history; DROP TABLE record_conflicts;"
      "CREATE TABLE record_history (history_id INTEGER PRIMARY KEY,"
      " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
      " version INTEGER NOT NULL, replaced_at INTEGER NOT NULL,"
      " replaced_by TEXT NOT NULL, body TEXT NOT NULL);"
      "CREATE TABLE record_conflicts ("
      " conflict_id INTEGER PRIMARY KEY AUTOINCREMENT,"
      " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
      " version INTEGER NOT NULL, body TEXT NOT NULL,"
      " signer TEXT NOT NULL, bundle_id TEXT NOT NULL,"
      " received_at INTEGER NOT NULL, resolved INTEGER NOT NULL DEFAULT 0,"
      " stored_version INTEGER NOT NULL DEFAULT 0);").ok());
  RecordRows rows(db);
  auto write = [&](const std::string& id, const std::string& created_by) {
    Source source = SampleSource();
    source.meta.id = id;
    source.meta.created_by = created_by;
    source.meta.edits = {{created_by, 1}};
    ASSERT_TRUE(rows.Write(ToJson(source)).ok());  // origin NULL, as before 13
  };
  write("00000000-0000-4000-8000-000000000001", "vault-hq");
  write("00000000-0000-4000-8000-000000000002", "vault-monitor-a");
  write("00000000-0000-4000-8000-000000000003", "vault-monitor-x");
  ASSERT_TRUE(AddVersionSourceColumns(db).ok());
  ASSERT_TRUE(AddVersionSourceColumns(db).ok());  // twice is harmless
  ASSERT_TRUE(BackfillOrigins(db).ok());
  auto origin = [&](const std::string& id) -> std::optional<std::string> {
    auto stored = rows.Load(kSourceType, id);
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    if (!stored.ok() || !stored->has_value()) return "(not stored)";
    return (*stored)->source.origin;
  };
  EXPECT_EQ(origin("00000000-0000-4000-8000-000000000001"),
            std::optional<std::string>(""));
  EXPECT_EQ(origin("00000000-0000-4000-8000-000000000002"),
            std::optional<std::string>("RWSYNTHETICMONITORAKEY"));
  // Only events of imported bundles count.
  EXPECT_EQ(origin("00000000-0000-4000-8000-000000000003"), std::nullopt);
  // The new columns are there: a version written before says "unknown".
  auto columns = db.QueryInt64(
      "SELECT (SELECT count(*) FROM record_conflicts WHERE reason = '') +"
      " (SELECT count(*) FROM record_history WHERE written_how = ''"
      " AND written_bundle = '')");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  auto stored = rows.Load(kSourceType, "00000000-0000-4000-8000-000000000001");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->source.how, "");
}

}  // namespace
}  // namespace fieldvault::core
