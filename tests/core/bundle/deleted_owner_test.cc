// The files of a deleted record never leave: not in a bundle for HQ (which
// still carries the record's tombstone, so that HQ deletes it too), not in
// a public bundle, not in an incident bundle. Each is counted in the
// manifest as "attachment_of_deleted_record".
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/attachments/attachment_store.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kDeletedPhoto[] = "synthetic photo of a deleted detention";
constexpr char kLivePhoto[] = "synthetic scan of a live source";

class DeletedOwnerTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    Incident incident = SampleIncident();
    incident.meta.confidentiality = "public";
    ASSERT_TRUE(store.Create(incident).ok());
    Person person = SamplePerson();
    person.meta.confidentiality = "public";
    ASSERT_TRUE(store.Create(person).ok());
    Source source = SampleSource();
    source.meta.confidentiality = "public";
    ASSERT_TRUE(store.Create(source).ok());
    Detention detention = SampleDetention();
    detention.meta.confidentiality = "public";
    ASSERT_TRUE(store.Create(detention).ok());
    Attach(write->db(), "detention", kDetentionId, kDeletedPhoto);
    Attach(write->db(), "source", kSourceId, kLivePhoto);
    ASSERT_TRUE(store.Delete("detention", kDetentionId).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

};

TEST_F(DeletedOwnerTest, HqGetsTheTombstoneButNotTheFiles) {
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.record_counts.at("detention"), 1u);  // the tombstone
  EXPECT_EQ(sent.record_counts.at("attachment"), 1u);  // the source's scan
  EXPECT_EQ(sent.left_out.at("attachment_of_deleted_record"), 1u);
  EXPECT_EQ(sent.left_out.count("attachment"), 0u);
  // The monitor's report names which file stayed home (by id only).
  auto held = ListAttachments(field_->db(), "detention", kDetentionId);
  ASSERT_TRUE(held.ok() && held->size() == 1);
  EXPECT_EQ(sent.left_out_ids.at("attachment_of_deleted_record"),
            std::vector<std::string>{held->front().id});

  const std::string plain = Decrypt(sent.path);
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.find(kDeletedPhoto), std::string::npos);
  EXPECT_NE(plain.find(kLivePhoto), std::string::npos);
  EXPECT_NE(plain.find(kDetentionId), std::string::npos);
  EXPECT_NE(plain.find("\"deleted\":true"), std::string::npos);

  // HQ deletes the record too, and has no file of it.
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(report.passed()) << report.error.ToString();
  EXPECT_EQ(report.attachments, 1u);
  auto at_hq = ListAttachments(hq_->db(), "detention", kDetentionId);
  ASSERT_TRUE(at_hq.ok());
  EXPECT_TRUE(at_hq->empty());
}

TEST_F(DeletedOwnerTest, PublicAndIncidentBundlesCountThemToo) {
  ExportRequest request;
  request.profile = "public";
  ExportResult sent = Export(*field_, request);
  EXPECT_EQ(sent.left_out.at("attachment_of_deleted_record"), 1u);
  EXPECT_EQ(sent.left_out.at("deleted_record"), 1u);
  EXPECT_EQ(sent.left_out_ids.at("deleted_record"),
            std::vector<std::string>{kDetentionId});
  EXPECT_EQ(sent.left_out.count("attachment"), 0u);
  EXPECT_EQ(Decrypt(sent.path).find(kDeletedPhoto), std::string::npos);

  ExportRequest scoped;
  scoped.incident_ids = {kIncidentId};
  sent = Export(*field_, scoped);
  EXPECT_EQ(sent.record_counts.at("detention"), 1u);  // the tombstone
  EXPECT_EQ(sent.left_out.at("attachment_of_deleted_record"), 1u);
  EXPECT_EQ(Decrypt(sent.path).find(kDeletedPhoto), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::core::bundle
