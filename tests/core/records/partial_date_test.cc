#include "core/records/partial_date.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

TEST(PartialDateTest, ParsesEachPrecision) {
  struct Case {
    const char* text;
    DatePrecision precision;
    const char* canonical;
  } cases[] = {
      {"", DatePrecision::kUnknown, ""},
      {"unknown", DatePrecision::kUnknown, ""},
      {"2020", DatePrecision::kYear, "2020"},
      {"2020-02", DatePrecision::kMonth, "2020-02"},
      {"2020-02-22", DatePrecision::kDay, "2020-02-22"},
      {"2020-02-22T09:30", DatePrecision::kExact, "2020-02-22T09:30:00"},
      {"2020-02-22T09:30:15Z", DatePrecision::kExact, "2020-02-22T09:30:15Z"},
      {"2020-02-22T09:30+06:00", DatePrecision::kExact,
       "2020-02-22T09:30:00+06:00"},
  };
  for (const Case& c : cases) {
    Result<PartialDate> date = PartialDate::Parse(c.text);
    ASSERT_TRUE(date.ok()) << c.text << ": " << date.status().ToString();
    EXPECT_EQ(date->precision(), c.precision) << c.text;
    EXPECT_EQ(date->text(), c.canonical);
  }
}

TEST(PartialDateTest, RejectsImpossibleAndMalformedDates) {
  for (const char* text :
       {"2021-02-29", "2020-13-01", "2020-00-10", "2020-04-31", "0000",
        "20-02-22", "2020/02/22", "2020-2-22", "2020-02-22 09:30",
        "2020-02-22T24:00", "2020-02-22T09:60", "2020-02-22T09:30:61",
        "2020-02-22T09:30+6", "2020-02-22T09:30+15:00", "yesterday",
        "2020-02-22x", "2020-"}) {
    Result<PartialDate> date = PartialDate::Parse(text);
    EXPECT_FALSE(date.ok()) << text;
    if (!date.ok()) {
      EXPECT_EQ(date.status().code(), StatusCode::kInvalidArgument);
      EXPECT_FALSE(date.status().hint().empty());
    }
  }
}

TEST(PartialDateTest, AcceptsLeapDays) {
  EXPECT_TRUE(PartialDate::Parse("2020-02-29").ok());
  EXPECT_TRUE(PartialDate::Parse("2000-02-29").ok());
  EXPECT_FALSE(PartialDate::Parse("1900-02-29").ok());
}

TEST(PartialDateTest, NotBeforeComparesOnCommonPrecision) {
  auto d = [](const char* text) { return *PartialDate::Parse(text); };
  EXPECT_TRUE(NotBefore(d("2020-03-01"), d("2020-02-22")));
  EXPECT_FALSE(NotBefore(d("2020-02-21"), d("2020-02-22")));
  EXPECT_TRUE(NotBefore(d("2020-02"), d("2020-02-22")));  // same month
  EXPECT_TRUE(NotBefore(d("2020-02-22T08:00"), d("2020-02-22")));
  EXPECT_FALSE(NotBefore(d("2019"), d("2020-02-22")));
  EXPECT_TRUE(NotBefore(d(""), d("2020-02-22")));
  EXPECT_TRUE(NotBefore(d("2020"), d("")));
}

// As dates, not as texts: "2020-02-22T08:00" sorts after "2020-02-22" and
// "...T01:00:00+06:00" after "...T20:00:00Z" as texts, but neither is
// later as a date.
TEST(PartialDateTest, CompareDatesComparesAsDates) {
  auto d = [](const char* text) { return *PartialDate::Parse(text); };
  auto before = [&](const char* a, const char* b) {
    return CompareDates(d(a), d(b)) < 0;
  };
  auto same = [&](const char* a, const char* b) {
    return CompareDates(d(a), d(b)) == 0 && CompareDates(d(b), d(a)) == 0;
  };
  EXPECT_TRUE(before("2020-02-22", "2020-03"));
  EXPECT_TRUE(before("2019-12-31", "2020"));
  EXPECT_TRUE(same("2020-02", "2020-02-22"));
  EXPECT_TRUE(same("2020-02-22", "2020-02-22T08:00"));
  EXPECT_TRUE(same("", "2020-02-22"));
  EXPECT_TRUE(before("2020-02-22T09:00", "2020-02-22T10:00"));
  // Both zoned: instants. 01:00+06:00 on the 23rd is 19:00 UTC on the 22nd.
  EXPECT_TRUE(before("2020-02-23T01:00:00+06:00", "2020-02-22T20:00:00Z"));
  EXPECT_TRUE(same("2020-02-22T15:00:00+06:00", "2020-02-22T09:00:00Z"));
  EXPECT_TRUE(same("2020-02-22T23:00:00-05:00", "2020-02-23T05:00:00+01:00"));
  // One without a zone is the place's local time: compared as written.
  EXPECT_TRUE(before("2020-02-22T09:00", "2020-02-22T10:00:00+06:00"));
  // A day-precision date is the place's calendar day.
  EXPECT_TRUE(same("2020-02-22T23:30:00-05:00", "2020-02-22"));
}

TEST(PartialDateTest, TimestampsRoundTrip) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000000Z");
  const int64_t micros = 1582363800LL * 1000000 + 123456;
  EXPECT_EQ(FormatTimestamp(micros), "2020-02-22T09:30:00.123456Z");
  EXPECT_EQ(*ParseTimestamp("2020-02-22T09:30:00.123456Z"), micros);
  EXPECT_EQ(*ParseTimestamp("2020-02-22T09:30:00Z"), 1582363800LL * 1000000);
  EXPECT_EQ(*ParseTimestamp("2020-02-22T09:30:00.5Z"),
            1582363800LL * 1000000 + 500000);
  for (const char* bad : {"2020-02-22T09:30:00", "2020-02-22 09:30:00Z",
                          "2020-02-30T09:30:00Z", "2020-02-22T09:30:00.Z",
                          "2020-02-22T09:30:00.1234567Z", ""}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace fieldvault::core
