// The whole handoff: a field vault exports, HQ verifies and imports, the
// reports match; and each kind of bad bundle is refused with its reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_registry.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/exporter.h"
#include "core/bundle/received_audit.h"
#include "core/bundle/receiver.h"
#include "core/identity/identity_ops.h"
#include "core/identity/identity_store.h"
#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "core/records/report.h"
#include "core/vault/vault_database.h"
#include "crypto/encoding.h"
#include "crypto/init.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;
using core::testing::Secret;

class RoundTripTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    AddRecords(*field_);
  }

  void AddRecords(Vault& vault) {
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    auto index = SearchIndex::Create(write->db(), *normalizer_);
    ASSERT_TRUE(index.ok());
    RecordStore store(write->db(), clock_, random_, vault.vault_id(), *normalizer_,
                      &*index, ChangeObserver());
    ASSERT_TRUE(store.Create(SampleSource()).ok());
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(SamplePerson()).ok());
    ASSERT_TRUE(store.Create(SampleDetention()).ok());
    ASSERT_TRUE(store.Create(SampleWitnessAccount()).ok()) ;
    WitnessAccount private_account = SampleWitnessAccount();
    private_account.meta.id = "77777777-7777-4777-8777-777777777777";
    private_account.statement = "Synthetic statement not for HQ";
    private_account.consents = {{"store", true, Date("2020-02-23"), "oral_recorded", {}}};
    ASSERT_TRUE(store.Create(private_account).ok());
    photo_ = std::string(200 * 1024, 'j');
    crypto::MemorySource photo(crypto::AsBytes(photo_));
    NewAttachment request{"incident", kIncidentId, "synthetic-photo.jpg", "image/jpeg", {}};
    ASSERT_TRUE(AddAttachment(write->db(), request, photo, random_,
                              clock_.NowMicros(), vault.vault_id()).ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "", "", "", "sample"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  std::string photo_;
};

TEST_F(RoundTripTest, FieldToHqReportsMatch) {
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.sequence, 1u);
  EXPECT_EQ(sent.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(sent.left_out.at("witness_account"), 1u);
  EXPECT_EQ(sent.record_counts.at("attachment"), 1u);
  EXPECT_EQ(std::filesystem::path(sent.path).filename().string().size(), 24u + 4u);

  std::ifstream file(sent.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), {});
  for (const char* secret : {"Synthetic statement", "Testov", "Тестов", "Synthetic Square"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }

  ReceiveReport verified = Receive(*hq_, sent.path, false);
  ASSERT_TRUE(verified.passed()) << verified.error.ToString();
  EXPECT_EQ(verified.signer_label, "monitor-7");
  EXPECT_EQ(verified.bundle_blake2b, sent.bundle_blake2b);

  ReceiveReport imported = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(imported.passed()) << imported.error.ToString();
  EXPECT_TRUE(imported.imported);
  EXPECT_EQ(imported.outcomes["detention"]["inserted"], 1u);
  EXPECT_EQ(imported.attachments, 1u);

  auto field_report = BuildReport(field_->db(), *normalizer_, {});
  auto hq_report = BuildReport(hq_->db(), *normalizer_, {});
  ASSERT_TRUE(field_report.ok() && hq_report.ok());
  ASSERT_EQ(field_report->size(), 1u);
  ASSERT_EQ(hq_report->size(), 1u);
  EXPECT_EQ((*hq_report)[0].detained, (*field_report)[0].detained);
  EXPECT_EQ((*hq_report)[0].by_status, (*field_report)[0].by_status);
  EXPECT_EQ((*hq_report)[0].attachments, (*field_report)[0].attachments);
  // The account without consent to share stayed in the field.
  EXPECT_EQ((*hq_report)[0].witness_accounts, 1);
  EXPECT_EQ((*field_report)[0].witness_accounts, 2);

  ReceiveReport again = Receive(*hq_, sent.path, true);
  EXPECT_TRUE(again.passed());
  EXPECT_TRUE(again.already_imported);
  EXPECT_FALSE(again.imported);
}

