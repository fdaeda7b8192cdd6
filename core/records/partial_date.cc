#include "core/records/partial_date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

namespace fieldvault::core {
namespace {

constexpr std::string_view kForms =
    "use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], "
    "e.g. 2020-02-22";

// The value of `count` ASCII digits at `text[pos]`, or -1.
int Digits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Messages are built by appending: g++ 12 warns falsely (-Wrestrict) on
// `"literal" + std::string(...)`.
std::string Quoted(std::string_view text, std::string_view rest) {
  std::string message(1, '\'');
  message.append(text).append("' ").append(rest);
  return message;
}

Status BadDate(std::string_view text, std::string_view why) {
  std::string message = Quoted(text, "is not a date");
  if (!why.empty()) message.append(" (").append(why).append(")");
  return Status::InvalidArgument(message).WithHint(std::string(kForms));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// algorithm), so timestamps need no time zone database or global state.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

// Parses "THH:MM[:SS][zone]" at text[10]; appends the canonical form.
Status ParseTime(std::string_view text, std::string* canonical) {
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2);
  if (text.size() < 16 || hour < 0 || text[13] != ':' || minute < 0) {
    return BadDate(text, "time must be HH:MM");
  }
  size_t pos = 16;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    second = Digits(text, pos + 1, 2);
    if (second < 0) return BadDate(text, "seconds must be two digits");
    pos += 3;
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return BadDate(text, "no such time of day");
  }
  std::string zone(text.substr(pos));
  if (!zone.empty() && zone != "Z") {
    int zh = Digits(zone, 1, 2), zm = Digits(zone, 4, 2);
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zh < 0 ||
        zh > 14 || zone[3] != ':' || zm < 0 || zm > 59) {
      return BadDate(text, "zone must be Z or +HH:MM");
    }
  }
  char buffer[32];  // room for any int, so -Wformat-truncation is satisfied
  std::snprintf(buffer, sizeof(buffer), "T%02d:%02d:%02d", hour, minute,
                second);
  *canonical += buffer;
  *canonical += zone;
  return Status::Ok();
}

// The fields of a parsed canonical text, for comparing as dates.
struct DateFields {
  int year = 0, month = 0, day = 0;
  int64_t local_seconds = 0;           // time of day, as written
  std::optional<int64_t> zone_offset;  // seconds east of UTC, if written
};

// `date` must be known; its text is canonical, so the digits are there.
DateFields FieldsOf(const PartialDate& date) {
  const std::string& text = date.text();
  DateFields fields;
  fields.year = Digits(text, 0, 4);
  if (date.precision() >= DatePrecision::kMonth) {
    fields.month = Digits(text, 5, 2);
  }
  if (date.precision() >= DatePrecision::kDay) fields.day = Digits(text, 8, 2);
  if (date.precision() != DatePrecision::kExact) return fields;
  fields.local_seconds = Digits(text, 11, 2) * 3600 + Digits(text, 14, 2) * 60 +
                         Digits(text, 17, 2);
  if (text.size() == 20) fields.zone_offset = 0;  // "Z"
  if (text.size() == 25) {
    int64_t offset = Digits(text, 20, 2) * 3600 + Digits(text, 23, 2) * 60;
    fields.zone_offset = text[19] == '-' ? -offset : offset;
  }
  return fields;
}

}  // namespace

std::string_view DatePrecisionName(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kUnknown: return "unknown";
    case DatePrecision::kYear: return "year";
    case DatePrecision::kMonth: return "month";
    case DatePrecision::kDay: return "day";
    case DatePrecision::kExact: return "exact";
  }
  return "unknown";
}

