// `export --incident`: a bundle of some incidents carries them and what is
// linked to them, nothing else; HQ imports it like any other; an unknown
// incident writes nothing; --since-last is not moved by it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_registry.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

// Incident A (kIncidentId) has the sample detention, person, source and
// consented account, plus an account without consent to share whose
// witness is a person of its own; the sample person was merged into
// another. Incident B has its own detention, person, source, attachment.
constexpr char kIncidentB[] = "66666666-6666-4666-8666-666666666666";
constexpr char kPersonB[] = "88888888-8888-4888-8888-888888888888";
constexpr char kDetentionB[] = "99999999-9999-4999-8999-999999999999";
constexpr char kSourceB[] = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
constexpr char kWitnessPerson[] = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
constexpr char kPrivateAccount[] = "77777777-7777-4777-8777-777777777777";
constexpr char kMergedInto[] = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

Person NamedPerson(const char* id, const char* name) {
  Person person;
  person.meta.id = id;
  person.names = {{name, "Latn", "en", "", ""}};
  return person;
}

class IncidentScopeTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    if (HasFatalFailure()) return;
    Write([&](RecordStore& store, Database& db) { AddRecords(store, db); });
  }

  void Write(const std::function<void(RecordStore&, Database&)>& change) {
    clock_.Advance(1000000);
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    change(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  void Attach(Database& db, const char* owner_type, const char* owner_id) {
    const std::string bytes(4096, 'p');
    crypto::MemorySource content(crypto::AsBytes(bytes));
    NewAttachment request{owner_type, owner_id, "synthetic.jpg", "image/jpeg", {}};
    ASSERT_TRUE(AddAttachment(db, request, content, random_, clock_.NowMicros(),
                              field_->vault_id()).ok());
  }

  void AddRecords(RecordStore& store, Database& db) {
    ASSERT_TRUE(store.Create(SampleSource()).ok());
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(NamedPerson(kMergedInto, "Synthetic Merged-01")).ok());
    Person person = SamplePerson();
    person.merged_into = kMergedInto;
    ASSERT_TRUE(store.Create(person).ok());
    ASSERT_TRUE(store.Create(SampleDetention()).ok());
    ASSERT_TRUE(store.Create(SampleWitnessAccount()).ok());
    ASSERT_TRUE(store.Create(NamedPerson(kWitnessPerson, "Synthetic Witness-03")).ok());
    WitnessAccount private_account = SampleWitnessAccount();
    private_account.meta.id = kPrivateAccount;
    private_account.witness_pseudonym.clear();
    private_account.witness_person_id = kWitnessPerson;
    private_account.consents = {{"store", true, Date("2020-02-23"), "oral_recorded", {}}};
    ASSERT_TRUE(store.Create(private_account).ok());
    Attach(db, "incident", kIncidentId);

    Incident other = SampleIncident();
    other.meta.id = kIncidentB;
    other.title = "Synthetic second incident";
    ASSERT_TRUE(store.Create(other).ok());
    ASSERT_TRUE(store.Create(NamedPerson(kPersonB, "Synthetic Person-02")).ok());
    Source source = SampleSource();
    source.meta.id = kSourceB;
    ASSERT_TRUE(store.Create(source).ok());
    Detention detention = SampleDetention();
    detention.meta.id = kDetentionB;
    detention.person_id = kPersonB;
    detention.incident_id = kIncidentB;
    detention.status_history[1].source_id = kSourceB;
    ASSERT_TRUE(store.Create(detention).ok());
    Attach(db, "detention", kDetentionB);
  }

  // Exports the field vault to the USB directory; the error is the test's.
  Result<ExportResult> TryExport(ExportRequest request) {
    clock_.Advance(1000000);
    request.target = dir_.Join("usb");
    return ExportBundle(*field_, request);
  }

  ReceiveReport Import(const std::string& path) {
    return Receive(*hq_, path, true);
  }

  template <typename T>
  bool AtHq(const char* id) {
    RecordStore store(hq_->db(), clock_, random_, hq_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    return store.Get<T>(id).ok();
  }
};

TEST_F(IncidentScopeTest, CarriesOnlyTheIncidentAndWhatIsLinkedToIt) {
  ExportRequest request;
  request.incident_ids = {kIncidentId};
  auto sent = TryExport(request);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->record_counts.at("incident"), 1u);
  EXPECT_EQ(sent->record_counts.at("detention"), 1u);
  EXPECT_EQ(sent->record_counts.at("person"), 2u);  // detainee + merged into
  EXPECT_EQ(sent->record_counts.at("source"), 1u);
  EXPECT_EQ(sent->record_counts.at("witness_account"), 1u);
  EXPECT_EQ(sent->record_counts.at("attachment"), 1u);
  EXPECT_EQ(sent->left_out.at("witness_account"), 1u);

  ReceiveReport report = Import(sent->path);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  ASSERT_TRUE(report.manifest.has_value());
  EXPECT_EQ(report.manifest->scope.kind, "incidents");
  EXPECT_EQ(report.manifest->scope.incident_ids, std::vector<std::string>{kIncidentId});
  EXPECT_TRUE(AtHq<Incident>(kIncidentId));
  EXPECT_TRUE(AtHq<Detention>(kDetentionId));
  EXPECT_TRUE(AtHq<Person>(kPersonId));
  EXPECT_TRUE(AtHq<Person>(kMergedInto));
  EXPECT_TRUE(AtHq<Source>(kSourceId));
  EXPECT_TRUE(AtHq<WitnessAccount>(kWitnessId));
  // The other incident's records stay home, and so do the account
  // without consent to share and its witness.
  EXPECT_FALSE(AtHq<Incident>(kIncidentB));
  EXPECT_FALSE(AtHq<Detention>(kDetentionB));
  EXPECT_FALSE(AtHq<Person>(kPersonB));
  EXPECT_FALSE(AtHq<Source>(kSourceB));
  EXPECT_FALSE(AtHq<WitnessAccount>(kPrivateAccount));
  EXPECT_FALSE(AtHq<Person>(kWitnessPerson));
  auto attachments = ListAttachments(hq_->db(), "", "");
  ASSERT_TRUE(attachments.ok());
  ASSERT_EQ(attachments->size(), 1u);
  EXPECT_EQ((*attachments)[0].owner_id, kIncidentId);
}

