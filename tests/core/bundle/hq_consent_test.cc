// The hq profile and witnesses' consent, from the field vault to HQ's: a
// witness who did not consent to sharing with HQ stays home, person
// record and files included, unless they are also a detainee; a consent
// withdrawn after an account reached HQ reaches HQ too, without the
// statement, and so does the witness person, without who they are; a
// witness who refused storage is never shared; HQ passes on to monitors
// no witness account, not even those it recorded itself.
#include <gtest/gtest.h>

#include "core/attachments/attachment_store.h"
#include "core/bundle/withheld_persons.h"
#include "core/records/record_exchange.h"
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
    return In<T>(*hq_, id);
  }
  template <typename T>
  Result<T> In(Vault& vault, const char* id) {
    RecordStore store(vault.db(), clock_, random_, vault.vault_id(), *normalizer_, nullptr,
                      ChangeObserver());
    return store.Get<T>(id);
  }

  // The witness withdraws consent to sharing with HQ, in the field vault.
  void WithdrawShareWithHq(const char* date = "2020-03-01") {
    Write([date](RecordStore& store, Database&) {
      auto account = store.Get<WitnessAccount>(kWitnessId);
      ASSERT_TRUE(account.ok());
      account->consents[1].withdrawn = Date(date);
      ASSERT_TRUE(store.Update(*account).ok());
    });
  }

  // The witness consents again to sharing with HQ, in the field vault.
  void RegrantShareWithHq() {
    Write([](RecordStore& store, Database&) {
      auto account = store.Get<WitnessAccount>(kWitnessId);
      ASSERT_TRUE(account.ok());
      account->consents[1] = {"share_with_hq", true, Date("2020-03-05"), "written", {}};
      ASSERT_TRUE(store.Update(*account).ok());
    });
  }

  // Replaces the witness person's notes in `vault`'s copy.
  void EditNotes(Vault& vault, const std::string& notes) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    auto person = store.Get<Person>(kWitnessPerson);
    ASSERT_TRUE(person.ok());
    person->notes = notes;
    ASSERT_TRUE(store.Update(*person).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  size_t OpenConflictsAtHq() {
    auto conflicts = ListConflicts(hq_->db());
    EXPECT_TRUE(conflicts.ok());
    return conflicts.ok() ? conflicts->size() : 0;
  }

  // The field shares the witness's account with HQ, HQ imports it, then
  // the witness withdraws share_with_hq and the next bundle reaches HQ.
  ExportResult ShareThenWithdraw() {
    Write([](RecordStore& store, Database&) {
      ASSERT_TRUE(store.Create(AccountOfTheWitness(true)).ok());
    });
    Import(Export(*field_));
    WithdrawShareWithHq();
    // --since-last: the person did not change, but an account naming them
    // did, so they count as changed (core/records/local_changes.h).
    ExportResult sent = Export(*field_);
    Import(sent);
    return sent;
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

  WithdrawShareWithHq();
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.at("withdrawn_consent"), 1u);
  EXPECT_EQ(FileBytes(sent.path).find(kStatement), std::string::npos);
  Import(sent);
  auto after = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(ConsentAllows(*after, "share_with_hq"));
  EXPECT_TRUE(after->consents[1].withdrawn.known());
  EXPECT_EQ(after->statement, "withheld");
  // The link stays: the person reached HQ as a notice too.
  EXPECT_EQ(after->witness_person_id, kWitnessPerson);
  // The field vault keeps what the witness said.
  auto home = [&] {
    RecordStore store(field_->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    return store.Get<WitnessAccount>(kWitnessId);
  }();
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->statement, kStatement);
}

TEST_F(HqConsentTest, AWithdrawnWitnessPersonIsReplacedAtHqByANotice) {
  ExportResult sent = ShareThenWithdraw();
  EXPECT_EQ(sent.left_out.at("withdrawn_witness_person"), 1u);
  const std::string plain = Decrypt(sent.path);
  EXPECT_EQ(plain.find(kWitnessNotes), std::string::npos);
  EXPECT_EQ(plain.find("Synthetic-Omega"), std::string::npos);
  EXPECT_EQ(plain.find(kWitnessPhoto), std::string::npos);
  auto person = AtHq<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok()) << person.status().ToString();
  ASSERT_EQ(person->names.size(), 1u);
  EXPECT_EQ(person->names[0].full_name, "withheld");
  EXPECT_EQ(person->notes, "withheld");
  EXPECT_EQ(person->meta.version, 2);
  // HQ still knows that this person is a witness (it will not pass them
  // on), and keeps the old version in the record's history only.
  auto account = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->witness_person_id, kWitnessPerson);
  EXPECT_EQ(account->statement, "withheld");
  RecordStore store(hq_->db(), clock_, random_, hq_->vault_id(), *normalizer_, nullptr,
                    ChangeObserver());
  auto history = store.History("person", kWitnessPerson);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_NE(history->front().body.dump().find(kWitnessNotes), std::string::npos);
  EXPECT_EQ(history->back().body.dump().find(kWitnessNotes), std::string::npos);
  // The field vault keeps the person as recorded.
  auto home = In<Person>(*field_, kWitnessPerson);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->notes, kWitnessNotes);
  EXPECT_EQ(home->meta.version, 1);
}

