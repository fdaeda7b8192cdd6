// audit.jsonl carries only the custody events its recipients may see
// (audit_selection.h): the sender's events about the records and
// attachments the bundle carries, and about bundles sent to the same
// recipients. Never an event naming a record the profile withheld,
// nor HQ's imports, signers, recipients or bundles to other monitors.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "core/bundle/audit_selection.h"
#include "core/bundle/received_audit.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kWitnessPerson[] = "66666666-6666-4666-8666-666666666661";
constexpr char kHqIncident[] = "77777777-7777-4777-8777-777777777771";
constexpr char kOtherIncident[] = "77777777-7777-4777-8777-777777777772";

class AuditSelectionTest : public HandoffTest {
 protected:
  // Makes `change` in `vault`, logging a custody event per record as the
  // CLI does.
  void Write(Vault& vault, const std::function<void(RecordStore&, VaultWrite&)>& change) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    VaultWrite& w = *write;
    RecordStore store(w.db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, [&w](const RecordChange& c) {
                        return w.AppendCustodyEvent(
                            {c.action, c.record_type, c.record_id, "", c.detail});
                      });
    change(store, w);
    ASSERT_TRUE(write->Commit().ok());
  }

  static Incident IncidentWithId(const char* id) {
    Incident incident = SampleIncident();
    incident.meta.id = id;
    return incident;
  }

  // The events `vault` received in bundle `bundle_id`.
  static std::vector<SentCustodyEvent> ReceivedIn(Vault& vault, const std::string& bundle_id) {
    auto received = ListReceivedCustodyEvents(vault.db(), bundle_id);
    EXPECT_TRUE(received.ok());
    std::vector<SentCustodyEvent> events;
    for (const auto& r : *received) events.push_back(r.event);
    return events;
  }

  static bool Mentions(const std::vector<SentCustodyEvent>& events, const std::string& text) {
    for (const auto& e : events) {
      for (const std::string* field : {&e.action, &e.record_id, &e.bundle_id, &e.detail}) {
        if (field->find(text) != std::string::npos) return true;
      }
    }
    return false;
  }

  static bool Has(const std::vector<SentCustodyEvent>& events, const std::string& action,
                  const std::string& record_id) {
    for (const auto& e : events) {
      if (e.action == action && e.record_id == record_id) return true;
    }
    return false;
  }

  // Exports as a real export takes time: its "exported" event comes after
  // the bundle's snapshot (which the next bundle's events start from).
  ExportResult ExportTo(Vault& vault, const std::string& label = "") {
    ExportRequest request;
    if (!label.empty()) request.recipient_labels = {label};
    request.fault = [this](ExportStep step) {
      if (step == ExportStep::kCommit) clock_.Advance(1000);
      return Status::Ok();
    };
    return Export(vault, request);
  }

  void Import(Vault& vault, const ExportResult& sent) {
    ReceiveReport report = Receive(vault, sent.path, true);
    ASSERT_TRUE(report.imported) << report.error.ToString();
  }
};

TEST_F(AuditSelectionTest, AWithheldRecordsIdNeverLeavesButItsCountDoes) {
  std::string photo;
  Write(*field_, [&](RecordStore& store, VaultWrite& write) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    Person witness = SamplePerson();
    witness.meta.id = kWitnessPerson;
    ASSERT_TRUE(store.Create(witness).ok());
    WitnessAccount account = SampleWitnessAccount();
    account.witness_pseudonym.clear();
    account.witness_person_id = kWitnessPerson;
    account.consents[1].granted = false;  // share_with_hq refused
    ASSERT_TRUE(store.Create(account).ok());
    Attach(write.db(), "witness_account", kWitnessId, "synthetic recording");
    photo = ListAttachments(write.db(), "witness_account", kWitnessId)->at(0).id;
    ASSERT_TRUE(write.AppendCustodyEvent({"created", "attachment", photo, "",
                                          std::string("attached to witness_account ") +
                                              kWitnessId}).ok());
  });
  ExportResult sent = ExportTo(*field_);
  EXPECT_EQ(sent.left_out["witness_account"], 1u);
  EXPECT_EQ(sent.left_out["witness_person"], 1u);
  EXPECT_EQ(sent.left_out["attachment"], 1u);
  Import(*hq_, sent);
  const auto events = ReceivedIn(*hq_, sent.bundle_id);
  EXPECT_TRUE(Has(events, "created", kIncidentId));
  EXPECT_FALSE(Mentions(events, kWitnessId));
  EXPECT_FALSE(Mentions(events, kWitnessPerson));
  EXPECT_FALSE(Mentions(events, photo));
  // Vault-level events (the vault created, HQ added as recipient) stay home.
  EXPECT_FALSE(Mentions(events, "recipient added"));
  EXPECT_FALSE(Mentions(events, "hq-geneva"));
  for (const auto& e : events) EXPECT_FALSE(e.record_id.empty() && e.bundle_id.empty());

  // The account is shared later: it goes, with the events about it since.
  Write(*field_, [&](RecordStore& store, VaultWrite&) {
    auto account = store.Get<WitnessAccount>(kWitnessId);
    ASSERT_TRUE(account.ok());
    account->consents[1].granted = true;
    ASSERT_TRUE(store.Update(*account).ok());
  });
  ExportResult next = Export(*field_);
  Import(*hq_, next);
  const auto later = ReceivedIn(*hq_, next.bundle_id);
  EXPECT_TRUE(Has(later, "edited", kWitnessId));
  // And the export of the first bundle, which went to HQ.
  bool exported = false;
  for (const auto& e : later) exported |= e.action == "exported" && e.bundle_id == sent.bundle_id;
  EXPECT_TRUE(exported);
}

