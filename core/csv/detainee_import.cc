#include "core/csv/detainee_import.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "core/csv/detainee_columns.h"

namespace fieldvault::core {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

// One person this import created, for folding: ~56 bytes, plus its match
// key once in the importer's map (~70 bytes), since a list can hold a
// million people. Persons with the same key form a chain, one per birth
// year seen (year 0: unknown, never folded).
struct KeyedPerson {
  std::array<char, 36> id{};  // all zero when its first line was bad
  int32_t birth_year = 0;
  int16_t birth_month = 0;      // 0 when not known
  int16_t birth_day = 0;        // 0 when not known
  char sex = 0;                 // first letter of the sex (the vocabulary's
                                // values differ in it); 0 when unknown
  uint32_t next = kNone;        // next person with the same key
  int64_t first_line = 0;
  uint32_t more_lines = kNone;  // folded lines: index in more_lines_

  bool written() const { return id[0] != 0; }
  std::string person_id() const { return std::string(id.data(), id.size()); }
};

// The page cache of the import's connection, in KiB, for the import only.
// SQLite's default (2 MiB) is far smaller than the indexes a big list
// touches, so SQLite would spill dirty pages of the open transaction into
// vault.db and read them back, decrypting and re-encrypting them each
// time. The memory is only taken as pages are used. Durability and
// encryption are unchanged: nothing is visible before the commit, which
// still syncs (synchronous = FULL).
constexpr int64_t kImportCacheKiB = 64 * 1024;

// Sets the larger cache and puts the previous one back.
class ImportCache {
 public:
  explicit ImportCache(Database& db) : db_(db) {
    Result<int64_t> previous = db.QueryInt64("PRAGMA cache_size");
    if (!previous.ok()) return;
    previous_ = *previous;
    set_ = db.Exec("PRAGMA cache_size = -" + std::to_string(kImportCacheKiB))
               .ok();
  }
  ~ImportCache() {
    if (set_) {
      (void)db_.Exec("PRAGMA cache_size = " + std::to_string(previous_));
    }
  }
  ImportCache(const ImportCache&) = delete;
  ImportCache& operator=(const ImportCache&) = delete;

 private:
  Database& db_;
  int64_t previous_ = 0;
  bool set_ = false;
};

// Sequential ids for the records of the import (RecordStore::
// SetSequentialIds): with random ones, each line would touch a random
// page of five indexes, and a million-line list would need all of them
// in the cache.
class SequentialIds {
 public:
  explicit SequentialIds(RecordStore& store)
      : store_(store), previous_(store.SetSequentialIds(true)) {}
  ~SequentialIds() { store_.SetSequentialIds(previous_); }
  SequentialIds(const SequentialIds&) = delete;
  SequentialIds& operator=(const SequentialIds&) = delete;

 private:
  RecordStore& store_;
  bool previous_;
};

int BirthYear(const PartialDate& date) {
  if (!date.known()) return 0;
  int year = 0;
  std::string_view part = date.DatePart().substr(0, 4);
  std::from_chars(part.data(), part.data() + part.size(), year);
  return year;
}

// The two-digit number at `at` of the date's "YYYY-MM-DD" part,
// or 0 when the date does not go that far.
int16_t DateNumber(const PartialDate& date, size_t at) {
  if (!date.known()) return 0;
  std::string_view part = date.DatePart();
  if (part.size() < at + 2) return 0;
  int16_t number = 0;
  std::from_chars(part.data() + at, part.data() + at + 2, number);
  return number;
}

// Two lines of one name and birth year are one person unless what both
// give of the birth date or the sex differs: then they are namesakes
// (`person duplicates` lists them as possible duplicates for review).
bool Conflicting(const KeyedPerson& person, int16_t month, int16_t day, char sex) {
  auto differ = [](int a, int b) { return a != 0 && b != 0 && a != b; };
  return differ(person.birth_month, month) ||
         (person.birth_month == month && differ(person.birth_day, day)) ||
         differ(person.sex, sex);
}

class Importer {
 public:
  Importer(const DetaineeImportOptions& options, RecordStore& store,
           const NameNormalizer& normalizer, DetaineeImportReport& report)
      : options_(options), store_(store), normalizer_(normalizer),
        report_(report) {}

  // Checks and imports one data line. Only database failures are errors.
  Status Line(const CsvRow& row, const ColumnLayout& layout);
  // Fills the report's folds and possible duplicates.
  void Summarise();

  void Problem(std::string message) {
    ++report_.problem_count;
    if (report_.problems.size() < options_.max_listed_problems) {
      report_.problems.push_back(std::move(message));
    }
  }

 private:
  Status Write(DetaineeLine& line, KeyedPerson* same, KeyedPerson& entry);
  std::vector<int64_t> LinesOf(const KeyedPerson& person) const;
  Status AddSpelling(const std::string& person_id, const Person& seen);
  // False, with a problem of the line, for a birth date after today.
  bool BornBeforeToday(const PartialDate& born, const std::string& where);

