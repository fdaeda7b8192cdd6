// Purging the account of a witness who withdrew consent to storage: the
// statement, files, earlier versions and the witness's person record leave
// the vault for good (the database file included), a notice stays and goes
// to HQ with the next bundle, and HQ's vault purges its own copy on import.
#include <gtest/gtest.h>

#include "core/attachments/attachment_store.h"
#include "core/records/record_exchange.h"
#include "core/records/record_store.h"
#include "core/records/witness_purge.h"
#include "core/vault/custody_log.h"
#include "core/vault/vault_testing.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/vault/plain_pages.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kWitnessPerson[] = "55555555-5555-4555-8555-555555555552";
constexpr char kWitnessNotes[] = "synthetic phone qqcontactqq +000 0000";
constexpr char kWitnessPhoto[] = "synthetic photo qqphotoqq of the witness";
constexpr char kRecording[] = "synthetic interview qqrecordingqq";
constexpr char kStatement[] = "Synthetic statement qqpurgeqq the witness took back.";
constexpr char kFirstStatement[] = "Synthetic first draft qqdraftqq of the statement.";

class WitnessPurgeTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    Write(*field_, [&](RecordStore& store, Database& db) {
      ASSERT_TRUE(store.Create(SampleIncident()).ok());
      ASSERT_TRUE(store.Create(SamplePerson()).ok());
      ASSERT_TRUE(store.Create(SampleSource()).ok());
      ASSERT_TRUE(store.Create(SampleDetention()).ok());
      Person witness;
      witness.meta.id = kWitnessPerson;
      witness.names = {{"Witness Synthetic-Psi", "Latn", "en", "", ""}};
      witness.notes = kWitnessNotes;
      ASSERT_TRUE(store.Create(witness).ok());
      Attach(db, "person", kWitnessPerson, kWitnessPhoto);
      WitnessAccount account = SampleWitnessAccount();
      account.witness_pseudonym.clear();
      account.witness_person_id = kWitnessPerson;
      account.statement = kFirstStatement;
      account.consents = {{"store", true, Date("2020-02-23"), "written", {}},
                          {"share_with_hq", true, Date("2020-02-23"), "written", {}}};
      ASSERT_TRUE(store.Create(account).ok());
      Attach(db, "witness_account", kWitnessId, kRecording);
    });
    // A second version: the first stays in the history.
    Write(*field_, [&](RecordStore& store, Database&) {
      auto account = store.Get<WitnessAccount>(kWitnessId);
      ASSERT_TRUE(account.ok());
      account->statement = kStatement;
      ASSERT_TRUE(store.Update(*account).ok());
    });
  }

  // Makes `change` in `vault` one second after the last thing that
  // happened, keeping the search index in step.
  void Write(Vault& vault, const std::function<void(RecordStore&, Database&)>& change) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    auto index = SearchIndex::Create(write->db(), *normalizer_);
    ASSERT_TRUE(index.ok());
    RecordStore store(write->db(), clock_, random_, vault.vault_id(), *normalizer_,
                      &*index, ChangeObserver());
    change(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  void WithdrawStore() {
    Write(*field_, [](RecordStore& store, Database&) {
      auto account = store.Get<WitnessAccount>(kWitnessId);
      ASSERT_TRUE(account.ok());
      account->consents[0].withdrawn = Date("2020-03-01");
      ASSERT_TRUE(store.Update(*account).ok());
    });
  }

  Result<PurgeReport> Purge(Vault& vault) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    EXPECT_TRUE(write.ok());
    auto index = SearchIndex::Create(write->db(), *normalizer_);
    EXPECT_TRUE(index.ok());
    Result<PurgeReport> report = PurgeWitnessAccount(
        write->db(), &*index, vault.vault_id(), clock_.NowMicros(), kWitnessId);
    if (report.ok()) {
      EXPECT_TRUE(write->Commit().ok());
    }
    return report;
  }

  void Import(const ExportResult& sent, ReceiveReport* out = nullptr) {
    ReceiveReport report = Receive(*hq_, sent.path, true);
    ASSERT_TRUE(report.imported) << report.error.ToString();
    if (out != nullptr) *out = report;
  }

  RecordStore Reader(Vault& vault) {
    return RecordStore(vault.db(), clock_, random_, vault.vault_id(), *normalizer_,
                       nullptr, ChangeObserver());
  }

  // Every page of `vault`'s database file, decrypted.
  std::string FileText(Vault& vault) {
    auto page_size = vault.db().QueryInt64("PRAGMA cipher_page_size");
    EXPECT_TRUE(page_size.ok());
    return PlainPages(vault.dir() + "/vault.db", MasterKeyForTesting(vault),
                      static_cast<size_t>(*page_size));
  }

  // Whether any of the texts that identify the witness is in `vault`'s
  // file, in any page, live or free. (FTS keeps words lower-cased.)
  static std::string FoundIn(const std::string& file) {
    for (const char* text : {kStatement, kFirstStatement, kWitnessNotes,
                             kWitnessPhoto, kRecording, "Synthetic-Psi",
                             "purgeqq", "draftqq"}) {
      if (file.find(text) != std::string::npos) return text;
    }
    return "";
  }

  // Everything of the witness is gone from `vault`, through the API.
  void ExpectPurged(Vault& vault) {
    {  // first: a store's statements still open would keep the index from
       // registering its ranking function
      auto index = SearchIndex::Create(vault.db(), *normalizer_);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      auto hits = index->Search("qqpurgeqq", {});
      ASSERT_TRUE(hits.ok());
      EXPECT_TRUE(hits->empty());
    }
    RecordStore store = Reader(vault);
    auto account = store.Get<WitnessAccount>(kWitnessId);
    ASSERT_TRUE(account.ok()) << account.status().ToString();
    EXPECT_TRUE(account->meta.deleted);
    EXPECT_EQ(account->witness_person_id, "");
    EXPECT_FALSE(ConsentAllows(*account, "store"));
    auto history = store.History("witness_account", kWitnessId);
    ASSERT_TRUE(history.ok());
    EXPECT_EQ(history->size(), 1u);  // the notice only
    auto person_history = store.History("person", kWitnessPerson);
    ASSERT_TRUE(person_history.ok());
    EXPECT_EQ(person_history->size(), 1u);
    auto person = store.Get<Person>(kWitnessPerson);
    ASSERT_TRUE(person.ok());
    EXPECT_TRUE(person->meta.deleted);
    EXPECT_EQ(person->notes, "");
    for (const char* owner : {kWitnessId, kWitnessPerson}) {
      auto files = ListAttachments(vault.db(), "", owner);
      ASSERT_TRUE(files.ok());
      EXPECT_TRUE(files->empty()) << owner;
    }
  }
};