TEST_F(IncidentScopeTest, StandardToolsOpenAndCheckTheBundle) {
  ExportRequest request;
  request.incident_ids = {kIncidentB};
  auto sent = TryExport(request);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  auto hq_identity = ExportOwnAgeIdentity(*hq_);
  ASSERT_TRUE(hq_identity.ok());
  auto key = crypto::FormatIdentityFile(*hq_identity, "2020-02-23T00:00:00Z");
  core::testing::WriteAll(dir_.Join("hq.key"),
                          std::string(key.Reveal().begin(), key.Reveal().end()));
  std::string out = dir_.Join("out");
  std::filesystem::create_directories(out);
  ASSERT_EQ(std::system(("age -d -i " + dir_.Join("hq.key") + " " + sent->path +
                         " | tar -x -C " + out).c_str()), 0);
  auto pub = GetVaultIdentity(field_->db())->minisign_public_key;
  EXPECT_EQ(std::system(("minisign -q -Vm " + out + "/manifest.json -P " + pub).c_str()), 0);
  EXPECT_EQ(std::system(("cd " + out + " && b2sum --quiet -c B2SUMS").c_str()), 0);
  std::string manifest = core::testing::ReadAll(out + "/manifest.json");
  EXPECT_NE(manifest.find("\"kind\": \"incidents\""), std::string::npos);
  std::string detentions = core::testing::ReadAll(out + "/records/detention.jsonl");
  EXPECT_NE(detentions.find(kDetentionB), std::string::npos);
  EXPECT_EQ(detentions.find(kDetentionId), std::string::npos);
}

TEST_F(IncidentScopeTest, SeveralIncidentsAndTheSameOneTwice) {
  ExportRequest request;
  request.incident_ids = {kIncidentB, kIncidentId, kIncidentB};
  auto sent = TryExport(request);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->record_counts.at("incident"), 2u);
  EXPECT_EQ(sent->record_counts.at("detention"), 2u);
  EXPECT_EQ(sent->record_counts.at("source"), 2u);
  EXPECT_EQ(sent->record_counts.at("attachment"), 2u);
  ReceiveReport report = Import(sent->path);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.manifest->scope.incident_ids,
            (std::vector<std::string>{kIncidentId, kIncidentB}));
  EXPECT_TRUE(AtHq<Detention>(kDetentionB));
  EXPECT_FALSE(AtHq<Person>(kWitnessPerson));
}

TEST_F(IncidentScopeTest, UnknownIncidentWritesNothingAndKeepsTheSequence) {
  ExportRequest request;
  request.incident_ids = {kIncidentId, "dddddddd-dddd-4ddd-8ddd-dddddddddddd"};
  auto refused = TryExport(request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_NE(refused.status().message().find("dddddddd"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Join("usb")));
  auto last = LastSentBundle(field_->db(), "hq");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->has_value());

  request.all = true;
  request.incident_ids = {kIncidentId};
  EXPECT_EQ(TryExport(request).status().code(), StatusCode::kInvalidArgument);
  request.all = false;
  auto sent = TryExport(request);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->sequence, 1u);
}

TEST_F(IncidentScopeTest, SinceLastIgnoresBundlesOfSomeIncidents) {
  auto full = TryExport({});
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  Write([&](RecordStore& store, Database&) {
    auto detention = store.Get<Detention>(kDetentionB);
    ASSERT_TRUE(detention.ok());
    detention->court = "Synthetic district court";
    ASSERT_TRUE(store.Update(*detention).ok());
  });
  ExportRequest some;
  some.incident_ids = {kIncidentId};
  auto partial = TryExport(some);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_EQ(partial->sequence, 2u);
  EXPECT_EQ(partial->record_counts.at("detention"), 1u);  // A's, unchanged

  // The change to incident B did not leave with the bundle of A: the next
  // --since-last export still carries it, and starts from the full one.
  auto next = TryExport({});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->sequence, 3u);
  EXPECT_EQ(next->record_counts.at("detention"), 1u);
  ReceiveReport first = Import(full->path);
  ASSERT_TRUE(first.imported) << first.error.ToString();
  ReceiveReport third = Import(next->path);
  ASSERT_TRUE(third.imported) << third.error.ToString();
  EXPECT_EQ(third.manifest->scope.since, first.manifest->created_at);
  EXPECT_EQ(third.outcomes["detention"]["updated"], 1u);
  // The bundle of A still arrives late and fits the chain.
  ReceiveReport late = Import(partial->path);
  EXPECT_TRUE(late.imported) << late.error.ToString();
}

}  // namespace
}  // namespace fieldvault::core::bundle
