#include "core/clock.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

TEST(ClockTest, FormatsUtc) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(1582363800LL * 1000000 + 999), "2020-02-22T09:30:00Z");
}

TEST(ClockTest, FixedClockAdvancesOnlyWhenTold) {
  FixedClock clock(5);
  EXPECT_EQ(clock.NowMicros(), 5);
  clock.Advance(10);
  EXPECT_EQ(clock.NowMicros(), 15);
}

}  // namespace
}  // namespace fieldvault::core
