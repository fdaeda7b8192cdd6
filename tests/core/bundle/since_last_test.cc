// export --since-last leaves nothing out that should go: HQ relays to a
// second monitor what it received after its previous bundle to that
// monitor, even when the sender changed it before that bundle (records are
// selected by when they changed in HQ's vault, not by their sender's
// updated_at), and the relayed records are as sent.
#include <gtest/gtest.h>

#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/records/record_json.h"
#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr char kPhoto[] = "synthetic photo bytes of the account";

class SinceLastTest : public HandoffTest {
 protected:
  // Makes `change` in `vault` one second after the last thing that happened.
  void Write(Vault& vault, const std::function<void(RecordStore&, Database&)>& change) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    change(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  // Imports `sent` into `vault` one second after the last thing that happened.
  void Import(Vault& vault, const ExportResult& sent) {
    clock_.Advance(1000000);
    ReceiveReport report = Receive(vault, sent.path, true);
    ASSERT_TRUE(report.imported) << report.error.ToString();
  }

  template <typename T>
  Result<T> Get(Vault& vault, const char* id) {
    RecordStore store(vault.db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    return store.Get<T>(id);
  }

  static size_t FilesOf(Vault& vault, const char* type, const char* id) {
    auto files = ListAttachments(vault.db(), type, id);
    EXPECT_TRUE(files.ok());
    return files.ok() ? files->size() : 0;
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
  EXPECT_EQ(relay.record_counts.at("attachment"), 1u);
  Import(*second, relay);

  // The second monitor holds the record as the first one wrote it.
  auto at_field = Get<Incident>(*field_, kIncidentId);
  auto relayed = Get<Incident>(*second, kIncidentId);
  ASSERT_TRUE(at_field.ok());
  ASSERT_TRUE(relayed.ok()) << relayed.status().ToString();
  EXPECT_EQ(ToJson(*relayed), ToJson(*at_field));
  EXPECT_EQ(FilesOf(*second, "incident", kIncidentId), 1u);

  // Nothing changed at HQ since: the next bundle is empty.
  ExportResult after = Export(*hq_);
  EXPECT_EQ(after.record_counts.at("incident"), 0u);
  EXPECT_EQ(after.record_counts.at("attachment"), 0u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
