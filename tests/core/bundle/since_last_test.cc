// export --since-last leaves nothing out that should go:
//  - HQ relays to a second monitor what it received after its previous
//    bundle to that monitor, even when the sender changed it before that
//    bundle (records are selected by when they changed in HQ's vault, not
//    by their sender's updated_at), and the relayed records are as sent;
//  - an attachment whose owner becomes exportable later (consent granted,
//    a witness a detention names later) goes with its owner, once: a later
//    edit of the owner does not send it again; the same for a photo whose
//    record is marked public later.
#include <gtest/gtest.h>

#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "tests/core/attachments/synthetic_images.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kPhoto[] = "synthetic photo bytes of the account";
constexpr char kWitnessPerson[] = "66666666-6666-4666-8666-666666666661";
constexpr char kWitnessPhoto[] = "synthetic photo bytes of the witness";

class SinceLastTest : public HandoffTest {
 protected:
  // Changes the witness account in the field vault (one edit).
  void EditAccount(const std::function<void(WitnessAccount&)>& change) {
    Write(*field_, [&](RecordStore& store, Database&) {
      auto account = store.Get<WitnessAccount>(kWitnessId);
      ASSERT_TRUE(account.ok());
      change(*account);
      ASSERT_TRUE(store.Update(*account).ok());
    });
  }

  static WitnessAccount AccountWithoutConsent() {
    WitnessAccount account = SampleWitnessAccount();
    account.consents[1].granted = false;  // share_with_hq
    return account;
  }
};

TEST_F(SinceLastTest, HqRelaysWhatItReceivedAfterItsPreviousBundle) {
  std::unique_ptr<Vault> second = NewVault("second-monitor");
  Introduce(*hq_, *second, "monitor-2", "hq-geneva");
  // The monitor records an incident; HQ, before it receives it, sends the
  // second monitor a bundle (HQ's own incident).
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    Attach(db, "incident", kIncidentId, kPhoto);
  });
  Write(*hq_, [](RecordStore& store, Database&) {
    Incident own = SampleIncident();
    own.meta.id = "77777777-7777-4777-8777-777777777771";
    ASSERT_TRUE(store.Create(own).ok());
  });
  ExportResult first = Export(*hq_);
  EXPECT_EQ(first.record_counts.at("incident"), 1u);
  Import(*second, first);

  // The monitor's bundle reaches HQ after that: its incident was changed
  // (updated_at) before HQ's bundle, and received after it.
  Import(*hq_, Export(*field_));
  ExportResult relay = Export(*hq_);
  EXPECT_EQ(relay.record_counts.at("incident"), 1u);
  // The monitor's photo stays at HQ (relay_test.cc).
  EXPECT_EQ(relay.record_counts.at("attachment"), 0u);
  EXPECT_EQ(relay.left_out.at("attachment_of_other_vault"), 1u);
  Import(*second, relay);

  // The second monitor holds the record as the first one wrote it.
  auto at_field = Get<Incident>(*field_, kIncidentId);
  auto relayed = Get<Incident>(*second, kIncidentId);
  ASSERT_TRUE(at_field.ok());
  ASSERT_TRUE(relayed.ok()) << relayed.status().ToString();
  EXPECT_EQ(ToJson(*relayed), ToJson(*at_field));
  EXPECT_EQ(FilesOf(*second, "incident", kIncidentId), 0u);

  // Nothing changed at HQ since: the next bundle is empty.
  ExportResult after = Export(*hq_);
  EXPECT_EQ(after.record_counts.at("incident"), 0u);
  EXPECT_EQ(after.record_counts.at("attachment"), 0u);
}

TEST_F(SinceLastTest, AFileGoesWhenItsAccountGetsConsentLater) {
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(AccountWithoutConsent()).ok());
    Attach(db, "witness_account", kWitnessId, kPhoto);
  });
  ExportResult first = Export(*field_);
  EXPECT_EQ(first.record_counts.at("witness_account"), 0u);
  EXPECT_EQ(first.record_counts.at("attachment"), 0u);
  EXPECT_EQ(first.left_out.at("attachment"), 1u);
  Import(*hq_, first);

  EditAccount([](WitnessAccount& account) { account.consents[1].granted = true; });
  ExportResult granted = Export(*field_);
  EXPECT_EQ(granted.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(granted.record_counts.at("attachment"), 1u);
  Import(*hq_, granted);
  EXPECT_TRUE(Get<WitnessAccount>(*hq_, kWitnessId).ok());
  EXPECT_EQ(FilesOf(*hq_, "witness_account", kWitnessId), 1u);

  // A later edit of the account does not send its file again.
  EditAccount([](WitnessAccount& account) { account.language = "kk"; });
  ExportResult edited = Export(*field_);
  EXPECT_EQ(edited.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(edited.record_counts.at("attachment"), 0u);
}

TEST_F(SinceLastTest, AFileSentInABundleThatFailedGoesAgain) {
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(AccountWithoutConsent()).ok());
    Attach(db, "witness_account", kWitnessId, kPhoto);
  });
  Export(*field_);
  EditAccount([](WitnessAccount& account) { account.consents[1].granted = true; });
  // The bundle with the account and its file is lost after its number was
  // taken (the stick is pulled before the rename).
  ExportRequest failing;
  failing.target = dir_.Join("usb");
  failing.fault = [](ExportStep step) {
    return step == ExportStep::kRename ? Status::IoError("synthetic stick pulled")
                                       : Status::Ok();
  };
  clock_.Advance(1000000);
  EXPECT_FALSE(ExportBundle(*field_, failing).ok());
  // Then the account is edited again: the next bundle carries its file.
  EditAccount([](WitnessAccount& account) { account.language = "kk"; });
  ExportResult next = Export(*field_);
  EXPECT_EQ(next.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(next.record_counts.at("attachment"), 1u);
}

