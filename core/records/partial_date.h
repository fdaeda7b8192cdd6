// Dates as field monitors know them: sometimes to the minute, often only to
// the day, month or year, sometimes not at all.
//
// A PartialDate is canonical ISO 8601 text plus the precision that text
// carries ("2020" is year precision, "2020-02-22T09:30:00Z" is exact). Only
// valid calendar dates are accepted (leap years included), so a stored date
// is always one that existed. Canonical texts of the same precision sort
// chronologically as strings. Also here: record timestamps (created_at,
// updated_at) as RFC 3339 UTC text with microseconds.
#ifndef FIELDVAULT_CORE_RECORDS_PARTIAL_DATE_H_
#define FIELDVAULT_CORE_RECORDS_PARTIAL_DATE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::core {

enum class DatePrecision { kUnknown, kYear, kMonth, kDay, kExact };

// "unknown", "year", "month", "day", "exact".
std::string_view DatePrecisionName(DatePrecision precision);
// The inverse; kInvalidArgument for any other text.
Result<DatePrecision> ParseDatePrecision(std::string_view name);

class PartialDate {
 public:
  // An unknown date.
  PartialDate() = default;

  // Parses "" or "unknown" (unknown), "YYYY", "YYYY-MM", "YYYY-MM-DD", or an
  // exact time "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]" (no zone means the
  // local time of the place). Years 0001-9999. kInvalidArgument, naming the
  // text and the expected forms, for anything else or an impossible date
  // such as 2021-02-29.
  static Result<PartialDate> Parse(std::string_view text);

  DatePrecision precision() const { return precision_; }
  bool known() const { return precision_ != DatePrecision::kUnknown; }
  // Canonical text ("" when unknown; seconds always present when exact).
  const std::string& text() const { return text_; }
  // The calendar part, "YYYY[-MM[-DD]]", for ordering and grouping by day.
  std::string_view DatePart() const;

  bool operator==(const PartialDate&) const = default;

 private:
  DatePrecision precision_ = DatePrecision::kUnknown;
  std::string text_;
};

// True when `later` cannot be before `earlier`: either is unknown, or the
// calendar parts agree on their common precision or `later`'s is greater.
bool NotBefore(const PartialDate& later, const PartialDate& earlier);

// Orders two dates as dates, on what both of them know: an unknown date is
// equivalent to any other; dates of different precision compare on their
// common precision ("2020-02" and "2020-02-22" are equivalent, "2020-02"
// is before "2020-03-01"); two exact times compare as instants when both
// carry a zone ("...T10:00:00+06:00" is before "...T05:00:00Z") and as
// local clock times of the place otherwise. Never compares the texts.
std::weak_ordering CompareDates(const PartialDate& a, const PartialDate& b);

// Days in `month` (1-12) of `year`, with Gregorian leap years.
int DaysInMonth(int year, int month);

// RFC 3339 UTC text with microseconds: "2020-02-22T09:30:00.000000Z".
std::string FormatTimestamp(int64_t micros_since_epoch);
// Parses what FormatTimestamp writes, also without the fraction or with
// fewer digits. kInvalidArgument otherwise.
Result<int64_t> ParseTimestamp(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_PARTIAL_DATE_H_