TEST_F(AuditSelectionTest, HqTellsAMonitorNothingOfOtherMonitors) {
  std::unique_ptr<Vault> second = NewVault("second-monitor");
  std::unique_ptr<Vault> third = NewVault("third-monitor");
  Introduce(*hq_, *second, "monitor-2", "hq-geneva");
  Introduce(*hq_, *third, "monitor-3", "hq-geneva");
  Introduce(*third, *hq_, "hq-geneva", "monitor-3-signing");
  // Monitors 7 and 3 send HQ their bundles; HQ imports both.
  Write(*field_, [](RecordStore& store, VaultWrite&) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
  });
  Import(*hq_, Export(*field_));
  Write(*third, [](RecordStore& store, VaultWrite&) {
    ASSERT_TRUE(store.Create(IncidentWithId(kOtherIncident)).ok());
  });
  Import(*hq_, Export(*third));
  Write(*hq_, [](RecordStore& store, VaultWrite&) {
    ASSERT_TRUE(store.Create(IncidentWithId(kHqIncident)).ok());
  });
  ExportResult to_third = ExportTo(*hq_, "monitor-3");
  ExportResult to_second = ExportTo(*hq_, "monitor-2");
  Import(*second, to_second);
  const auto events = ReceivedIn(*second, to_second.bundle_id);
  EXPECT_TRUE(Has(events, "created", kHqIncident));
  const std::vector<std::string> absent = {"monitor-7",      "monitor-3",
                                           "monitor-2",      "imported",
                                           "signer trusted", "recipient added",
                                           to_third.bundle_id};
  for (const std::string& text : absent) {
    EXPECT_FALSE(Mentions(events, text)) << text;
  }
  for (const auto& e : events) EXPECT_EQ(e.actor, hq_->vault_id());

  // HQ's next bundle to monitor 2 tells it of the bundle it got, not of the
  // one monitor 3 got.
  Write(*hq_, [](RecordStore& store, VaultWrite&) {
    auto incident = store.Get<Incident>(kHqIncident);
    ASSERT_TRUE(incident.ok());
    incident->title = "Synthetic protest arrests, corrected";
    ASSERT_TRUE(store.Update(*incident).ok());
  });
  ExportResult again = ExportTo(*hq_, "monitor-2");
  Import(*second, again);
  const auto later = ReceivedIn(*second, again.bundle_id);
  EXPECT_TRUE(Has(later, "edited", kHqIncident));
  bool own = false;
  for (const auto& e : later) own |= e.action == "exported" && e.bundle_id == to_second.bundle_id;
  EXPECT_TRUE(own);
  EXPECT_FALSE(Mentions(later, to_third.bundle_id));
}

