// The public profile through a whole export: only records marked public
// leave, with their photos cleaned of metadata; an anonymised account
// leaves without its recordings; attachments fieldvault cannot clean stay
// home; what stays home is counted in the manifest and the custody log;
// the decrypted bundle holds none of it; HQ can import the bundle.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/records/record_store.h"
#include "core/vault/custody_log.h"
#include "crypto/blake2b.h"
#include "crypto/encoding.h"
#include "tests/core/attachments/synthetic_images.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kPublicPerson[] = "66666666-6666-4666-8666-666666666666";
constexpr char kNamedAccount[] = "77777777-7777-4777-8777-777777777777";
constexpr char kHomeAccount[] = "88888888-8888-4888-8888-888888888888";
constexpr char kHomeStatement[] = "Synthetic statement marked confidential";
constexpr char kIncidentPhotoGps[] = "synthetic GPS of the incident photo";
constexpr char kPersonPhotoAuthor[] = "synthetic author of the person photo";

class PublicProfileTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    AddRecords(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  static WitnessAccount Account(const char* id, const char* purpose,
                                const char* confidentiality) {
    WitnessAccount account = SampleWitnessAccount();
    account.meta.id = id;
    account.meta.confidentiality = confidentiality;
    account.consents = {{purpose, true, Date("2020-02-23"), "written", {}}};
    return account;
  }

  void AddRecords(RecordStore& store, Database& db) {
    Incident incident = SampleIncident();
    incident.meta.confidentiality = "public";
    ASSERT_TRUE(store.Create(incident).ok());
    Attach(db, "incident", kIncidentId,
           MakeSyntheticJpeg("synthetic public incident photo", kIncidentPhotoGps).whole);
    ASSERT_TRUE(store.Create(SamplePerson()).ok());  // confidential by default
    Attach(db, "person", kPersonId, "synthetic confidential person scan");
    Person named;
    named.meta.id = kPublicPerson;
    named.meta.confidentiality = "public";
    named.names = {{"Synthetic Public-02", "Latn", "en", "", ""}};
    ASSERT_TRUE(store.Create(named).ok());
    Attach(db, "person", kPublicPerson,
           MakeSyntheticPng("synthetic public person photo", kPersonPhotoAuthor).whole);
    ASSERT_TRUE(store.Create(SampleSource()).ok());     // confidential
    ASSERT_TRUE(store.Create(SampleDetention()).ok());  // confidential

    ASSERT_TRUE(store.Create(Account(kWitnessId, "publish_anonymised", "public")).ok());
    Attach(db, "witness_account", kWitnessId, "synthetic anonymised witness audio");
    ASSERT_TRUE(store.Create(Account(kNamedAccount, "publish_named", "public")).ok());
    // Audio may hold metadata fieldvault cannot remove: it stays home.
    Attach(db, "witness_account", kNamedAccount, "synthetic named witness audio");
    WitnessAccount home = Account(kHomeAccount, "publish_named", "confidential");
    home.statement = kHomeStatement;
    ASSERT_TRUE(store.Create(home).ok());
    Attach(db, "witness_account", kHomeAccount, "synthetic confidential witness audio");
  }

  // The content of the incident's one attachment in `db`.
  static std::string IncidentPhoto(Database& db) {
    auto held = ListAttachments(db, "incident", kIncidentId);
    EXPECT_TRUE(held.ok() && held->size() == 1);
    if (!held.ok() || held->size() != 1) return "";
    crypto::MemorySink photo;
    EXPECT_TRUE(ExtractAttachment(db, held->front().id, photo).ok());
    return std::string(photo.bytes().begin(), photo.bytes().end());
  }

};