TEST_F(WitnessPurgeTest, NothingIsPurgedWhileTheWitnessAgreesToStorage) {
  Result<PurgeReport> report = Purge(*field_);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().hint().find("--withdraw store"), std::string::npos);
  EXPECT_EQ(Reader(*field_).Get<WitnessAccount>(kWitnessId)->statement, kStatement);
}

TEST_F(WitnessPurgeTest, APurgeLeavesOnlyANoticeAndNothingInTheFile) {
  // The test reads what it claims: before, the file holds the texts.
  ASSERT_NE(FoundIn(FileText(*field_)), "");
  WithdrawStore();
  Result<PurgeReport> report = Purge(*field_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->versions_removed, 2);  // the account's 1 and 2 (3 is replaced)
  EXPECT_EQ(report->attachments_removed, 2);
  EXPECT_TRUE(report->person_purged);
  EXPECT_EQ(report->version, 4);
  ExpectPurged(*field_);
  auto account = Reader(*field_).Get<WitnessAccount>(kWitnessId);
  EXPECT_EQ(account->statement, "purged");
  EXPECT_EQ(account->incident_id, kIncidentId);
  EXPECT_EQ(FoundIn(FileText(*field_)), "");
  EXPECT_FALSE(std::filesystem::exists(field_->dir() + "/vault.db-journal"));
  // A second purge has nothing left to do.
  Result<PurgeReport> again = Purge(*field_);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already purged"), std::string::npos);
}

