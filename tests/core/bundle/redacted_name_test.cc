// `attach redact-name` changes an attachment's description, not its
// content: the next --since-last bundle to recipients that were sent the
// content carries the description alone, and the receiver applies it to
// the copy it holds. Recipients never sent the content get it whole.
#include <gtest/gtest.h>

#include "core/attachments/attachment_store.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

constexpr char kContent[] = "synthetic photo bytes, several of them";

class RedactedNameTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    ASSERT_TRUE(store.Create(fieldvault::testing::SampleIncident()).ok());
    Attach(write->db(), "incident", fieldvault::testing::kIncidentId, kContent);
    ASSERT_TRUE(write->Commit().ok());
    attachment_ = ListAttachments(field_->db(), "", "")->at(0).id;
  }

  void Redact() {
    clock_.Advance(1000000);
    ASSERT_TRUE(RedactAttachmentName(field_->db(), attachment_, clock_.NowMicros()).ok());
  }

  std::string attachment_;
};

TEST_F(RedactedNameTest, TheNextBundleCarriesTheDescriptionAlone) {
  ExportResult first = Export(*field_);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ASSERT_EQ(GetAttachment(hq_->db(), attachment_)->original_name, "synthetic.bin");

  Redact();
  ExportResult second = Export(*field_);
  EXPECT_EQ(second.record_counts.at("attachment"), 1u);  // the description
  const std::string plain = Decrypt(second.path);
  EXPECT_EQ(plain.find(kContent), std::string::npos);
  EXPECT_EQ(plain.find("attachments/" + attachment_), std::string::npos);
  EXPECT_NE(plain.find("\"id\":\"" + attachment_ + "\""), std::string::npos);

  ReceiveReport imported = Receive(*hq_, second.path, true);
  ASSERT_TRUE(imported.imported) << imported.error.ToString();
  EXPECT_EQ(imported.outcomes["attachment"]["updated"], 1u);
  auto at_hq = GetAttachment(hq_->db(), attachment_);
  ASSERT_TRUE(at_hq.ok());
  EXPECT_FALSE(at_hq->original_name.has_value());
  EXPECT_EQ(at_hq->version, 2);
  EXPECT_EQ(at_hq->size, sizeof(kContent) - 1);

  // The next bundle sends neither again.
  ExportResult third = Export(*field_);
  EXPECT_EQ(third.record_counts.at("attachment"), 0u);
}

TEST_F(RedactedNameTest, RecipientsNeverSentTheContentGetItWhole) {
  std::unique_ptr<Vault> second_hq = NewVault("second-hq");
  Introduce(*field_, *second_hq, "hq-second", "monitor-7");
  ExportRequest to_geneva;
  to_geneva.recipient_labels = {"hq-geneva"};
  ASSERT_TRUE(Receive(*hq_, Export(*field_, to_geneva).path, true).imported);
  Redact();
  ExportRequest to_second;
  to_second.recipient_labels = {"hq-second"};
  ExportResult whole = Export(*field_, to_second);
  ReceiveReport at_second = Receive(*second_hq, whole.path, true);
  ASSERT_TRUE(at_second.imported) << at_second.error.ToString();
  EXPECT_EQ(at_second.attachments, 1u);
  EXPECT_FALSE(GetAttachment(second_hq->db(), attachment_)->original_name.has_value());
}

TEST_F(RedactedNameTest, AReceiverWithoutTheContentStoresNothing) {
  std::unique_ptr<Vault> fresh = NewVault("fresh-hq");
  Introduce(*field_, *fresh, "hq-fresh", "monitor-7");
  ExportRequest both;
  both.recipient_labels = {"hq-geneva", "hq-fresh"};
  ASSERT_TRUE(Receive(*hq_, Export(*field_, both).path, true).imported);
  Redact();
  ExportResult description_only = Export(*field_, both);
  ASSERT_EQ(Decrypt(description_only.path).find(kContent), std::string::npos);
  // The second HQ never got the first bundle: the description has nothing
  // to describe there, and the import says so instead of failing.
  ReceiveReport report = Receive(*fresh, description_only.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.outcomes["attachment"]["not held (description only)"], 1u);
  EXPECT_EQ(report.attachments, 0u);
  EXPECT_FALSE(GetAttachment(fresh->db(), attachment_).ok());
}

}  // namespace
}  // namespace fieldvault::core::bundle