  const DetaineeImportOptions& options_;
  RecordStore& store_;
  const NameNormalizer& normalizer_;
  DetaineeImportReport& report_;
  std::unordered_map<std::string, uint32_t> by_key_;  // first of a chain
  std::deque<KeyedPerson> persons_;  // a deque: no doubling, stable refs
  std::vector<std::vector<int64_t>> more_lines_;
};

// Store errors that a line caused (validation, a missing reference) become
// problems of that line; anything else stops the import.
bool IsLineError(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument ||
         status.code() == StatusCode::kNotFound ||
         status.code() == StatusCode::kAlreadyExists;
}

Status Importer::Line(const CsvRow& row, const ColumnLayout& layout) {
  ++report_.lines;
  const std::string where = "line " + std::to_string(row.line);
  if (!row.problem.ok()) {
    Problem(row.problem.message());
    if (report_.file_hint.empty()) report_.file_hint = row.problem.hint();
    return Status::Ok();
  }
  if (row.fields.size() != layout.size()) {
    Problem(where + ": has " + std::to_string(row.fields.size()) +
            " fields, the header has " + std::to_string(layout.size()));
    return Status::Ok();
  }
  std::vector<std::string> problems;
  std::optional<DetaineeLine> line =
      ConvertDetaineeLine(layout, row.fields, row.line, problems);
  for (std::string& problem : problems) Problem(std::move(problem));
  if (!line) return Status::Ok();
  if (!BornBeforeToday(line->person.birth_date, where)) return Status::Ok();
  auto key = normalizer_.MatchKey(line->person.names[0].full_name);
  if (!key.ok()) {
    Problem(where + ", name: " + key.status().message());
    return Status::Ok();
  }
  const PartialDate& born = line->person.birth_date;
  const int year = BirthYear(born);
  const int16_t month = DateNumber(born, 5);
  const int16_t day = DateNumber(born, 8);
  const std::string& sex_text = line->person.sex;
  const char sex = sex_text.empty() || sex_text == "unknown" ? 0 : sex_text[0];
  uint32_t* link = &by_key_.try_emplace(*key, kNone).first->second;
  KeyedPerson* same = nullptr;
  while (*link != kNone) {
    KeyedPerson& person = persons_[*link];
    if (year != 0 && person.birth_year == year && !Conflicting(person, month, day, sex)) {
      same = &person;
    }
    link = &person.next;
  }
  if (same == nullptr) {
    *link = static_cast<uint32_t>(persons_.size());
    persons_.push_back({});
    persons_.back().birth_year = year;
    persons_.back().birth_month = month;
    persons_.back().birth_day = day;
    persons_.back().sex = sex;
    persons_.back().first_line = row.line;
  } else {
    if (same->more_lines == kNone) {
      same->more_lines = static_cast<uint32_t>(more_lines_.size());
      more_lines_.emplace_back();
    }
    more_lines_[same->more_lines].push_back(row.line);
  }
  KeyedPerson& entry = same != nullptr ? *same : persons_.back();
  // Lines after a problem are still written: the store's validation then
  // reports their problems too, and the caller rolls everything back.
  Status status = Write(*line, same, entry);
  if (IsLineError(status)) {
    Problem(where + InCsvTerms(status.message()));
    return Status::Ok();
  }
  return status;
}

bool Importer::BornBeforeToday(const PartialDate& born, const std::string& where) {
  if (!options_.today || !born.known() ||
      CompareDates(born, *options_.today) != std::weak_ordering::greater) {
    return true;
  }
  Problem(where + ", birth_date: '" + born.text() + "' is in the future (today is " +
          options_.today->text() + ")");
  return false;
}

Status Importer::Write(DetaineeLine& line, KeyedPerson* same,
                       KeyedPerson& entry) {
  if (same != nullptr) {
    // The person's first line was bad: that line is already reported.
    if (!same->written()) return Status::Ok();
    FV_RETURN_IF_ERROR(AddSpelling(same->person_id(), line.person));
  } else {
    FV_ASSIGN_OR_RETURN(Person person, store_.Create(line.person));
    if (person.meta.id.size() != entry.id.size()) {
      return Status::IoError("unexpected person id " + person.meta.id);
    }
    std::copy(person.meta.id.begin(), person.meta.id.end(), entry.id.begin());
    ++report_.persons_created;
  }
  Detention& detention = line.detention;
  detention.person_id = entry.person_id();
  detention.incident_id = options_.incident_id;
  for (StatusEntry& status : detention.status_history) {
    if (status.source_note.empty()) status.source_note = options_.default_source;
  }
  FV_RETURN_IF_ERROR(store_.Create(detention).status());
  ++report_.detentions_created;
  return Status::Ok();
}

// A folded line may spell the name differently ("Тестов" / "TESTOV") or
// add an affiliation or notes: the person keeps all of it.
Status Importer::AddSpelling(const std::string& person_id, const Person& seen) {
  FV_ASSIGN_OR_RETURN(Person person, store_.Get<Person>(person_id));
  bool changed = false;
  const PersonName& name = seen.names[0];
  if (std::none_of(person.names.begin(), person.names.end(),
                   [&](const PersonName& known) {
                     return known.full_name == name.full_name;
                   })) {
    person.names.push_back(name);
    changed = true;
  }
  for (const std::string& affiliation : seen.affiliations) {
    if (std::find(person.affiliations.begin(), person.affiliations.end(),
                  affiliation) == person.affiliations.end()) {
      person.affiliations.push_back(affiliation);
      changed = true;
    }
  }
  if (!seen.notes.empty() && person.notes.find(seen.notes) == std::string::npos) {
    person.notes += (person.notes.empty() ? "" : "\n") + seen.notes;
    changed = true;
  }
  if (person.sex == "unknown" && seen.sex != "unknown") {
    person.sex = seen.sex;
    changed = true;
  }
  if (!changed) return Status::Ok();
  return store_.Update(std::move(person)).status();
}

std::vector<int64_t> Importer::LinesOf(const KeyedPerson& person) const {
  std::vector<int64_t> lines = {person.first_line};
  if (person.more_lines != kNone) {
    const std::vector<int64_t>& more = more_lines_[person.more_lines];
    lines.insert(lines.end(), more.begin(), more.end());
  }
  return lines;
}

void Importer::Summarise() {
  for (const auto& [key, first] : by_key_) {
    PossibleDuplicate duplicate{key, {}};
    size_t chain = 0;
    for (uint32_t i = first; i != kNone; i = persons_[i].next, ++chain) {
      const KeyedPerson& person = persons_[i];
      std::vector<int64_t> lines = LinesOf(person);
      duplicate.lines.insert(duplicate.lines.end(), lines.begin(),
                             lines.end());
      if (lines.size() > 1) {
        report_.folded.push_back({person.written() ? person.person_id() : "",
                                  key, person.birth_year, std::move(lines)});
      }
    }
    if (chain > 1) {
      std::sort(duplicate.lines.begin(), duplicate.lines.end());
      report_.possible_duplicates.push_back(std::move(duplicate));
    }
  }
  auto by_first_line = [](const auto& a, const auto& b) {
    return a.lines.front() < b.lines.front();
  };
  std::sort(report_.folded.begin(), report_.folded.end(), by_first_line);
  std::sort(report_.possible_duplicates.begin(),
            report_.possible_duplicates.end(), by_first_line);
}

}  // namespace

