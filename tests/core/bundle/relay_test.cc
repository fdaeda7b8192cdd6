// What HQ passes on to monitors, and what a monitor sends back, under the
// hq profile (reviewer s11, findings 2, 7 and 8):
//  - HQ, which holds witness accounts monitors shared with it, never sends
//    its own accounts to monitors, whatever their consent ("share_with_hq"
//    does not cover monitors), nor their witnesses unless detained;
//  - HQ relays the records other monitors sent, but not their files: only
//    the attachments HQ itself added leave;
//  - a monitor does not send back to HQ the files HQ sent it, while its
//    own files still go.
#include <gtest/gtest.h>

#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kHqAccount[] = "44444444-4444-4444-8444-4444444444b0";
constexpr char kHqWitness[] = "66666666-6666-4666-8666-6666666666b1";
constexpr char kHqStatement[] = "Synthetic statement taken at HQ.";
constexpr char kFieldPhoto[] = "synthetic photo bytes the monitor took";
constexpr char kFieldPersonPhoto[] = "synthetic photo bytes of the detainee";
constexpr char kHqDocument[] = "synthetic document bytes HQ added";

class RelayTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    monitor_b_ = NewVault("monitor-b");
    Introduce(*hq_, *monitor_b_, "monitor-b", "hq");
    Introduce(*hq_, *field_, "monitor-7", "hq");
    // The field monitor records an incident, a detainee and an account it
    // shares with HQ, with photos; HQ imports them.
    Write(*field_, [&](RecordStore& store, Database& db) {
      ASSERT_TRUE(store.Create(SampleIncident()).ok());
      ASSERT_TRUE(store.Create(SamplePerson()).ok());
      ASSERT_TRUE(store.Create(SampleSource()).ok());
      ASSERT_TRUE(store.Create(SampleDetention()).ok());
      ASSERT_TRUE(store.Create(SampleWitnessAccount()).ok());
      Attach(db, "incident", kIncidentId, kFieldPhoto);
      Attach(db, "person", kPersonId, kFieldPersonPhoto);
    });
    Import(*hq_, Export(*field_));
  }

  ExportResult ExportTo(Vault& vault, const std::string& label) {
    ExportRequest request;
    request.recipient_labels = {label};
    return Export(vault, request);
  }

  static uint64_t LeftOut(const ExportResult& sent, const std::string& what) {
    auto it = sent.left_out.find(what);
    return it == sent.left_out.end() ? 0 : it->second;
  }

  // HQ interviews a witness itself, who consents to store and share_with_hq,
  // and attaches a recording.
  void HqRecordsAnAccount() {
    Write(*hq_, [&](RecordStore& store, Database& db) {
      Person witness;
      witness.meta.id = kHqWitness;
      witness.names = {{"Witness Synthetic-Hq", "Latn", "en", "", ""}};
      witness.notes = "synthetic phone of the HQ witness +000 0001";
      ASSERT_TRUE(store.Create(witness).ok());
      WitnessAccount own = SampleWitnessAccount();
      own.meta.id = kHqAccount;
      own.witness_pseudonym.clear();
      own.witness_person_id = kHqWitness;
      own.statement = kHqStatement;
      ASSERT_TRUE(store.Create(own).ok());
      Attach(db, "witness_account", kHqAccount, "synthetic HQ interview recording",
             hq_.get());
    });
  }

  std::unique_ptr<Vault> monitor_b_;
};

TEST_F(RelayTest, HqSendsNoWitnessAccountToMonitorsNotEvenItsOwn) {
  HqRecordsAnAccount();
  ExportResult sent = ExportTo(*hq_, "monitor-b");
  EXPECT_EQ(sent.record_counts.at("witness_account"), 0u);
  EXPECT_EQ(LeftOut(sent, "witness_account_at_hq"), 1u);
  EXPECT_EQ(LeftOut(sent, "witness_account_of_other_vault"), 1u);
  EXPECT_EQ(LeftOut(sent, "witness_person"), 1u);  // HQ's witness
  Import(*monitor_b_, sent);
  EXPECT_FALSE(Get<WitnessAccount>(*monitor_b_, kHqAccount).ok());
  EXPECT_FALSE(Get<Person>(*monitor_b_, kHqWitness).ok());
  EXPECT_EQ(FilesOf(*monitor_b_, "witness_account", kHqAccount), 0u);
  // The detainee list still arrives.
  EXPECT_TRUE(Get<Detention>(*monitor_b_, kDetentionId).ok());
  EXPECT_TRUE(Get<Person>(*monitor_b_, kPersonId).ok());
}

