// ClockLeadMicros: a change made while the clock read 2062 leaves the vault
// that far ahead of a clock that reads 2026 again; none when in step.
#include "core/vault/clock_lead.h"

#include <gtest/gtest.h>

#include "crypto/init.h"
#include "crypto/random.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::Secret;

constexpr char kPassphrase[] = "synthetic field passphrase";
constexpr int64_t k2026 = int64_t{1796040000} * 1000000;  // 2026-11-30
constexpr int64_t k2062 = int64_t{2932020000} * 1000000;  // 2062-11-30

TEST(ClockLeadTest, AClockOnceAheadLeavesTheVaultAhead) {
  ASSERT_TRUE(crypto::InitializeCrypto().ok());
  testing::ScratchDir dir;
  crypto::DeterministicRandom random(5);
  FixedClock ahead(k2062);
  {
    auto vault = Vault::Create(dir.Join("v"), Secret(kPassphrase), LowCost(),
                               random, ahead);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    auto in_step = ClockLeadMicros(*vault, ahead);
    ASSERT_TRUE(in_step.ok());
    EXPECT_EQ(*in_step, 0);
  }
  FixedClock right(k2026);
  auto vault = Vault::Open(dir.Join("v"), Secret(kPassphrase), random, right);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  auto lead = ClockLeadMicros(*vault, right);
  ASSERT_TRUE(lead.ok());
  EXPECT_EQ(*lead, k2062 - k2026);
  // The vault's own clock keeps its floor: its next time is in 2062.
  EXPECT_GT(vault->clock().NowMicros(), k2062);
}

}  // namespace
}  // namespace fieldvault::core
