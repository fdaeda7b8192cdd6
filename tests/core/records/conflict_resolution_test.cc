#include "core/records/conflict_resolution.h"

#include <gtest/gtest.h>

#include "core/records/record_exchange.h"
#include "core/records/record_json.h"
#include "tests/core/records/records_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;
using nlohmann::json;

// One vault holding SampleIncident() at version 1, and a conflicting copy
// of it (same version, another title) received from a bundle.
class ConflictResolutionTest : public RecordsTest {
 protected:
  ConflictResolutionTest() : RecordsTest("vault-hq") {}

  void SetUp() override {
    RecordsTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(store_->Create(SampleIncident()).ok());
    received_ = ToJson(*store_->Get<Incident>(kIncidentId));
    received_["title"] = "Synthetic kettling report";
    RecordImporter importer(db(), *normalizer_, &*index_);
    auto outcome = importer.Import(kIncidentType, received_, provenance_);
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(*outcome, ImportOutcome::kConflict);
    auto conflicts = ListConflicts(db());
    ASSERT_TRUE(conflicts.ok());
    ASSERT_EQ(conflicts->size(), 1u);
    conflict_id_ = (*conflicts)[0].conflict_id;
    clock_.Advance(1000000);
  }

  Result<ConflictResolution> Resolve(ConflictChoice keep) {
    return ResolveConflict(db(), &*index_, conflict_id_, keep,
                           clock_.NowMicros(), "vault-hq");
  }
  size_t Hits(std::string_view query) {
    return index_->Search(query, {})->size();
  }

  Provenance provenance_{"RWSYNTHETICKEY",
                         "99999999-9999-4999-8999-999999999999",
                         1582363800LL * 1000000};
  json received_;
  int64_t conflict_id_ = 0;
};

TEST_F(ConflictResolutionTest, KeepReceivedMakesItTheNextVersion) {
  auto resolution = Resolve(ConflictChoice::kReceived);
  ASSERT_TRUE(resolution.ok()) << resolution.status().ToString();
  EXPECT_EQ(resolution->record_type, kIncidentType);
  EXPECT_EQ(resolution->record_id, kIncidentId);
  EXPECT_EQ(resolution->conflict_version, 1);
  EXPECT_EQ(resolution->new_version, 2);
  // Where the received copy came from, for the custody event.
  EXPECT_EQ(resolution->bundle_id, provenance_.bundle_id);
  EXPECT_EQ(resolution->signer, provenance_.signer);
  Incident current = *store_->Get<Incident>(kIncidentId);
  EXPECT_EQ(current.title, "Synthetic kettling report");
  EXPECT_EQ(current.meta.version, 2);
  EXPECT_EQ(current.meta.updated_at, clock_.NowMicros());
  // The version this vault held is kept in the history, as version 1.
  auto history = store_->History(kIncidentType, kIncidentId);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].body["title"], "Synthetic protest arrests");
  EXPECT_EQ(Hits("kettling"), 1u);
  EXPECT_EQ(Hits("arrests"), 0u);
  EXPECT_TRUE(ListConflicts(db())->empty());
  // The conflicting copy, received again, is now simply older.
  RecordImporter importer(db(), *normalizer_, &*index_);
  EXPECT_EQ(*importer.Import(kIncidentType, received_, provenance_),
            ImportOutcome::kIgnoredOlder);
}

TEST_F(ConflictResolutionTest, KeepStoredKeepsTheReceivedInHistory) {
  auto resolution = Resolve(ConflictChoice::kStored);
  ASSERT_TRUE(resolution.ok()) << resolution.status().ToString();
  EXPECT_EQ(resolution->new_version, 2);
  Incident current = *store_->Get<Incident>(kIncidentId);
  EXPECT_EQ(current.title, "Synthetic protest arrests");
  EXPECT_EQ(current.meta.version, 2);
  // Both version 1s stay in the history: this vault's, whose content lives
  // on as version 2, and the received copy, as received.
  auto history = store_->History(kIncidentType, kIncidentId);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].body["title"], "Synthetic protest arrests");
  EXPECT_EQ((*history)[1].body["title"], "Synthetic kettling report");
  EXPECT_EQ((*history)[1].replaced_by, "vault-hq");
  EXPECT_EQ((*history)[1].source.how, "received");
  EXPECT_EQ((*history)[1].source.bundle_id, provenance_.bundle_id);
  EXPECT_EQ((*history)[2].source.how, "resolved");
  EXPECT_EQ(Hits("arrests"), 1u);
  EXPECT_EQ(Hits("kettling"), 0u);
  EXPECT_TRUE(ListConflicts(db())->empty());
}