Result<DetaineeImportReport> ImportDetainees(
    crypto::ByteSource& csv, const DetaineeImportOptions& options,
    RecordStore& store, const NameNormalizer& normalizer) {
  FV_ASSIGN_OR_RETURN(bool incident_exists,
                      store.rows().Exists(kIncidentType, options.incident_id));
  if (!incident_exists) {
    return Status::NotFound("no incident " + options.incident_id +
                            " in this vault")
        .WithHint("create it first with `fieldvault incident add`, or find "
                  "its id with `fieldvault incident list`");
  }
  ImportCache cache(store.rows().db());
  SequentialIds ids(store);
  DetaineeImportReport report;
  Importer importer(options, store, normalizer, report);
  auto reader = CsvReader::Open(csv, options.csv);
  if (!reader.ok()) {
    if (reader.status().code() != StatusCode::kInvalidArgument) {
      return reader.status();
    }
    importer.Problem(reader.status().message());
    report.file_hint = reader.status().hint();
    return report;
  }
  CsvRow row;
  std::optional<ColumnLayout> layout;
  while (true) {
    Result<bool> more = (*reader)->Next(row);
    if (!more.ok()) {
      // Malformed CSV cannot be read past: report it as the last problem.
      if (more.status().code() != StatusCode::kInvalidArgument) {
        return more.status();
      }
      importer.Problem(more.status().message());
      break;
    }
    if (!*more) break;
    if (!layout) {
      Result<ColumnLayout> built =
          row.problem.ok() ? BuildColumnLayout(row.fields, options.column_map)
                           : Result<ColumnLayout>(row.problem);
      if (!built.ok()) {
        // The header's hint (it lists the columns) is kept: a monitor
        // cannot fix an unknown column without knowing the known ones.
        importer.Problem(built.status().message());
        report.header_hint = built.status().hint();
        return report;
      }
      layout = std::move(built).value();
      continue;
    }
    FV_RETURN_IF_ERROR(importer.Line(row, *layout));
  }
  if (!layout && report.problem_count == 0) {
    importer.Problem("the file is empty: it needs a header line and one "
                     "line per detainee");
  } else if (report.lines == 0 && report.problem_count == 0) {
    importer.Problem("the file has its header line and no detainee: there "
                     "is nothing to import");
  }
  if (report.lines == 0 && report.file_hint.empty()) {
    report.file_hint = "check that this is the detainee list you meant: a "
                       "CSV file with a header line and one line per detainee";
  }
  importer.Summarise();
  return report;
}

}  // namespace fieldvault::core