TEST_F(SinceLastTest, AWitnessNamedByALaterDetentionGoesWithTheirFile) {
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    Person witness;
    witness.meta.id = kWitnessPerson;
    witness.names = {{"Witness Synthetic-Sigma", "Latn", "en", "", ""}};
    ASSERT_TRUE(store.Create(witness).ok());
    Attach(db, "person", kWitnessPerson, kWitnessPhoto);
    WitnessAccount account = AccountWithoutConsent();
    account.witness_pseudonym.clear();
    account.witness_person_id = kWitnessPerson;
    ASSERT_TRUE(store.Create(account).ok());
  });
  ExportResult first = Export(*field_);
  EXPECT_EQ(first.left_out.at("witness_person"), 1u);
  EXPECT_EQ(first.record_counts.at("person"), 0u);
  EXPECT_EQ(first.record_counts.at("attachment"), 0u);
  Import(*hq_, first);

  // The witness is detained later: HQ needs them, and their photo, though
  // neither the person nor the photo changed.
  Write(*field_, [](RecordStore& store, Database&) {
    Detention detention = SampleDetention();
    detention.person_id = kWitnessPerson;
    detention.status_history.pop_back();  // cites no source
    ASSERT_TRUE(store.Create(detention).ok());
  });
  ExportResult detained = Export(*field_);
  EXPECT_EQ(detained.record_counts.at("detention"), 1u);
  EXPECT_EQ(detained.record_counts.at("person"), 1u);
  EXPECT_EQ(detained.record_counts.at("attachment"), 1u);
  Import(*hq_, detained);
  EXPECT_TRUE(Get<Person>(*hq_, kWitnessPerson).ok());
  EXPECT_EQ(FilesOf(*hq_, "person", kWitnessPerson), 1u);
}

TEST_F(SinceLastTest, AWitnessWhoseAccountGetsConsentLaterGoes) {
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    Person witness;
    witness.meta.id = kWitnessPerson;
    witness.names = {{"Witness Synthetic-Sigma", "Latn", "en", "", ""}};
    ASSERT_TRUE(store.Create(witness).ok());
    Attach(db, "person", kWitnessPerson, kWitnessPhoto);
    WitnessAccount account = AccountWithoutConsent();
    account.witness_pseudonym.clear();
    account.witness_person_id = kWitnessPerson;
    ASSERT_TRUE(store.Create(account).ok());
  });
  EXPECT_EQ(Export(*field_).record_counts.at("person"), 0u);
  EditAccount([](WitnessAccount& account) { account.consents[1].granted = true; });
  ExportResult granted = Export(*field_);
  EXPECT_EQ(granted.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(granted.record_counts.at("person"), 1u);
  EXPECT_EQ(granted.record_counts.at("attachment"), 1u);
}

TEST_F(SinceLastTest, AWitnessAnAccountNoLongerNamesGoes) {
  Write(*field_, [&](RecordStore& store, Database&) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(SamplePerson()).ok());
    Person witness;
    witness.meta.id = kWitnessPerson;
    witness.names = {{"Witness Synthetic-Sigma", "Latn", "en", "", ""}};
    ASSERT_TRUE(store.Create(witness).ok());
    WitnessAccount account = AccountWithoutConsent();
    account.witness_pseudonym.clear();
    account.witness_person_id = kWitnessPerson;  // by mistake
    ASSERT_TRUE(store.Create(account).ok());
  });
  ExportResult first = Export(*field_);
  EXPECT_EQ(first.left_out.at("witness_person"), 1u);
  // The account is corrected to name its real witness, who stays home in
  // turn; the person it named by mistake is no witness and goes.
  EditAccount([](WitnessAccount& account) { account.witness_person_id = kPersonId; });
  ExportResult corrected = Export(*field_);
  EXPECT_EQ(corrected.record_counts.at("person"), 1u);
  EXPECT_EQ(corrected.left_out.at("witness_person"), 1u);  // the real witness
  Import(*hq_, first);
  Import(*hq_, corrected);
  EXPECT_TRUE(Get<Person>(*hq_, kWitnessPerson).ok());
}

TEST_F(SinceLastTest, APhotoGoesWhenItsRecordIsMarkedPublicLater) {
  Write(*field_, [&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SamplePerson()).ok());  // confidential
    Attach(db, "person", kPersonId,
           MakeSyntheticPng("synthetic photo of the person", "synthetic author").whole);
  });
  ExportRequest request;
  request.profile = "public";
  ExportResult first = Export(*field_, request);
  EXPECT_EQ(first.record_counts.at("person"), 0u);
  EXPECT_EQ(first.record_counts.at("attachment"), 0u);
  Write(*field_, [](RecordStore& store, Database&) {
    auto person = store.Get<Person>(kPersonId);
    ASSERT_TRUE(person.ok());
    person->meta.confidentiality = "public";
    ASSERT_TRUE(store.Update(*person).ok());
  });
  ExportResult published = Export(*field_, request);
  EXPECT_EQ(published.record_counts.at("person"), 1u);
  EXPECT_EQ(published.record_counts.at("attachment"), 1u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