TEST_F(WitnessPurgeTest, AWitnessWhoIsDetainedIsKept) {
  Write(*field_, [](RecordStore& store, Database&) {
    Detention detention = SampleDetention();
    detention.meta.id = "33333333-3333-4333-8333-333333333399";
    detention.person_id = kWitnessPerson;
    ASSERT_TRUE(store.Create(detention).ok());
  });
  WithdrawStore();
  Result<PurgeReport> report = Purge(*field_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->person_purged);
  EXPECT_EQ(report->person_kept_because, "a detention names them");
  auto person = Reader(*field_).Get<Person>(kWitnessPerson);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->notes, kWitnessNotes);
  EXPECT_FALSE(person->meta.deleted);
  EXPECT_EQ(Reader(*field_).Get<WitnessAccount>(kWitnessId)->statement, "purged");
}

TEST_F(WitnessPurgeTest, HqPurgesItsCopyWhenTheNoticeArrives) {
  Import(Export(*field_));
  ASSERT_EQ(Reader(*hq_).Get<WitnessAccount>(kWitnessId)->statement, kStatement);
  ASSERT_NE(FoundIn(FileText(*hq_)), "");
  WithdrawStore();
  Import(Export(*field_));  // the withdrawal notice: HQ keeps history
  ASSERT_TRUE(Purge(*field_).ok());
  ExportResult sent = Export(*field_);
  EXPECT_EQ(Decrypt(sent.path).find("qqpurgeqq"), std::string::npos);
  ReceiveReport report;
  Import(sent, &report);
  EXPECT_EQ(report.outcomes["witness_account"]["purged"], 1u);
  ExpectPurged(*hq_);
  EXPECT_EQ(FoundIn(FileText(*hq_)), "");
  auto conflicts = ListConflicts(hq_->db());
  ASSERT_TRUE(conflicts.ok());
  EXPECT_TRUE(conflicts->empty());
  // HQ's custody log says so, without the content.
  bool logged = false;
  ASSERT_TRUE(ForEachCustodyRecord(hq_->db(), 0, [&](const CustodyRecord& r) {
                if (r.event.action == "purged") logged = true;
                EXPECT_EQ(r.event.detail.find("qq"), std::string::npos);
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(logged);
}

TEST_F(WitnessPurgeTest, APurgeWinsOverAnEditMadeAtHq) {
  Import(Export(*field_));
  Write(*hq_, [](RecordStore& store, Database&) {
    auto account = store.Get<WitnessAccount>(kWitnessId);
    ASSERT_TRUE(account.ok());
    account->reliability = "high";
    ASSERT_TRUE(store.Update(*account).ok());
  });
  WithdrawStore();
  ASSERT_TRUE(Purge(*field_).ok());
  ReceiveReport report;
  Import(Export(*field_), &report);
  EXPECT_EQ(report.outcomes["witness_account"]["purged"], 1u);
  EXPECT_EQ(report.outcomes["witness_account"].count("conflict"), 0u);
  ExpectPurged(*hq_);
  EXPECT_EQ(FoundIn(FileText(*hq_)), "");
  // The same notice again changes nothing.
  ExportRequest all;
  all.all = true;
  Import(Export(*field_, all), &report);
  EXPECT_EQ(report.outcomes["witness_account"].count("purged"), 0u);
  EXPECT_EQ(report.outcomes["witness_account"].count("conflict"), 0u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
