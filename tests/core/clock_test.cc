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

TEST(ClockTest, MonotonicClockNeverGoesBack) {
  FixedClock wrapped(1000);
  MonotonicClock clock(wrapped);
  EXPECT_EQ(clock.NowMicros(), 1000);
  EXPECT_EQ(clock.NowMicros(), 1000);  // a stopped clock is not pushed on
  wrapped.Advance(-500);               // the computer's clock was set back
  EXPECT_EQ(clock.NowMicros(), 1001);
  EXPECT_EQ(clock.NowMicros(), 1002);
  wrapped.Advance(600);
  EXPECT_EQ(clock.NowMicros(), 1100);
  clock.NoteTime(5000);  // e.g. the vault's latest change
  EXPECT_EQ(clock.NowMicros(), 5001);
  clock.NoteTime(10);  // an earlier time changes nothing
  EXPECT_EQ(clock.NowMicros(), 5002);
}

}  // namespace
}  // namespace fieldvault::core
