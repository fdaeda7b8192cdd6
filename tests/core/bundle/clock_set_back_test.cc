// --since-last when the laptop's clock was set back between two exports
// (a wrong clock corrected, a dead clock battery): what was recorded after
// the first export still goes in the second, within one run of the
// program and after the vault is opened again.
#include <gtest/gtest.h>

#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

constexpr int64_t kTwoDays = 2LL * 24 * 3600 * 1000000;

class ClockSetBackTest : public HandoffTest {
 protected:
  template <typename T>
  void Add(Vault& vault, T record) {
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    ASSERT_TRUE(store.Create(std::move(record)).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
};

TEST_F(ClockSetBackTest, ChangesAfterAnExportGoInTheNextOne) {
  clock_.Advance(kTwoDays);  // two days ahead
  Add(*field_, SampleIncident());
  ExportResult first = Export(*field_);
  EXPECT_EQ(first.record_counts.at("incident"), 1u);

  clock_.Advance(-kTwoDays);  // set right
  Add(*field_, SamplePerson());
  ExportResult second = Export(*field_);
  EXPECT_EQ(second.record_counts.at("person"), 1u);
  EXPECT_EQ(second.record_counts.at("incident"), 0u);
}

TEST_F(ClockSetBackTest, AReopenedVaultGoesOnFromItsLatestChange) {
  clock_.Advance(kTwoDays);
  Add(*field_, SampleIncident());
  Export(*field_);
  const std::string dir = field_->dir();
  field_.reset();

  FixedClock earlier(clock_.NowMicros() - kTwoDays);
  auto reopened = Vault::Open(dir, core::testing::Secret("synthetic pass"), random_, earlier);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  field_ = std::make_unique<Vault>(std::move(reopened).value());
  Add(*field_, SamplePerson());
  ExportRequest request;
  request.target = dir_.Join("usb");
  auto second = ExportBundle(*field_, request);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->record_counts.at("person"), 1u);
  EXPECT_EQ(second->record_counts.at("incident"), 0u);
  field_.reset();  // before `earlier` goes
}

}  // namespace
}  // namespace fieldvault::core::bundle