TEST_F(HqConsentTest, ARegrantedWitnessReachesHqWholeWithoutAConflict) {
  ShareThenWithdraw();
  RegrantShareWithHq();
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.count("withdrawn_witness_person"), 0u);
  Import(sent);
  EXPECT_EQ(OpenConflictsAtHq(), 0u);
  auto person = AtHq<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, kWitnessNotes);
  EXPECT_EQ(person->names[0].full_name, "Witness Synthetic-Omega");
  EXPECT_EQ(person->meta.version, 3);  // created, notice, whole again
  auto account = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->statement, kStatement);

  // The monitor's next change of the person replaces HQ's copy too.
  EditNotes(*field_, "synthetic new phone +000 0001");
  sent = Export(*field_);
  ReceiveReport report = Receive(*hq_, sent.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.outcomes["person"]["updated"], 1u);
  EXPECT_EQ(OpenConflictsAtHq(), 0u);
  person = AtHq<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, "synthetic new phone +000 0001");
  // The field vault's own record counts only its own edits.
  auto home = In<Person>(*field_, kWitnessPerson);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->meta.version, 2);
}

TEST_F(HqConsentTest, AnEditWhileWithdrawnThenARegrantReachesHqWithoutAConflict) {
  ShareThenWithdraw();
  EditNotes(*field_, "synthetic new phone +000 0002");
  ExportResult sent = Export(*field_);  // a notice again, of the edited person
  EXPECT_EQ(sent.left_out.at("withdrawn_witness_person"), 1u);
  Import(sent);
  EXPECT_EQ(AtHq<Person>(kWitnessPerson)->notes, "withheld");
  RegrantShareWithHq();
  EditNotes(*field_, "synthetic new phone +000 0003");
  Import(Export(*field_));
  EXPECT_EQ(OpenConflictsAtHq(), 0u);
  auto person = AtHq<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, "synthetic new phone +000 0003");
}

TEST_F(HqConsentTest, AWithdrawalAfterARegrantReachesHqAgain) {
  ShareThenWithdraw();
  RegrantShareWithHq();
  Import(Export(*field_));
  WithdrawShareWithHq("2020-03-09");
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.at("withdrawn_witness_person"), 1u);
  Import(sent);
  EXPECT_EQ(OpenConflictsAtHq(), 0u);
  auto person = AtHq<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, "withheld");
  EXPECT_EQ(person->meta.version, 4);
}

TEST_F(HqConsentTest, ANoticeSentAgainChangesNothingAtHq) {
  ShareThenWithdraw();
  ExportRequest all;
  all.all = true;
  ExportResult again = Export(*field_, all);
  EXPECT_EQ(again.left_out.at("withdrawn_witness_person"), 1u);
  ReceiveReport report = Receive(*hq_, again.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.outcomes["person"]["updated"], 0u);
  EXPECT_EQ(OpenConflictsAtHq(), 0u);
  EXPECT_EQ(AtHq<Person>(kWitnessPerson)->meta.version, 2);
}

TEST_F(HqConsentTest, AnHqEditOfTheNoticeIsNotOverwrittenByTheRegrant) {
  ShareThenWithdraw();
  EditNotes(*hq_, "HQ: synthetic note on the withheld person");
  RegrantShareWithHq();
  Import(Export(*field_));
  // HQ's edit is not in the monitor's copy: a conflict, not a silent loss.
  auto conflicts = ListConflicts(hq_->db());
  ASSERT_TRUE(conflicts.ok());
  ASSERT_EQ(conflicts->size(), 1u);
  EXPECT_EQ(conflicts->front().record_id, kWitnessPerson);
  EXPECT_EQ(AtHq<Person>(kWitnessPerson)->notes,
            "HQ: synthetic note on the withheld person");
}

TEST_F(HqConsentTest, AFailedExportDoesNotCountASwitch) {
  Write([](RecordStore& store, Database&) {
    ASSERT_TRUE(store.Create(AccountOfTheWitness(true)).ok());
  });
  Import(Export(*field_));
  WithdrawShareWithHq();
  ExportRequest failing;
  failing.target = dir_.Join("usb");
  failing.fault = [](ExportStep step) {
    return step == ExportStep::kCommit ? Status::IoError("synthetic failure")
                                       : Status::Ok();
  };
  ASSERT_FALSE(ExportBundle(*field_, failing).ok());
  auto register_rows = LoadWithheldPersons(field_->db());
  ASSERT_TRUE(register_rows.ok());
  EXPECT_TRUE(register_rows->empty());
  ExportResult sent = Export(*field_);
  Import(sent);
  register_rows = LoadWithheldPersons(field_->db());
  ASSERT_TRUE(register_rows.ok());
  ASSERT_EQ(register_rows->size(), 1u);
  EXPECT_EQ(register_rows->begin()->second, (SharedPersonState{1, true}));
  EXPECT_EQ(AtHq<Person>(kWitnessPerson)->meta.version, 2);
}

