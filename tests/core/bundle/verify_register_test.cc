// `verify` registers its verdict as evidence ("verified" or "refused" with
// the reason, and a custody event) without disturbing the sequence rule,
// which counts imported bundles only.
#include <gtest/gtest.h>

#include "core/bundle/bundle_registry.h"
#include "core/vault/custody_log.h"
#include "tests/core/bundle/handoff_fixture.h"

namespace fieldvault::core::bundle {
namespace {

class VerifyRegisterTest : public HandoffTest {
 protected:
  std::vector<CustodyEvent> Events(const std::string& action) {
    std::vector<CustodyEvent> found;
    EXPECT_TRUE(ForEachCustodyRecord(hq_->db(), 0, [&](const CustodyRecord& r) {
                  if (r.event.action == action) found.push_back(r.event);
                  return Status::Ok();
                }).ok());
    return found;
  }
  std::vector<ReceivedBundle> Register() {
    auto received = ListReceivedBundles(hq_->db());
    EXPECT_TRUE(received.ok());
    return received.ok() ? *received : std::vector<ReceivedBundle>{};
  }
};

TEST_F(VerifyRegisterTest, VerifyRegistersAndALaterImportIsStillTheFirst) {
  ExportResult sent = Export(*field_);
  for (int i = 0; i < 2; ++i) {
    ReceiveReport verified = Receive(*hq_, sent.path, false);
    ASSERT_TRUE(verified.passed()) << verified.error.ToString();
    EXPECT_FALSE(verified.imported);
  }
  std::vector<ReceivedBundle> rows = Register();
  ASSERT_EQ(rows.size(), 2u);
  for (const ReceivedBundle& row : rows) {
    EXPECT_EQ(row.verdict, "verified");
    EXPECT_EQ(row.bundle_id, sent.bundle_id);
    EXPECT_EQ(row.bundle_blake2b, sent.bundle_blake2b);
    EXPECT_EQ(row.sequence, 1u);
    EXPECT_EQ(row.manifest_blake2b.size(), 128u);
    EXPECT_EQ(row.detail, "sequence 1: first bundle from this signer");
  }
  std::vector<CustodyEvent> events = Events("verified");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].bundle_id, sent.bundle_id);
  EXPECT_NE(events[0].detail.find("from monitor-7"), std::string::npos);

  // Verifying counts for nothing in the sequence rule.
  ReceiveReport imported = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(imported.imported) << imported.error.ToString();
  EXPECT_EQ(imported.sequence_text, "sequence 1: first bundle from this signer");
  ExportResult second = Export(*field_);
  ASSERT_TRUE(Receive(*hq_, second.path, false).passed());
  ReceiveReport next = Receive(*hq_, second.path, true);
  ASSERT_TRUE(next.imported) << next.error.ToString();
  EXPECT_EQ(next.sequence_text, "sequence 2: next after 1");
  rows = Register();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[2].verdict, "imported");
  EXPECT_EQ(rows[3].verdict, "verified");
  EXPECT_EQ(rows[4].verdict, "imported");
}

TEST_F(VerifyRegisterTest, ARefusedVerifyRegistersTheReason) {
  ExportResult sent = Export(*field_);
  std::string bytes = FileBytes(sent.path);
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(dir_.Join("tampered.fvb"), std::ios::binary) << bytes;
  ExpectRefused(Receive(*hq_, dir_.Join("tampered.fvb"), false), "altered");
  ASSERT_TRUE(RevokeSignerInVault(*hq_, "monitor-7").ok());
  ExpectRefused(Receive(*hq_, sent.path, false), "was revoked");

  std::vector<ReceivedBundle> rows = Register();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].verdict, "refused");
  EXPECT_NE(rows[0].detail.find("altered"), std::string::npos);
  EXPECT_EQ(rows[1].verdict, "refused");
  EXPECT_EQ(rows[1].bundle_id, sent.bundle_id);
  EXPECT_NE(rows[1].detail.find("was revoked"), std::string::npos);
  std::vector<CustodyEvent> events = Events("bundle refused");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[1].detail.find("was revoked"), std::string::npos);
  EXPECT_TRUE(Events("verified").empty());
}

TEST_F(VerifyRegisterTest, AFileThatCannotBeReadIsNotRegistered) {
  ExpectRefused(Receive(*hq_, dir_.Join("usb/absent.fvb"), false), "cannot read");
  EXPECT_TRUE(Register().empty());
}

}  // namespace
}  // namespace fieldvault::core::bundle