TEST_F(AuditSelectionTest, ABundleToSeveralIsToldOnlyToTheSameSeveral) {
  std::unique_ptr<Vault> second = NewVault("second-monitor");
  std::unique_ptr<Vault> third = NewVault("third-monitor");
  Introduce(*hq_, *second, "monitor-2", "hq-geneva");
  Introduce(*hq_, *third, "monitor-3", "hq-geneva");
  Write(*hq_, [](RecordStore& store, VaultWrite&) {
    ASSERT_TRUE(store.Create(IncidentWithId(kHqIncident)).ok());
  });
  ExportResult to_both = ExportTo(*hq_);  // every recipient: monitors 2 and 3
  Import(*second, to_both);
  Write(*hq_, [](RecordStore& store, VaultWrite&) {
    auto incident = store.Get<Incident>(kHqIncident);
    ASSERT_TRUE(incident.ok());
    incident->title = "Synthetic protest arrests, corrected";
    ASSERT_TRUE(store.Update(*incident).ok());
  });
  // To monitor 2 alone: the broadcast's export event names monitor 3's
  // label, so it stays home.
  ExportResult alone = ExportTo(*hq_, "monitor-2");
  Import(*second, alone);
  const auto events = ReceivedIn(*second, alone.bundle_id);
  EXPECT_TRUE(Has(events, "edited", kHqIncident));
  EXPECT_FALSE(Mentions(events, to_both.bundle_id));
  EXPECT_FALSE(Mentions(events, "monitor-3"));
  // The next bundle to both tells both of the bundle they were sent.
  ExportResult again = ExportTo(*hq_);
  Import(*third, again);
  EXPECT_FALSE(Mentions(ReceivedIn(*third, again.bundle_id), alone.bundle_id));
  bool told = false;
  for (const auto& e : ReceivedIn(*third, again.bundle_id)) {
    told |= e.action == "exported" && e.bundle_id == to_both.bundle_id;
  }
  EXPECT_TRUE(told);
}

TEST_F(AuditSelectionTest, AnIncidentBundleCarriesItsOwnEventsAndLosesNoOther) {
  Write(*field_, [](RecordStore& store, VaultWrite&) {
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(store.Create(IncidentWithId(kOtherIncident)).ok());
  });
  ExportRequest one;
  one.incident_ids = {kIncidentId};
  ExportResult scoped = Export(*field_, one);
  Import(*hq_, scoped);
  const auto events = ReceivedIn(*hq_, scoped.bundle_id);
  EXPECT_TRUE(Has(events, "created", kIncidentId));
  EXPECT_FALSE(Mentions(events, kOtherIncident));
  // The next bundle of changes carries the other incident's events: the
  // incident bundle did not move where events start.
  ExportResult next = Export(*field_);
  Import(*hq_, next);
  EXPECT_TRUE(Has(ReceivedIn(*hq_, next.bundle_id), "created", kOtherIncident));
}

TEST(AuditSelectionUnitTest, ChoosesByCarriedIdsAndBundlesSentToTheSameRecipients) {
  AuditSelection selection({"b-to-all"});
  for (const char* id : {"11111111-1111-4111-8111-111111111111", "not-a-uuid",
                         "11111111-1111-4111-8111-111111111112"}) {
    selection.NoteCandidate({"edited", "incident", id, "", "version 2"});
  }
  // Only ids some event names are remembered.
  selection.NoteCarried("11111111-1111-4111-8111-111111111111");
  selection.NoteCarried("not-a-uuid");
  selection.NoteCarried("11111111-1111-4111-8111-111111111113");
  EXPECT_TRUE(selection.Carries({"edited", "incident",
                                 "11111111-1111-4111-8111-111111111111", "", "version 2"}));
  EXPECT_TRUE(selection.Carries({"edited", "incident", "not-a-uuid", "", ""}));
  EXPECT_FALSE(selection.Carries({"edited", "incident",
                                  "11111111-1111-4111-8111-111111111112", "", ""}));
  EXPECT_TRUE(selection.Carries({"exported", "", "", "b-to-all", "sequence 1"}));
  EXPECT_FALSE(selection.Carries({"exported", "", "", "b-to-one", "sequence 2"}));
  // A resolution names a received bundle: it stays home.
  EXPECT_FALSE(selection.Carries({"resolved", "incident",
                                  "11111111-1111-4111-8111-111111111111", "b-received",
                                  "conflict 1"}));
  EXPECT_FALSE(selection.Carries({"recipient added", "", "", "", "hq-geneva"}));
  selection.Clear();
  EXPECT_FALSE(selection.Carries({"edited", "incident", "not-a-uuid", "", ""}));
}

}  // namespace
}  // namespace fieldvault::core::bundle
