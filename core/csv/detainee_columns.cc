#include "core/csv/detainee_columns.h"

#include <array>
#include <charconv>
#include <set>
#include <utility>

#include "core/records/vocabulary.h"

namespace fieldvault::core {
namespace {

constexpr std::array<std::string_view, 20> kColumnNames = {
    "name",           "name_language",      "sex",
    "birth_date",     "affiliation",        "detained_at",
    "place_of_arrest", "place_of_detention", "authority",
    "charge_code",    "charge_article",     "case_number",
    "court",          "sentence",           "lawyer_access",
    "legal_status",   "status_date",        "detention_days",
    "source",         "notes",
};

// "Birth date " -> "birth_date". Non-ASCII letters are kept as they are, so
// a --map key written in Cyrillic matches the header exactly.
std::string NormaliseHeader(std::string_view header) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  std::string normalised;
  for (char c : header) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
    normalised.push_back(c);
  }
  return normalised;
}

std::optional<DetaineeColumn> ColumnByName(std::string_view name) {
  for (size_t i = 0; i < kColumnNames.size(); ++i) {
    if (kColumnNames[i] == name) return static_cast<DetaineeColumn>(i);
  }
  return std::nullopt;
}

std::vector<std::string> SplitBars(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t bar = text.find('|', start);
    std::string part = text.substr(start, bar - start);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    parts.push_back(part);
    if (bar == std::string::npos) return parts;
    start = bar + 1;
  }
}

// Collects the problems of one line, each as "line N, column: message".
class LineProblems {
 public:
  LineProblems(int64_t line, std::vector<std::string>& out)
      : line_(line), out_(out) {}
  void Add(DetaineeColumn column, const std::string& message) {
    out_.push_back("line " + std::to_string(line_) + ", " +
                   std::string(DetaineeColumnName(column)) + ": " + message);
    ++count_;
  }
  bool any() const { return count_ > 0; }

 private:
  int64_t line_;
  std::vector<std::string>& out_;
  int count_ = 0;
};

void SetDate(LineProblems& problems, DetaineeColumn column,
             const std::string& text, PartialDate& out) {
  auto date = ParseCsvDate(text);
  if (date.ok()) {
    out = *date;
  } else {
    problems.Add(column, date.status().message());
  }
}

void SetTerm(LineProblems& problems, DetaineeColumn column,
             std::string_view vocabulary, const std::string& text,
             std::string& out) {
  if (IsTerm(vocabulary, text)) {
    out = text;
  } else {
    problems.Add(column, "'" + text + "' is not one of `fieldvault vocab " +
                             std::string(vocabulary) + "`");
  }
}

}  // namespace

std::string_view DetaineeColumnName(DetaineeColumn column) {
  return kColumnNames[static_cast<size_t>(column)];
}

std::string DetaineeColumnList() {
  std::string list;
  for (std::string_view name : kColumnNames) {
    list += (list.empty() ? "" : ", ") + std::string(name);
  }
  return list;
}

Status ParseColumnMap(std::string_view text,
                      std::map<std::string, std::string>& map) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view pair = text.substr(start, comma - start);
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (pair.empty()) continue;
    size_t equals = pair.rfind('=');
    if (equals == std::string_view::npos) {
      return Status::InvalidArgument("--map: '" + std::string(pair) +
                                     "' is not header=column")
          .WithHint("e.g. --map \"ФИО=name,Дата рождения=birth_date\"");
    }
    std::string column = NormaliseHeader(pair.substr(equals + 1));
    if (column == "_") column = "-";  // "-" means ignore, not a column
    if (column != "-" && !ColumnByName(column)) {
      return Status::InvalidArgument("--map: unknown column '" + column + "'")
          .WithHint("the columns are " + DetaineeColumnList() +
                    "; use header=- to ignore one");
    }
    map[NormaliseHeader(pair.substr(0, equals))] = column;
  }
  return Status::Ok();
}