TEST_F(RoundTripTest, AResentAttachmentKeepsItsIdAndIsStoredOnce) {
  ExportResult first = Export(*field_);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ExportRequest everything;
  everything.all = true;
  ExportResult again = Export(*field_, everything);
  ReceiveReport second = Receive(*hq_, again.path, true);
  ASSERT_TRUE(second.imported) << second.error.ToString();
  EXPECT_EQ(second.attachments, 0u);
  EXPECT_EQ(second.attachments_held, 1u);
  auto sent = ListAttachments(field_->db(), "", "");
  auto held = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(sent.ok() && held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].id, (*sent)[0].id);
  EXPECT_EQ((*held)[0].blake2b_512, (*sent)[0].blake2b_512);
  crypto::MemorySink content;
  ASSERT_TRUE(ExtractAttachment(hq_->db(), (*held)[0].id, content).ok());
  EXPECT_EQ(std::string(content.bytes().begin(), content.bytes().end()), photo_);
}

TEST_F(RoundTripTest, AResentAttachmentTakesTheSendersNewerMetadata) {
  ASSERT_TRUE(Receive(*hq_, Export(*field_).path, true).imported);
  const std::string id = (*ListAttachments(field_->db(), "", ""))[0].id;
  EXPECT_EQ(GetAttachment(hq_->db(), id)->original_name, "synthetic-photo.jpg");
  clock_.Advance(1000000);
  auto write = field_->BeginWrite();
  ASSERT_TRUE(write.ok());
  ASSERT_TRUE(RedactAttachmentName(write->db(), id, clock_.NowMicros()).ok());
  ASSERT_TRUE(write->Commit().ok());

  // The redaction changed the attachment's description: --since-last
  // sends that again, not the content HQ holds (redacted_name_test.cc).
  ReceiveReport second = Receive(*hq_, Export(*field_).path, true);
  ASSERT_TRUE(second.imported) << second.error.ToString();
  EXPECT_EQ(second.attachments, 0u);
  EXPECT_EQ(second.attachments_held, 1u);
  EXPECT_EQ(second.outcomes["attachment"]["updated"], 1u);
  auto held = GetAttachment(hq_->db(), id);
  ASSERT_TRUE(held.ok());
  EXPECT_FALSE(held->original_name.has_value());
  EXPECT_EQ(held->version, 2);

  ExportRequest everything;
  everything.all = true;
  ReceiveReport third = Receive(*hq_, Export(*field_, everything).path, true);
  ASSERT_TRUE(third.imported) << third.error.ToString();
  EXPECT_EQ(third.outcomes["attachment"]["unchanged"], 1u);
}