TEST_F(RelayTest, HqsWitnessWhoIsDetainedStillLeavesAsADetainee) {
  HqRecordsAnAccount();
  Write(*hq_, [&](RecordStore& store, Database&) {
    Detention detention = SampleDetention();
    detention.meta.id = "33333333-3333-4333-8333-3333333333b2";
    detention.person_id = kHqWitness;
    ASSERT_TRUE(store.Create(detention).ok());
  });
  ExportResult sent = ExportTo(*hq_, "monitor-b");
  EXPECT_EQ(sent.record_counts.at("witness_account"), 0u);
  EXPECT_EQ(LeftOut(sent, "witness_person"), 0u);
  Import(*monitor_b_, sent);
  EXPECT_TRUE(Get<Person>(*monitor_b_, kHqWitness).ok());
  EXPECT_FALSE(Get<WitnessAccount>(*monitor_b_, kHqAccount).ok());
}

TEST_F(RelayTest, HqRelaysOtherMonitorsRecordsButNotTheirFiles) {
  Write(*hq_, [&](RecordStore&, Database& db) {
    Attach(db, "incident", kIncidentId, kHqDocument, hq_.get());
  });
  ExportResult sent = ExportTo(*hq_, "monitor-b");
  EXPECT_EQ(sent.record_counts.at("incident"), 1u);
  EXPECT_EQ(sent.record_counts.at("person"), 1u);
  EXPECT_EQ(sent.record_counts.at("attachment"), 1u);  // HQ's own
  EXPECT_EQ(LeftOut(sent, "attachment_of_other_vault"), 2u);
  Import(*monitor_b_, sent);
  EXPECT_EQ(FilesOf(*monitor_b_, "incident", kIncidentId), 1u);
  EXPECT_EQ(FilesOf(*monitor_b_, "person", kPersonId), 0u);
  auto files = ListAttachments(monitor_b_->db(), "incident", kIncidentId);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  // A received file is credited to the key that signed its bundle.
  EXPECT_EQ((*files)[0].created_by, GetVaultIdentity(hq_->db())->key_id);
}

TEST_F(RelayTest, AMonitorDoesNotSendBackTheFilesHqSentIt) {
  Write(*hq_, [&](RecordStore&, Database& db) {
    Attach(db, "incident", kIncidentId, kHqDocument, hq_.get());
  });
  ExportResult to_field = ExportTo(*hq_, "monitor-7");
  EXPECT_EQ(to_field.record_counts.at("attachment"), 1u);
  Import(*field_, to_field);
  EXPECT_EQ(FilesOf(*field_, "incident", kIncidentId), 2u);

  // The monitor's next handoff: HQ's file stays home, the monitor's new
  // photo goes.
  Write(*field_, [&](RecordStore&, Database& db) {
    Attach(db, "person", kPersonId, "synthetic second photo of the detainee");
  });
  ExportResult back = Export(*field_);
  EXPECT_EQ(back.record_counts.at("attachment"), 1u);
  EXPECT_EQ(LeftOut(back, "attachment_of_other_vault"), 1u);
  ReceiveReport report = Receive(*hq_, back.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.attachments_held, 0u);
  EXPECT_EQ(FilesOf(*hq_, "person", kPersonId), 2u);
}

TEST_F(RelayTest, AMonitorsOwnAccountsStillGoToHq) {
  // The field vault holds no account another vault recorded: its own
  // shared account goes, as before.
  Write(*field_, [&](RecordStore& store, Database&) {
    auto account = store.Get<WitnessAccount>(kWitnessId);
    ASSERT_TRUE(account.ok());
    account->statement = "Synthetic statement, corrected.";
    ASSERT_TRUE(store.Update(*account).ok());
  });
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.record_counts.at("witness_account"), 1u);
  EXPECT_EQ(LeftOut(sent, "witness_account_at_hq"), 0u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
