// The hq profile and witnesses' consent, from the field vault to HQ's: a
// witness who did not consent to sharing with HQ stays home, person
// record and files included, unless they are also a detainee; a consent
// withdrawn after an account reached HQ reaches HQ too, without the
// statement.
#include <gtest/gtest.h>

#include "core/attachments/attachment_store.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kWitnessPerson[] = "55555555-5555-4555-8555-555555555551";
constexpr char kWitnessNotes[] = "synthetic phone of the witness +000 0000";
constexpr char kWitnessPhoto[] = "synthetic photo of the witness";
constexpr char kStatement[] = "Synthetic statement the witness later took back.";

class HqConsentTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    Write([&](RecordStore& store, Database& db) {
      ASSERT_TRUE(store.Create(SampleIncident()).ok());
      ASSERT_TRUE(store.Create(SamplePerson()).ok());
      ASSERT_TRUE(store.Create(SampleSource()).ok());
      ASSERT_TRUE(store.Create(SampleDetention()).ok());  // SamplePerson is detained
      Person witness;
      witness.meta.id = kWitnessPerson;
      witness.names = {{"Witness Synthetic-Omega", "Latn", "en", "", ""}};
      witness.notes = kWitnessNotes;
      ASSERT_TRUE(store.Create(witness).ok());
      Attach(db, "person", kWitnessPerson, kWitnessPhoto);
    });
  }

  // Makes `change` one second after the last thing that happened.
  void Write(const std::function<void(RecordStore&, Database&)>& change) {
    clock_.Advance(1000000);
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    change(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  // An account by the witness person, with share_with_hq as `shared`.
  static WitnessAccount AccountOfTheWitness(bool shared) {
    WitnessAccount account = SampleWitnessAccount();
    account.witness_pseudonym.clear();
    account.witness_person_id = kWitnessPerson;
    account.statement = kStatement;
    account.consents = {{"store", true, Date("2020-02-23"), "written", {}},
                        {"share_with_hq", shared, Date("2020-02-23"), "written", {}}};
    return account;
  }

  void Import(const ExportResult& sent) {
    ReceiveReport report = Receive(*hq_, sent.path, true);
    ASSERT_TRUE(report.imported) << report.error.ToString();
  }

  template <typename T>
  Result<T> AtHq(const char* id) {
    RecordStore store(hq_->db(), clock_, random_, hq_->vault_id(), *normalizer_, nullptr,
                      ChangeObserver());
    return store.Get<T>(id);
  }
};

TEST_F(HqConsentTest, AWitnessWhoDidNotConsentStaysHome) {
  Write([](RecordStore& store, Database&) {
    ASSERT_TRUE(store.Create(AccountOfTheWitness(false)).ok());
  });
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.at("witness_account"), 1u);
  EXPECT_EQ(sent.left_out.at("witness_person"), 1u);
  EXPECT_EQ(sent.record_counts.at("person"), 1u);  // the detainee
  EXPECT_EQ(sent.record_counts.at("attachment"), 0u);
  Import(sent);
  EXPECT_FALSE(AtHq<Person>(kWitnessPerson).ok());
  EXPECT_TRUE(AtHq<Person>(kPersonId).ok());
  auto files = ListAttachments(hq_->db(), "person", kWitnessPerson);
  ASSERT_TRUE(files.ok());
  EXPECT_TRUE(files->empty());
}

TEST_F(HqConsentTest, AWitnessWhoIsAlsoDetainedOrSharedLeaves) {
  Write([](RecordStore& store, Database&) {
    WitnessAccount refused = AccountOfTheWitness(false);
    refused.witness_person_id = kPersonId;  // the detainee
    ASSERT_TRUE(store.Create(refused).ok());
    WitnessAccount shared = AccountOfTheWitness(true);
    shared.meta.id = "44444444-4444-4444-8444-444444444445";
    ASSERT_TRUE(store.Create(shared).ok());
  });
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.count("witness_person"), 0u);
  EXPECT_EQ(sent.record_counts.at("person"), 2u);
  Import(sent);
  EXPECT_TRUE(AtHq<Person>(kWitnessPerson).ok());
  EXPECT_TRUE(AtHq<Person>(kPersonId).ok());
}

TEST_F(HqConsentTest, AWithdrawalReachesHqWithoutTheStatement) {
  Write([](RecordStore& store, Database&) {
    ASSERT_TRUE(store.Create(AccountOfTheWitness(true)).ok());
  });
  Import(Export(*field_));
  auto before = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->statement, kStatement);

  Write([](RecordStore& store, Database&) {
    auto account = store.Get<WitnessAccount>(kWitnessId);
    ASSERT_TRUE(account.ok());
    account->consents[1].withdrawn = Date("2020-03-01");
    ASSERT_TRUE(store.Update(*account).ok());
  });
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.at("withdrawn_consent"), 1u);
  EXPECT_EQ(FileBytes(sent.path).find(kStatement), std::string::npos);
  Import(sent);
  auto after = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(ConsentAllows(*after, "share_with_hq"));
  EXPECT_TRUE(after->consents[1].withdrawn.known());
  EXPECT_EQ(after->statement, "withheld");
  EXPECT_EQ(after->witness_person_id, "");
  // The field vault keeps what the witness said.
  auto home = [&] {
    RecordStore store(field_->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    return store.Get<WitnessAccount>(kWitnessId);
  }();
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->statement, kStatement);
}

}  // namespace
}  // namespace fieldvault::core::bundle
