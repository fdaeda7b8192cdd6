// The register of received bundles keeps the whole file's BLAKE2b (the
// digest export printed) whatever the verdict, registers every verdict on
// a file handed over (also a file that is not a bundle at all), and
// registers nothing when the bundle could not be judged: the file could
// not be read, or the vault was busy or its disk full.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_registry.h"
#include "core/db/database.h"
#include "core/records/record_store.h"
#include "core/vault/custody_log.h"
#include "crypto/encoding.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

class ReceivedRegisterTest : public HandoffTest {
 protected:
  // An incident with an attachment of `bytes` synthetic bytes, so that
  // the bundle is larger than what the receiver reads ahead.
  void AddIncidentWithAttachment(size_t bytes) {
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    auto index = SearchIndex::Create(write->db(), *normalizer_);
    ASSERT_TRUE(index.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      &*index, ChangeObserver());
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    std::string content(bytes, '\0');
    for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7919 >> 3);
    crypto::MemorySource source(crypto::AsBytes(content));
    NewAttachment request{"incident", kIncidentId, "synthetic-scan.bin",
                          "application/octet-stream", {}};
    ASSERT_TRUE(AddAttachment(write->db(), request, source, random_, clock_.NowMicros(),
                              field_->vault_id()).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  std::vector<ReceivedBundle> Register() {
    auto received = ListReceivedBundles(hq_->db());
    EXPECT_TRUE(received.ok());
    return received.ok() ? *received : std::vector<ReceivedBundle>{};
  }

  int64_t CustodyEvents() {
    int64_t count = 0;
    EXPECT_TRUE(ForEachCustodyRecord(hq_->db(), 0, [&](const CustodyRecord&) {
                  ++count;
                  return Status::Ok();
                }).ok());
    return count;
  }

  static std::string HashOf(const std::string& bytes) {
    return crypto::HexEncode(crypto::HashBlake2b512(crypto::AsBytes(bytes)));
  }

  std::string WriteBytes(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_.Join(name), std::ios::binary) << bytes;
    return dir_.Join(name);
  }
};