Result<ColumnLayout> BuildColumnLayout(
    const std::vector<std::string>& header,
    const std::map<std::string, std::string>& map) {
  ColumnLayout layout;
  std::set<DetaineeColumn> seen;
  for (const std::string& raw : header) {
    std::string name = NormaliseHeader(raw);
    if (auto mapped = map.find(name); mapped != map.end()) {
      name = mapped->second;
    }
    if (name == "-") {
      layout.push_back(std::nullopt);
      continue;
    }
    std::optional<DetaineeColumn> column = ColumnByName(name);
    if (!column) {
      return Status::InvalidArgument("line 1: unknown column '" + raw + "'")
          .WithHint("rename it to one of the columns (" + DetaineeColumnList() +
                    "), or --map \"" + raw + "=column\", or --map \"" + raw +
                    "=-\" to ignore it");
    }
    if (!seen.insert(*column).second) {
      return Status::InvalidArgument("line 1: column '" + name +
                                     "' is given twice");
    }
    layout.push_back(column);
  }
  if (!seen.contains(DetaineeColumn::kName)) {
    return Status::InvalidArgument("line 1: there is no 'name' column")
        .WithHint("the first line must name the columns; map yours with "
                  "--map \"header=name\"");
  }
  return layout;
}

std::string InCsvTerms(std::string_view message) {
  // Field paths of the store (indices dropped) and the column each comes
  // from; the first prefix that matches wins.
  static constexpr std::pair<std::string_view, std::string_view> kPaths[] = {
      {"person: names[]: language: ", "name_language"},
      {"person: names[]: ", "name"},
      {"person: names: ", "name"},
      {"person: sex: ", "sex"},
      {"person: birth_date: ", "birth_date"},
      {"person: affiliations: ", "affiliation"},
      {"person: notes: ", "notes"},
      {"detention: detained_at: ", "detained_at"},
      {"detention: place_of_arrest: ", "place_of_arrest"},
      {"detention: place_of_detention: ", "place_of_detention"},
      {"detention: authority: ", "authority"},
      {"detention: case_number: ", "case_number"},
      {"detention: court: ", "court"},
      {"detention: sentence: ", "sentence"},
      {"detention: lawyer_access: ", "lawyer_access"},
      {"detention: charges.code: ", "charge_code"},
      {"detention: charges", "charge_article"},
      {"detention: status_history[]: status: ", "legal_status"},
      {"detention: status_history[]: days: ", "detention_days"},
      {"detention: status_history[]: source", "source"},
      {"detention: status_history[]: is dated", "status_date"},
      {"detention: status_history", "legal_status"},
  };
  // The message with every "[digits]" made "[]".
  std::string path;
  for (size_t i = 0; i < message.size(); ++i) {
    path += message[i];
    if (message[i] != '[') continue;
    size_t j = i + 1;
    while (j < message.size() && message[j] >= '0' && message[j] <= '9') ++j;
    if (j < message.size() && message[j] == ']' && j > i + 1) i = j - 1;
  }
  for (const auto& [prefix, column] : kPaths) {
    if (!path.starts_with(prefix)) continue;
    std::string_view rest = std::string_view(path).substr(prefix.size());
    // Drop what is left of the store's field names ("full_name: ").
    const size_t colon = rest.find(": ");
    if (prefix.ends_with(": ") && colon != std::string_view::npos &&
        rest.substr(0, colon).find_first_of(" '") == std::string_view::npos) {
      rest.remove_prefix(colon + 2);
    } else if (!prefix.ends_with(": ")) {
      // "is dated ..." or ".article: ..." or "[]: ...": keep the words.
      const size_t words = rest.find(": ");
      if (words != std::string_view::npos && rest.substr(0, words).find(' ') ==
                                                  std::string_view::npos) {
        rest.remove_prefix(words + 2);
      } else if (prefix.ends_with("is dated")) {
        return ", " + std::string(column) + ": is dated" + std::string(rest);
      }
    }
    return ", " + std::string(column) + ": " + std::string(rest);
  }
  return ": " + std::string(message);
}

Result<PartialDate> ParseCsvDate(std::string_view text) {
  // Appends rather than operator+ on literals: g++ 12 reports a false
  // -Wrestrict on the latter.
  std::string quoted;
  quoted.append("'").append(text).append("'");
  // Day-first dates, as Russian- and Kazakh-locale spreadsheets write them.
  if (text.size() >= 10 && text[2] == '.' && text[5] == '.') {
    if (text.size() > 10 && (text[10] != ' ' || text.size() == 11)) {
      return Status::InvalidArgument(quoted + " is not a date");
    }
    std::string iso;
    iso.append(text.substr(6, 4)).append("-").append(text.substr(3, 2));
    iso.append("-").append(text.substr(0, 2));
    if (text.size() > 10) iso.append("T").append(text.substr(11));
    auto date = PartialDate::Parse(iso);
    if (date.ok()) return date;
    return Status::InvalidArgument(quoted + " is not a valid date");
  }
  auto date = PartialDate::Parse(text);
  if (date.ok()) return date;
  return Status::InvalidArgument(
      quoted +
      " is not a date (use 2020-02-22, 22.02.2020 or 2020-02-22T14:30)");
}