// No honest sender sends other content under an id: HQ keeps both, the
// received one under a new id, and the report says so.
TEST_F(RoundTripTest, AnIdHeldWithOtherContentIsStoredUnderANewId) {
  const std::string id = (*ListAttachments(field_->db(), "", ""))[0].id;
  {
    auto write = hq_->BeginWrite();
    ASSERT_TRUE(write.ok());
    const std::string other(1000, 'o');
    crypto::MemorySource content(crypto::AsBytes(other));
    NewAttachment request{"incident", kIncidentId, "synthetic-other.jpg", "image/jpeg", {}};
    request.id = id;
    ASSERT_TRUE(AddAttachment(write->db(), request, content, random_,
                              clock_.NowMicros(), hq_->vault_id()).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  ReceiveReport imported = Receive(*hq_, Export(*field_).path, true);
  ASSERT_TRUE(imported.imported) << imported.error.ToString();
  EXPECT_EQ(imported.attachments, 1u);
  EXPECT_EQ(imported.outcomes["attachment"]["kept_under_new_id"], 1u);
  auto held = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 2u);
  EXPECT_EQ(GetAttachment(hq_->db(), id)->size, 1000u);
}

TEST_F(RoundTripTest, AttachmentDescriptionsAreParsedStrictly) {
  const std::string id = "dddddddd-dddd-4ddd-8ddd-dddddddddddd";
  const std::string bytes = "synthetic attachment bytes";
  const nlohmann::json good = {
      {"id", id}, {"owner_type", "incident"}, {"owner_id", kIncidentId},
      {"original_name", nullptr}, {"mime_type", "text/plain"}, {"size", bytes.size()},
      {"blake2b", crypto::HexEncode(crypto::HashBlake2b512(crypto::AsBytes(bytes)))},
      {"captured_at", "2020-02-22"}, {"created_at", "2020-02-22T18:00:00Z"},
      {"created_by", "synthetic"}, {"version", 2}};
  auto bundle = [&](const nlohmann::json& description, const std::string& name) {
    const std::string line = description.dump() + "\n";
    std::vector<PayloadFile> payload = {
        {"records/attachment.jsonl",
         [line](crypto::ByteSink& sink) { return sink.Write(crypto::AsBytes(line)); }},
        {"attachments/" + id,
         [bytes](crypto::ByteSink& sink) { return sink.Write(crypto::AsBytes(bytes)); }}};
    return SealByHand(name, payload);
  };
  nlohmann::json wrong_type = good;
  wrong_type["owner_type"] = 5;
  ExpectRefused(Receive(*hq_, bundle(wrong_type, "type.fvb"), true),
                "records/attachment.jsonl line 1: field 'owner_type' must be text");
  nlohmann::json other_size = good;
  other_size["size"] = 3;
  ExpectRefused(Receive(*hq_, bundle(other_size, "size.fvb"), true),
                "its description and the manifest give a different size or BLAKE2b");
  nlohmann::json extra = good;
  extra["path"] = "/home/monitor/photo.jpg";
  ExpectRefused(Receive(*hq_, bundle(extra, "extra.fvb"), true), "unknown field 'path'");
  nlohmann::json missing = good;
  missing.erase("version");
  ExpectRefused(Receive(*hq_, bundle(missing, "missing.fvb"), true),
                "field 'version' is missing");
  // Its owner is neither in the bundle nor at HQ: refused (an attachment
  // travels with its record or after it), nothing stored.
  ExpectRefused(Receive(*hq_, bundle(good, "ownerless.fvb"), true),
                "belongs to incident " + std::string(kIncidentId) +
                    ", which is neither in the bundle nor in this vault");
  EXPECT_TRUE(ListAttachments(hq_->db(), "", "")->empty());
  {
    auto write = hq_->BeginWrite();
    ASSERT_TRUE(write.ok());
    auto index = SearchIndex::Create(write->db(), *normalizer_);
    ASSERT_TRUE(index.ok());
    RecordStore store(write->db(), clock_, random_, hq_->vault_id(), *normalizer_,
                      &*index, ChangeObserver());
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "", "", "", "sample"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  // Redacted at the sender before it was ever sent: it arrives so.
  ReceiveReport fine = Receive(*hq_, bundle(good, "good.fvb"), true);
  ASSERT_TRUE(fine.imported) << fine.error.ToString();
  auto stored = GetAttachment(hq_->db(), id);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->original_name.has_value());
  EXPECT_EQ(stored->version, 2);
  EXPECT_EQ(stored->captured_at.text(), "2020-02-22");
}

TEST_F(RoundTripTest, AttachmentsLeaveOnlyWithTheirOwners) {
  {
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    // Outlives the sources that read it.
    const std::string scan(1000, 'k');
    for (const char* owner : {"person", "witness_account"}) {
      crypto::MemorySource content(crypto::AsBytes(scan));
      NewAttachment request{owner,
                            owner == std::string("person")
                                ? kPersonId
                                : "77777777-7777-4777-8777-777777777777",
                            "synthetic-scan.pdf", "application/pdf", {}};
      ASSERT_TRUE(AddAttachment(write->db(), request, content, random_,
                                clock_.NowMicros(), field_->vault_id()).ok());
    }
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "", "", "", "scans"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  // The incident's photo and the person's scan; not the scan of the
  // account the witness did not let go to HQ.
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.record_counts.at("attachment"), 2u);
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  auto held = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 2u);
  for (const Attachment& a : *held) EXPECT_NE(a.owner_type, "witness_account");
}

TEST_F(RoundTripTest, StandardToolsOpenAndCheckTheBundle) {
  ExportResult sent = Export(*field_);
  auto hq_identity = ExportOwnAgeIdentity(*hq_);
  ASSERT_TRUE(hq_identity.ok());
  auto key = crypto::FormatIdentityFile(*hq_identity, "2020-02-23T00:00:00Z");
  std::ofstream(dir_.Join("hq.key"), std::ios::binary)
      << std::string(key.Reveal().begin(), key.Reveal().end());
  std::filesystem::create_directories(dir_.Join("out"));
  std::string out = dir_.Join("out");
  EXPECT_EQ(std::system(("age -d -i " + dir_.Join("hq.key") + " " + sent.path +
                         " | tar -x -C " + out).c_str()), 0);
  auto pub = GetVaultIdentity(field_->db())->minisign_public_key;
  EXPECT_EQ(std::system(("minisign -q -Vm " + out + "/manifest.json -P " + pub).c_str()), 0);
  EXPECT_EQ(std::system(("cd " + out + " && b2sum --quiet -c B2SUMS").c_str()), 0);
}