TEST_F(ReceivedRegisterTest, ARefusalPartWayRegistersTheWholeFilesHash) {
  AddIncidentWithAttachment(3 << 20);
  ExportResult sent = Export(*field_);
  std::string bytes = FileBytes(sent.path);
  ASSERT_GT(bytes.size(), 3u << 20);
  // Refused at the first bytes of the payload, long before the end.
  bytes[bytes.size() / 3] ^= 0x01;
  const std::string tampered = WriteBytes("tampered.fvb", bytes);
  for (bool import : {false, true}) {
    ReceiveReport report = Receive(*hq_, tampered, import);
    ExpectRefused(report, "altered");
    EXPECT_TRUE(report.refused);
    EXPECT_TRUE(report.registered);
    EXPECT_EQ(report.bundle_blake2b, HashOf(bytes));
  }
  // An unknown signer is refused before the payload is read at all.
  ASSERT_TRUE(RevokeSignerInVault(*hq_, "monitor-7").ok());
  ReceiveReport revoked = Receive(*hq_, sent.path, false);
  ExpectRefused(revoked, "was revoked");
  EXPECT_EQ(revoked.bundle_blake2b, sent.bundle_blake2b);

  std::vector<ReceivedBundle> rows = Register();
  ASSERT_EQ(rows.size(), 3u);
  for (const ReceivedBundle& row : rows) EXPECT_EQ(row.verdict, "refused");
  EXPECT_EQ(rows[0].bundle_blake2b, HashOf(bytes));
  EXPECT_EQ(rows[1].bundle_blake2b, HashOf(bytes));
  EXPECT_EQ(rows[2].bundle_blake2b, sent.bundle_blake2b);
  bool named = false;
  EXPECT_TRUE(ForEachCustodyRecord(hq_->db(), 0, [&](const CustodyRecord& r) {
                named |= r.event.action == "bundle refused" &&
                         r.event.detail.find(sent.bundle_blake2b) != std::string::npos;
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(named) << "the refusal's custody event names the bundle's hash";
}

TEST_F(ReceivedRegisterTest, ATruncatedBundleIsRegisteredWithTheHashOfWhatCame) {
  ExportResult sent = Export(*field_);
  std::string bytes = FileBytes(sent.path);
  bytes.resize(bytes.size() - 100);
  ReceiveReport report = Receive(*hq_, WriteBytes("cut.fvb", bytes), true);
  ExpectRefused(report, "truncated");
  EXPECT_EQ(report.bundle_blake2b, HashOf(bytes));
  ASSERT_EQ(Register().size(), 1u);
  EXPECT_EQ(Register()[0].bundle_blake2b, HashOf(bytes));
}

TEST_F(ReceivedRegisterTest, AFileThatIsNotABundleIsRefusedAndRegistered) {
  const std::string text = "synthetic notes, not a bundle\n";
  for (bool import : {false, true}) {
    ReceiveReport report = Receive(*hq_, WriteBytes("notes.txt", text), import);
    ExpectRefused(report, "not an age file");
    EXPECT_TRUE(report.refused);
    EXPECT_TRUE(report.registered);
    EXPECT_EQ(report.bundle_blake2b, HashOf(text));
  }
  ReceiveReport empty = Receive(*hq_, WriteBytes("empty.fvb", ""), false);
  EXPECT_TRUE(empty.refused);
  EXPECT_EQ(empty.bundle_blake2b, HashOf(""));
  std::vector<ReceivedBundle> rows = Register();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].verdict, "refused");
  EXPECT_EQ(rows[0].bundle_blake2b, HashOf(text));
  EXPECT_EQ(rows[2].bundle_blake2b, HashOf(""));
}

TEST_F(ReceivedRegisterTest, AFileThatCannotBeReadIsNotJudged) {
  const int64_t events = CustodyEvents();
  // Opens, and its first read fails with EIO, as a failing stick's would.
  for (bool import : {false, true}) {
    ReceiveReport report = Receive(*hq_, "/proc/self/mem", import);
    EXPECT_FALSE(report.passed());
    EXPECT_FALSE(report.refused);
    EXPECT_FALSE(report.registered);
    EXPECT_EQ(report.error.code(), StatusCode::kIoError);
    EXPECT_NE(report.error.message().find("to its end"), std::string::npos)
        << report.error.message();
    EXPECT_TRUE(report.bundle_blake2b.empty());
  }
  ReceiveReport directory = Receive(*hq_, dir_.Join("usb"), false);
  EXPECT_FALSE(directory.refused);
  EXPECT_NE(directory.error.message().find("is a directory"), std::string::npos);
  EXPECT_TRUE(Register().empty());
  EXPECT_EQ(CustodyEvents(), events);
}

TEST_F(ReceivedRegisterTest, AnImportOntoAFullDiskIsNotJudgedAndChangesNothing) {
  AddIncidentWithAttachment(2 << 20);
  ExportResult sent = Export(*field_);
  const int64_t events = CustodyEvents();
  // The vault may not grow: SQLite then fails as on a full disk.
  auto pages = hq_->db().QueryInt64("PRAGMA page_count");
  ASSERT_TRUE(pages.ok());
  ASSERT_TRUE(hq_->db().Exec("PRAGMA max_page_count = " + std::to_string(*pages)).ok());
  ReceiveReport full = Receive(*hq_, sent.path, true);
  EXPECT_FALSE(full.passed());
  EXPECT_FALSE(full.refused);
  EXPECT_FALSE(full.registered);
  EXPECT_FALSE(full.imported);
  EXPECT_NE(full.error.message().find(kDatabaseFull), std::string::npos)
      << full.error.ToString();
  EXPECT_FALSE(full.error.hint().empty());
  EXPECT_EQ(full.bundle_blake2b, sent.bundle_blake2b);
  EXPECT_TRUE(Register().empty());
  EXPECT_EQ(CustodyEvents(), events);
  auto held = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->empty());

  // Space again: the same bundle is imported as the first from its signer.
  ASSERT_TRUE(hq_->db().Exec("PRAGMA max_page_count = 1073741823").ok());
  ReceiveReport imported = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(imported.imported) << imported.error.ToString();
  EXPECT_EQ(imported.sequence_text, "sequence 1: first bundle from this signer");
  std::vector<ReceivedBundle> rows = Register();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].verdict, "imported");
}

TEST_F(ReceivedRegisterTest, ABusyVaultJudgesNothing) {
  ExportResult sent = Export(*field_);
  // Another command (here another connection) writes to the HQ vault.
  auto other = Vault::Open(dir_.Join("hq"), core::testing::Secret("synthetic pass"),
                           random_, clock_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_TRUE(other->db().Exec("BEGIN IMMEDIATE").ok());
  ReceiveReport busy = Receive(*hq_, sent.path, true);
  EXPECT_FALSE(busy.refused);
  EXPECT_FALSE(busy.registered);
  EXPECT_NE(busy.error.message().find("another fieldvault command"), std::string::npos)
      << busy.error.ToString();
  ASSERT_TRUE(other->db().Exec("ROLLBACK").ok());
  EXPECT_TRUE(Register().empty());
  EXPECT_TRUE(Receive(*hq_, sent.path, true).imported);
}

}  // namespace
}  // namespace fieldvault::core::bundle