TEST_F(ConflictResolutionTest, ResolvedOnceOnly) {
  ASSERT_TRUE(Resolve(ConflictChoice::kStored).ok());
  EXPECT_EQ(Resolve(ConflictChoice::kReceived).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ResolveConflict(db(), &*index_, 999, ConflictChoice::kStored,
                            clock_.NowMicros(), "vault-hq")
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->Get<Incident>(kIncidentId)->meta.version, 2);
}

TEST_F(ConflictResolutionTest, ADamagedConflictIsCorruptionAndChangesNothing) {
  ASSERT_TRUE(db().Exec("UPDATE record_conflicts SET body = '{'").ok());
  auto damaged = Resolve(ConflictChoice::kReceived);
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().message().find(
                "conflict " + std::to_string(conflict_id_) + " is damaged"),
            std::string::npos)
      << damaged.status().ToString();
  EXPECT_EQ(ListConflicts(db()).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(store_->Get<Incident>(kIncidentId)->meta.version, 1);
}

TEST_F(ConflictResolutionTest, AStaleConflictKeepsOnlyTheStored) {
  Incident edited = *store_->Get<Incident>(kIncidentId);
  edited.place = "Synthetic Avenue";
  ASSERT_TRUE(store_->Update(edited).ok());
  // Taking the received copy would silently undo the later edit.
  auto refused = Resolve(ConflictChoice::kReceived);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ListConflicts(db())->size(), 1u);
  EXPECT_EQ(store_->Get<Incident>(kIncidentId)->meta.version, 2);
  auto closed = Resolve(ConflictChoice::kStored);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(closed->new_version, 3);
  EXPECT_EQ(closed->loser_version, 1);
  EXPECT_EQ(closed->bundle_id, provenance_.bundle_id);
  EXPECT_TRUE(ListConflicts(db())->empty());
  Incident current = *store_->Get<Incident>(kIncidentId);
  EXPECT_EQ(current.meta.version, 3);
  EXPECT_EQ(current.place, "Synthetic Avenue");
  EXPECT_EQ(current.title, "Synthetic protest arrests");
  // Both version 1s stay in the history (this vault's and the loser), and
  // the version 2 that was stored when the conflict was resolved.
  auto history = store_->History(kIncidentType, kIncidentId);
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[1].version, 1);
  EXPECT_EQ((*history)[1].body["title"], "Synthetic kettling report");
}

// A copy edited elsewhere while this vault edited too: the winner holds
// both sides' edits, so it replaces the copy wherever it goes next.
TEST_F(ConflictResolutionTest, TheWinnerHoldsTheEditsOfBothCopies) {
  ASSERT_TRUE(Resolve(ConflictChoice::kStored).ok());  // now {vault-hq: 2}
  json field_copy = ToJson(*store_->Get<Incident>(kIncidentId));
  field_copy["title"] = "Synthetic report (field, twice edited)";
  field_copy["edits"] = {{"vault-hq", 1}, {"vault-field", 2}};
  field_copy["version"] = 3;
  RecordImporter importer(db(), *normalizer_, &*index_);
  ASSERT_EQ(*importer.Import(kIncidentType, field_copy, provenance_),
            ImportOutcome::kConflict);
  auto conflicts = ListConflicts(db());
  ASSERT_EQ(conflicts->size(), 1u);
  conflict_id_ = (*conflicts)[0].conflict_id;
  auto resolution = Resolve(ConflictChoice::kReceived);
  ASSERT_TRUE(resolution.ok()) << resolution.status().ToString();
  EXPECT_EQ(resolution->conflict_version, 3);
  EXPECT_EQ(resolution->loser_version, 2);
  EXPECT_EQ(resolution->new_version, 5);
  Incident current = *store_->Get<Incident>(kIncidentId);
  EXPECT_EQ(current.title, "Synthetic report (field, twice edited)");
  EXPECT_EQ(current.meta.edits,
            (EditCounts{{"vault-field", 2}, {"vault-hq", 3}}));
  EXPECT_EQ(*importer.Import(kIncidentType, field_copy, provenance_),
            ImportOutcome::kIgnoredOlder);
}

}  // namespace
}  // namespace fieldvault::core