TEST_F(RoundTripTest, ChangedAttachmentIsFoundByCheckAndRefusedAtHq) {
  // Same size, other bytes, written through the database itself (so every
  // page still passes SQLCipher's HMAC): only the hash of every byte can
  // tell. The export no longer re-hashes stored content; it lists the hash
  // recorded at ingest, so the damage cannot reach HQ unnoticed.
  ASSERT_TRUE(field_->db()
                  .Exec("UPDATE attachment_chunks SET data = zeroblob(length(data))")
                  .ok());
  auto check = CheckAttachmentContents(field_->db(), {});
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(check->checked, 1u);
  ASSERT_EQ(check->damaged.size(), 1u);
  EXPECT_EQ(check->damaged[0].original_name, "synthetic-photo.jpg");
  EXPECT_NE(check->damaged[0].problem.find("differs from"), std::string::npos)
      << check->damaged[0].problem;

  ExportResult sent = Export(*field_);
  ASSERT_FALSE(sent.path.empty());
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ExpectRefused(report, "attachments/" + check->damaged[0].id +
                            "' does not match the manifest");
  EXPECT_FALSE(report.imported);
  auto held = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->empty());
}

TEST_F(RoundTripTest, DamagedAttachmentPageStopsTheExport) {
  // Damage on the disk itself: a page of an attachment's chunks no longer
  // passes SQLCipher's HMAC, so reading it is an error, at export as in
  // `check --attachments`.
  {
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    for (auto [name, size] : {std::pair{"synthetic-clip.mp4", 3 << 20},
                              std::pair{"synthetic-note.txt", 100}}) {
      const std::string content(static_cast<size_t>(size), 'k');
      crypto::MemorySource source(crypto::AsBytes(content));
      NewAttachment request{"incident", kIncidentId, name, "", {}};
      ASSERT_TRUE(AddAttachment(write->db(), request, source, random_,
                                clock_.NowMicros(), field_->vault_id()).ok());
    }
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "", "", "", "clip"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  field_.reset();
  // The clip's chunks fill the end of the file (the note takes one page
  // after them): a page well inside them is one its extraction reads.
  const std::string db_path = dir_.Join("field") + "/vault.db";
  const auto pages = std::filesystem::file_size(db_path) / kVaultPageSize;
  ASSERT_GT(pages, 100u);
  {
    std::fstream file(db_path, std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(static_cast<std::streamoff>((pages - 40) * kVaultPageSize + 1000));
    file.write("\x5a\x5a\x5a\x5a", 4);
  }
  auto reopened = Vault::Open(dir_.Join("field"), Secret("synthetic pass"), random_, clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  field_ = std::make_unique<Vault>(std::move(reopened).value());

  ExportRequest request;
  request.target = dir_.Join("usb");
  request.all = true;
  auto refused = ExportBundle(*field_, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption)
      << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("cannot be read: the vault is damaged"),
            std::string::npos)
      << refused.status().ToString();
  EXPECT_NE(refused.status().hint().find("check --attachments"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Join("usb")));
  EXPECT_FALSE(*LastSentBundle(field_->db(), "hq"));

  auto check = CheckAttachmentContents(field_->db(), {});
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  // The note, checked after the clip, is found intact.
  EXPECT_EQ(check->checked, 3u);
  ASSERT_EQ(check->damaged.size(), 1u);
  EXPECT_EQ(check->damaged[0].original_name, "synthetic-clip.mp4");
  EXPECT_NE(check->damaged[0].problem.find("cannot be read back"), std::string::npos)
      << check->damaged[0].problem;
}

TEST_F(RoundTripTest, DamagedRecordStopsTheExport) {
  // Not JSON: the first pass checks every stored line before anything is
  // sealed, so no file is left and no sequence number used.
  ASSERT_TRUE(field_->db().Exec("UPDATE detentions SET body = '{\"id\": '").ok());
  ExportRequest request;
  request.target = dir_.Join("usb");
  auto refused = ExportBundle(*field_, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
  EXPECT_NE(refused.status().message().find("a stored detention is damaged"),
            std::string::npos)
      << refused.status().ToString();
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Join("usb")));
  EXPECT_FALSE(*LastSentBundle(field_->db(), "hq"));
}

TEST_F(RoundTripTest, ABadRecordLeavesNothingImported) {
  // A bundle signed by the trusted monitor whose second person does not
  // parse: the first one must not stay behind.
  const std::string records =
      ToJson(SamplePerson()).dump() + "\n{\"type\": \"person\"}\n";
  std::vector<PayloadFile> payload = {
      {"records/person.jsonl",
       [&](crypto::ByteSink& sink) { return sink.Write(crypto::AsBytes(records)); }}};
  SealByHand("bad-record.fvb", payload);
  ReceiveReport report = Receive(*hq_, dir_.Join("bad-record.fvb"), true);
  ExpectRefused(report, "records/person.jsonl line 2");
  RecordStore store(hq_->db(), clock_, random_, hq_->vault_id(), *normalizer_,
                    nullptr, ChangeObserver());
  EXPECT_EQ(store.Get<Person>(kPersonId).status().code(), StatusCode::kNotFound);
}

TEST_F(RoundTripTest, SequenceGapsReplaysAndForks) {
  std::filesystem::copy(dir_.Join("field"), dir_.Join("field-copy"));
  ExportResult first = Export(*field_);
  ExportRequest everything;
  everything.all = true;
  ExportResult second = Export(*field_, everything);
  ExportResult third = Export(*field_);
  EXPECT_EQ(third.sequence, 3u);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ReceiveReport gap = Receive(*hq_, third.path, true);
  ASSERT_TRUE(gap.passed()) << gap.error.ToString();
  EXPECT_EQ(gap.sequence_text, "sequence 3: missing 2");
  ReceiveReport late = Receive(*hq_, second.path, true);
  EXPECT_TRUE(late.imported) << late.error.ToString();

  // A copy of the field vault made before the first export: its bundle
  // reuses sequence 1 with another id.
  auto copy = Vault::Open(dir_.Join("field-copy"), Secret("synthetic pass"), random_, clock_);
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  ExportResult forked = Export(*copy);
  EXPECT_EQ(forked.sequence, 1u);
  ExpectRefused(Receive(*hq_, forked.path, true), "replay or a fork");
}

// A monitor sending to two HQs in turn: each sees the other's numbers as
// sent elsewhere, not as lost bundles.
TEST_F(RoundTripTest, NumbersSentToAnotherHqAreNoGap) {
  std::unique_ptr<Vault> second_hq = NewVault("hq2");
  Introduce(*field_, *second_hq, "hq-second", "monitor-7");
  ExportRequest to_geneva, to_second;
  to_geneva.recipient_labels = {"hq-geneva"};
  to_second.recipient_labels = {"hq-second"};
  ExportResult first = Export(*field_, to_geneva);
  ExportResult second = Export(*field_, to_second);
  ExportResult third = Export(*field_, to_geneva);
  ASSERT_EQ(third.sequence, 3u);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ReceiveReport next = Receive(*hq_, third.path, true);
  ASSERT_TRUE(next.imported) << next.error.ToString();
  EXPECT_EQ(next.sequence_text, "sequence 3: next after 1 (2 went to other recipients)");
  for (const Check& check : next.checks) {
    EXPECT_NE(check.outcome, Check::Outcome::kWarning) << check.name << ": " << check.detail;
  }
  // The custody events of bundle 2's export, which went to the second HQ
  // only, do not reach Geneva: it learns that a number went elsewhere, not
  // to whom (audit_selection.h).
  auto in_third = ListReceivedCustodyEvents(hq_->db(), third.bundle_id);
  ASSERT_TRUE(in_third.ok());
  for (const auto& r : *in_third) {
    EXPECT_NE(r.event.bundle_id, second.bundle_id);
    EXPECT_EQ(r.event.detail.find("hq-second"), std::string::npos) << r.event.detail;
  }
  ReceiveReport other = Receive(*second_hq, second.path, true);
  ASSERT_TRUE(other.imported) << other.error.ToString();
  EXPECT_EQ(other.sequence_text,
            "sequence 2: first bundle from this signer (1 went to other recipients)");
  // A bundle to both after that: the second HQ missed nothing it was sent.
  ExportResult fourth = Export(*field_);
  EXPECT_EQ(Receive(*second_hq, fourth.path, true).sequence_text,
            "sequence 4: next after 2 (3 went to other recipients)");
  ReceiveReport at_geneva = Receive(*hq_, fourth.path, true);
  EXPECT_EQ(at_geneva.sequence_text, "sequence 4: next after 3");
  // Bundle 4 carries the events since bundle 2 for the second HQ; Geneva
  // holds those of bundle 3's time already and keeps each once.
  auto events = ListReceivedCustodyEvents(hq_->db(), "");
  ASSERT_TRUE(events.ok());
  std::set<int64_t> sequences;
  for (const auto& r : *events) EXPECT_TRUE(sequences.insert(r.event.sequence).second);
  EXPECT_EQ(at_geneva.audit_events,
            ListReceivedCustodyEvents(hq_->db(), fourth.bundle_id)->size());
}

TEST_F(RoundTripTest, RefusesUnknownRevokedReaddressedAndDamaged) {
  ExportResult sent = Export(*field_);
  // Unknown signer: a third vault HQ never trusted.
  auto stranger = NewVault("stranger");
  auto hq_id = GetVaultIdentity(hq_->db());
  ASSERT_TRUE(AddRecipientToVault(*stranger, "hq",
                                  *crypto::AgeRecipient::Parse(hq_id->age_recipient)).ok());
  ReceiveReport unknown = Receive(*hq_, Export(*stranger).path, true);
  ExpectRefused(unknown, "unknown signer");
  EXPECT_NE(unknown.error.hint().find("fieldvault signers trust LABEL RW"), std::string::npos);

  // Re-addressed: HQ decrypts and re-encrypts the bundle to another vault,
  // which also trusts the monitor.
  auto other = NewVault("other-hq");
  ASSERT_TRUE(TrustSignerInVault(*other, "monitor-7",
                                 *crypto::MinisignPublicKey::ParseBase64(
                                     GetVaultIdentity(field_->db())->minisign_public_key)).ok());
  std::ifstream in(sent.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  crypto::MemorySource source(crypto::AsBytes(bytes));
  auto ids = LoadAgeIdentities(hq_->db());
  auto decryptor = crypto::AgeDecryptor::Open(source, *ids);
  ASSERT_TRUE(decryptor.ok());
  crypto::MemorySink readdressed;
  std::vector<crypto::AgeRecipient> to_other = {
      *crypto::AgeRecipient::Parse(GetVaultIdentity(other->db())->age_recipient)};
  auto encryptor = crypto::AgeEncryptor::Create(to_other, readdressed, false, random_);
  ASSERT_TRUE(crypto::CopyStream(**decryptor, **encryptor).ok());
  ASSERT_TRUE((*encryptor)->Finish().ok());
  std::ofstream(dir_.Join("readdressed.fvb"), std::ios::binary)
      .write(reinterpret_cast<const char*>(readdressed.bytes().data()),
             static_cast<std::streamsize>(readdressed.bytes().size()));
  ExpectRefused(Receive(*other, dir_.Join("readdressed.fvb"), true),
                "not addressed to this vault");

  // Damaged: a byte changed, or the end cut off.
  std::string tampered = bytes;
  tampered[tampered.size() / 2] ^= 0x20;
  std::ofstream(dir_.Join("tampered.fvb"), std::ios::binary) << tampered;
  ExpectRefused(Receive(*hq_, dir_.Join("tampered.fvb"), true), "altered or damaged");
  std::ofstream(dir_.Join("cut.fvb"), std::ios::binary) << bytes.substr(0, bytes.size() - 300);
  ExpectRefused(Receive(*hq_, dir_.Join("cut.fvb"), true), "truncated");
  // Not for us at all: the stranger's own vault cannot open it.
  ExpectRefused(Receive(*stranger, sent.path, false), "not encrypted to this vault");

  // Revoked signer.
  ASSERT_TRUE(RevokeSignerInVault(*hq_, "monitor-7").ok());
  ExpectRefused(Receive(*hq_, sent.path, true), "was revoked");
  // Refusals were registered as evidence; nothing was imported.
  auto received = ListReceivedBundles(hq_->db());
  ASSERT_TRUE(received.ok());
  for (const auto& bundle : *received) EXPECT_EQ(bundle.verdict, "refused");
  EXPECT_GE(received->size(), 4u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