TEST_F(HqConsentTest, AWithdrawnWitnessWhoIsDetainedStaysWholeAndUnlinked) {
  Write([](RecordStore& store, Database&) {
    WitnessAccount account = AccountOfTheWitness(true);
    account.witness_person_id = kPersonId;  // the detainee
    ASSERT_TRUE(store.Create(account).ok());
  });
  Import(Export(*field_));
  WithdrawShareWithHq();
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.count("withdrawn_witness_person"), 0u);
  Import(sent);
  auto account = AtHq<WitnessAccount>(kWitnessId);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->witness_person_id, "");
  auto person = AtHq<Person>(kPersonId);
  ASSERT_TRUE(person.ok());
  EXPECT_NE(person->names[0].full_name, "withheld");
}

TEST_F(HqConsentTest, AnAccountWhoseWitnessRefusedStorageIsNeverShared) {
  Write([](RecordStore& store, Database&) {
    WitnessAccount account = AccountOfTheWitness(true);
    account.consents[0].granted = false;  // store refused, share_with_hq granted
    ASSERT_TRUE(store.Create(account).ok());
  });
  ExportResult sent = Export(*field_);
  EXPECT_EQ(sent.left_out.at("storage_refused"), 1u);
  const std::string plain = Decrypt(sent.path);
  EXPECT_EQ(plain.find(kStatement), std::string::npos);
  EXPECT_EQ(plain.find(kWitnessNotes), std::string::npos);
  Import(sent);
  auto account = AtHq<WitnessAccount>(kWitnessId);
  if (account.ok()) {
    EXPECT_EQ(account->statement, "withheld");
  }
  auto person = AtHq<Person>(kWitnessPerson);
  if (person.ok()) {
    EXPECT_EQ(person->notes, "withheld");
  }
}

// HQ holds an account a monitor shared with it: it passes on no account
// at all, neither the monitor's nor its own (relay_test.cc has more).
TEST_F(HqConsentTest, HqPassesOnNoWitnessAccount) {
  Write([&](RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(AccountOfTheWitness(true)).ok());
    Attach(db, "witness_account", kWitnessId, "synthetic interview recording");
  });
  Import(Export(*field_));
  ASSERT_TRUE(AtHq<WitnessAccount>(kWitnessId).ok());
  // HQ records an account of its own, by pseudonym.
  constexpr char kHqAccount[] = "44444444-4444-4444-8444-4444444444a0";
  {
    clock_.Advance(1000000);
    auto write = hq_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, hq_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    WitnessAccount own = SampleWitnessAccount();
    own.meta.id = kHqAccount;
    own.statement = "Synthetic statement taken at HQ.";
    ASSERT_TRUE(store.Create(own).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  auto monitor_b = NewVault("monitor-b");
  Introduce(*hq_, *monitor_b, "monitor-b", "hq");
  ExportRequest request;
  request.recipient_labels = {"monitor-b"};
  request.all = true;
  ExportResult sent = Export(*hq_, request);
  EXPECT_EQ(sent.left_out.at("witness_account_of_other_vault"), 1u);
  EXPECT_EQ(sent.left_out.at("witness_person_of_other_vault"), 1u);
  EXPECT_EQ(sent.left_out.at("witness_account_at_hq"), 1u);
  EXPECT_EQ(sent.record_counts.at("witness_account"), 0u);
  EXPECT_EQ(sent.record_counts.at("person"), 1u);  // the detainee
  EXPECT_EQ(sent.record_counts.at("attachment"), 0u);
  ReceiveReport report = Receive(*monitor_b, sent.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_FALSE(In<WitnessAccount>(*monitor_b, kWitnessId).ok());
  EXPECT_FALSE(In<Person>(*monitor_b, kWitnessPerson).ok());
  EXPECT_FALSE(In<WitnessAccount>(*monitor_b, kHqAccount).ok());
  EXPECT_TRUE(In<Person>(*monitor_b, kPersonId).ok());
}

TEST_F(HqConsentTest, HqDoesNotEchoAMonitorsWithdrawalBackToIt) {
  ShareThenWithdraw();
  Introduce(*hq_, *field_, "monitor-7", "hq");
  ExportRequest request;
  request.recipient_labels = {"monitor-7"};
  request.all = true;
  ExportResult sent = Export(*hq_, request);
  EXPECT_EQ(sent.left_out.at("witness_account_of_other_vault"), 1u);
  EXPECT_EQ(sent.record_counts.at("witness_account"), 0u);
  ReceiveReport report = Receive(*field_, sent.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  auto conflicts = ListConflicts(field_->db());
  ASSERT_TRUE(conflicts.ok());
  EXPECT_TRUE(conflicts->empty());
  auto home = In<WitnessAccount>(*field_, kWitnessId);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->statement, kStatement);
  auto person = In<Person>(*field_, kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, kWitnessNotes);
}

}  // namespace
}  // namespace fieldvault::core::bundle