TEST_F(PublicProfileTest, OnlyPublicRecordsAndCleanedPhotosLeave) {
  ExportRequest request;
  request.profile = "public";
  ExportResult sent = Export(*field_, request);
  EXPECT_EQ(sent.record_counts.at("incident"), 1u);
  EXPECT_EQ(sent.record_counts.at("person"), 1u);
  EXPECT_EQ(sent.record_counts.at("detention"), 0u);
  EXPECT_EQ(sent.record_counts.at("source"), 0u);
  EXPECT_EQ(sent.record_counts.at("witness_account"), 2u);
  EXPECT_EQ(sent.record_counts.at("attachment"), 2u);  // incident, person photos
  std::map<std::string, uint64_t> left_out = {
      {"attachment", 3}, {"attachment_with_metadata", 1}, {"coordinates", 1},
      {"interviewer", 1}, {"non_public_record", 4}, {"witness_identity", 1}};
  EXPECT_EQ(sent.left_out, left_out);

  const std::string plain = Decrypt(sent.path);
  ASSERT_FALSE(plain.empty());
  for (const char* present : {"synthetic public incident photo", "Synthetic Public-02",
                              "synthetic public person photo"}) {
    EXPECT_NE(plain.find(present), std::string::npos) << present;
  }
  for (const char* absent : {"Testov Synthetic-01", "synthetic confidential person scan",
                             kDetentionId, "synthetic anonymised witness audio",
                             kHomeStatement, "synthetic confidential witness audio",
                             kHomeAccount, kIncidentPhotoGps, kPersonPhotoAuthor,
                             "synthetic named witness audio"}) {
    EXPECT_EQ(plain.find(absent), std::string::npos) << absent;
  }
  // No record or attachment description names the vault that wrote it
  // (created_by, the edit counts' keys).
  EXPECT_EQ(plain.find(field_->vault_id()), std::string::npos);

  std::string withheld;
  ASSERT_TRUE(ForEachCustodyRecord(field_->db(), 0, [&](const CustodyRecord& r) {
                if (r.event.action == "withheld by profile") withheld = r.event.detail;
                return Status::Ok();
              }).ok());
  EXPECT_EQ(withheld, "attachment 3, attachment_with_metadata 1, coordinates 1, "
                      "interviewer 1, non_public_record 4, witness_identity 1");
}

TEST_F(PublicProfileTest, CleanedPhotosLeaveAsDescribed) {
  ExportRequest request;
  request.profile = "public";
  ExportResult sent = Export(*field_, request);
  // HQ checks every file against the manifest.
  ReceiveReport report = Receive(*hq_, sent.path, false);
  ASSERT_TRUE(report.passed()) << report.error.ToString();
  const SyntheticJpeg photo =
      MakeSyntheticJpeg("synthetic public incident photo", kIncidentPhotoGps);
  const std::string plain = Decrypt(sent.path);
  EXPECT_NE(plain.find(photo.cleaned), std::string::npos);
  EXPECT_EQ(plain.find(photo.whole), std::string::npos);
  // Its description gives the cleaned photo's hash, not the original's.
  auto hash = [](const std::string& bytes) {
    return crypto::HexEncode(crypto::HashBlake2b512(crypto::AsBytes(bytes)));
  };
  EXPECT_NE(plain.find("\"blake2b\":\"" + hash(photo.cleaned) + "\""), std::string::npos);
  EXPECT_EQ(plain.find(hash(photo.whole)), std::string::npos);
  // The field vault keeps its evidence as it was recorded.
  EXPECT_EQ(IncidentPhoto(field_->db()), photo.whole);
}

TEST_F(PublicProfileTest, APublicBundleIsVerifiedButNotImported) {
  ExportRequest request;
  request.profile = "public";
  ExportResult sent = Export(*field_, request);
  EXPECT_TRUE(Receive(*hq_, sent.path, false).passed());
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ExpectRefused(report, "bundle for publication (profile public): it is not imported");
  EXPECT_NE(report.error.hint().find("import the monitor's HQ bundles"), std::string::npos);
  EXPECT_TRUE(report.refused);
  EXPECT_FALSE(report.imported);
  auto held = ListAttachments(hq_->db(), "incident", kIncidentId);
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->empty());
  // The HQ bundle after it imports, and the public one made no conflict.
  ExportResult full = Export(*field_);
  ReceiveReport imported = Receive(*hq_, full.path, true);
  ASSERT_TRUE(imported.passed()) << imported.error.ToString();
  EXPECT_TRUE(imported.imported);
  EXPECT_EQ(IncidentPhoto(hq_->db()),
            MakeSyntheticJpeg("synthetic public incident photo", kIncidentPhotoGps).whole);
}

TEST_F(PublicProfileTest, AnIncidentBundleCountsOnlyItsOwnAttachments) {
  ExportRequest request;
  request.profile = "public";
  request.incident_ids = {kIncidentId};
  ExportResult sent = Export(*field_, request);
  // The detention is withheld, so its person is not reached; the persons'
  // attachments are out of scope, not withheld.
  EXPECT_EQ(sent.record_counts.at("attachment"), 1u);  // the incident photo
  EXPECT_EQ(sent.left_out.at("attachment"), 2u);       // anonymised, confidential
  EXPECT_EQ(sent.left_out.at("attachment_with_metadata"), 1u);  // named audio
  EXPECT_EQ(sent.left_out.at("non_public_record"), 2u);  // detention, account
}

TEST_F(PublicProfileTest, HqCountsTheAttachmentsOfWithheldAccounts) {
  ExportResult sent = Export(*field_);  // no account was shared with HQ
  EXPECT_EQ(sent.left_out.at("witness_account"), 3u);
  EXPECT_EQ(sent.left_out.at("attachment"), 3u);
  EXPECT_EQ(sent.record_counts.at("attachment"), 3u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