std::optional<DetaineeLine> ConvertDetaineeLine(
    const ColumnLayout& layout, const std::vector<std::string>& fields,
    int64_t line, std::vector<std::string>& out) {
  LineProblems problems(line, out);
  DetaineeLine result;
  Person& person = result.person;
  Detention& detention = result.detention;
  PersonName name;
  std::string charge_codes, charge_articles, legal_status, status_date, days,
      source;
  for (size_t i = 0; i < layout.size() && i < fields.size(); ++i) {
    if (!layout[i] || fields[i].empty()) continue;
    const std::string& value = fields[i];
    switch (*layout[i]) {
      using enum DetaineeColumn;
      case kName: name.full_name = value; break;
      case kNameLanguage: name.language = value; break;
      case kSex: SetTerm(problems, kSex, kVocabSex, value, person.sex); break;
      case kBirthDate: SetDate(problems, kBirthDate, value, person.birth_date);
        break;
      case kAffiliation: person.affiliations.push_back(value); break;
      case kDetainedAt:
        SetDate(problems, kDetainedAt, value, detention.detained_at);
        break;
      case kPlaceOfArrest: detention.place_of_arrest = value; break;
      case kPlaceOfDetention: detention.place_of_detention = value; break;
      case kAuthority: detention.authority = value; break;
      case kChargeCode: charge_codes = value; break;
      case kChargeArticle: charge_articles = value; break;
      case kCaseNumber: detention.case_number = value; break;
      case kCourt: detention.court = value; break;
      case kSentence: detention.sentence = value; break;
      case kLawyerAccess:
        SetTerm(problems, kLawyerAccess, kVocabLawyerAccess, value,
                detention.lawyer_access);
        break;
      case kLegalStatus: legal_status = value; break;
      case kStatusDate: status_date = value; break;
      case kDetentionDays: days = value; break;
      case kSource: source = value; break;
      case kNotes: person.notes = value; break;
    }
  }
  if (name.full_name.empty()) {
    problems.Add(DetaineeColumn::kName, "is empty");
  }
  person.names.push_back(name);
  if (!charge_articles.empty() || !charge_codes.empty()) {
    std::vector<std::string> articles = SplitBars(charge_articles);
    std::vector<std::string> codes = SplitBars(charge_codes);
    if (!charge_codes.empty() && codes.size() != articles.size()) {
      problems.Add(DetaineeColumn::kChargeCode,
                   "has " + std::to_string(codes.size()) +
                       " charges separated by |, charge_article has " +
                       std::to_string(articles.size()));
    }
    for (size_t i = 0; i < articles.size(); ++i) {
      detention.charges.push_back(
          {articles[i], i < codes.size() ? codes[i] : std::string()});
    }
  }
  if (!legal_status.empty()) {
    StatusEntry entry;
    SetTerm(problems, DetaineeColumn::kLegalStatus, kVocabLegalStatus,
            legal_status, entry.status);
    entry.date = detention.detained_at;
    if (!status_date.empty()) {
      SetDate(problems, DetaineeColumn::kStatusDate, status_date, entry.date);
    }
    if (!days.empty()) {
      int64_t value = 0;
      auto [end, error] =
          std::from_chars(days.data(), days.data() + days.size(), value);
      if (error != std::errc() || end != days.data() + days.size()) {
        problems.Add(DetaineeColumn::kDetentionDays,
                     "'" + days + "' is not a whole number of days");
      }
      entry.days = value;
    }
    entry.source_note = source;
    detention.status_history.push_back(entry);
  } else if (!days.empty() || !status_date.empty()) {
    problems.Add(DetaineeColumn::kLegalStatus,
                 "is empty, but status_date or detention_days is given");
  }
  if (problems.any()) return std::nullopt;
  return result;
}

}  // namespace fieldvault::core