Result<DatePrecision> ParseDatePrecision(std::string_view name) {
  for (DatePrecision p :
       {DatePrecision::kUnknown, DatePrecision::kYear, DatePrecision::kMonth,
        DatePrecision::kDay, DatePrecision::kExact}) {
    if (DatePrecisionName(p) == name) return p;
  }
  return Status::InvalidArgument("unknown date precision '" +
                                 std::string(name) + "'")
      .WithHint("use unknown, year, month, day or exact");
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  PartialDate date;
  if (text.empty() || text == "unknown") return date;
  int year = Digits(text, 0, 4);
  if (year < 1) return BadDate(text, "");
  date.precision_ = DatePrecision::kYear;
  if (text.size() > 4) {
    int month = Digits(text, 5, 2);
    if (text[4] != '-' || month < 0 || (text.size() > 7 && text[7] != '-')) {
      return BadDate(text, "");
    }
    if (month < 1 || month > 12) return BadDate(text, "no such month");
    date.precision_ = DatePrecision::kMonth;
  }
  if (text.size() > 7) {
    int day = Digits(text, 8, 2);
    if (day < 0) return BadDate(text, "");
    if (day < 1 || day > DaysInMonth(year, Digits(text, 5, 2))) {
      return BadDate(text, "no such day in that month");
    }
    date.precision_ = DatePrecision::kDay;
  }
  if (text.size() > 10) {
    if (text[10] != 'T') return BadDate(text, "");
    std::string canonical(text.substr(0, 10));
    FV_RETURN_IF_ERROR(ParseTime(text, &canonical));
    date.precision_ = DatePrecision::kExact;
    date.text_ = std::move(canonical);
    return date;
  }
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) {
    return BadDate(text, "");
  }
  date.text_ = std::string(text);
  return date;
}

std::string_view PartialDate::DatePart() const {
  return std::string_view(text_).substr(0, std::min<size_t>(text_.size(), 10));
}

bool NotBefore(const PartialDate& later, const PartialDate& earlier) {
  if (!later.known() || !earlier.known()) return true;
  std::string_view a = later.DatePart(), b = earlier.DatePart();
  size_t common = std::min(a.size(), b.size());
  return a.substr(0, common) >= b.substr(0, common);
}

std::weak_ordering CompareDates(const PartialDate& a, const PartialDate& b) {
  if (!a.known() || !b.known()) return std::weak_ordering::equivalent;
  const DateFields x = FieldsOf(a), y = FieldsOf(b);
  if (x.zone_offset && y.zone_offset) {
    // Two instants: compare in UTC, as the written dates may differ by the
    // zones alone.
    auto utc = [](const DateFields& f) {
      return DaysFromCivil(f.year, f.month, f.day) * 86400 + f.local_seconds -
             *f.zone_offset;
    };
    return utc(x) <=> utc(y);
  }
  const DatePrecision common = std::min(a.precision(), b.precision());
  if (auto order = x.year <=> y.year; order != 0) return order;
  if (common < DatePrecision::kMonth) return std::weak_ordering::equivalent;
  if (auto order = x.month <=> y.month; order != 0) return order;
  if (common < DatePrecision::kDay) return std::weak_ordering::equivalent;
  if (auto order = x.day <=> y.day; order != 0) return order;
  if (common < DatePrecision::kExact) return std::weak_ordering::equivalent;
  return x.local_seconds <=> y.local_seconds;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t seconds = micros / 1000000, fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  int64_t days = seconds / 86400, rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int64_t year;
  int month, day;
  CivilFromDays(days, &year, &month, &day);
  char text[96];
  std::snprintf(text, sizeof(text), "%04lld-%02d-%02dT%02d:%02d:%02d.%06lldZ",
                static_cast<long long>(year), month, day,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60), static_cast<long long>(fraction));
  return text;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument(
               Quoted(text, "is not an RFC 3339 UTC timestamp"))
        .WithHint("expected e.g. 2020-02-22T09:30:00.000000Z");
  };
  if (text.size() < 20 || text.back() != 'Z') return bad();
  auto date = PartialDate::Parse(text.substr(0, 10));
  int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2),
      second = Digits(text, 17, 2);
  if (!date.ok() || date->precision() != DatePrecision::kDay ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':' || hour < 0 ||
      hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return bad();
  }
  int64_t fraction = 0;
  std::string_view rest = text.substr(19, text.size() - 20);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return bad();
    int value = Digits(rest, 1, rest.size() - 1);
    if (value < 0) return bad();
    fraction = value;
    for (size_t i = rest.size() - 1; i < 6; ++i) fraction *= 10;
  }
  int64_t days = DaysFromCivil(Digits(text, 0, 4), Digits(text, 5, 2),
                               Digits(text, 8, 2));
  return ((days * 86400 + hour * 3600 + minute * 60 + second) * 1000000) +
         fraction;
}

}  // namespace fieldvault::core
