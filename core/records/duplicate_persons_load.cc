// Reading the vault's persons for duplicate detection.
#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <utility>

#include "core/records/duplicate_persons.h"

namespace fieldvault::core {
namespace {

// A stored person as detection reads it.
struct StoredPerson {
  std::string merged_into;
  PersonForMatching matching;
};

// Sets `person`'s sex and birth date from its stored JSON `body`.
// kCorruption when the body is not JSON; a date that no longer parses
// (validated on write) is taken as unknown.
Status ReadSexAndBirth(const std::string& body, PersonForMatching& person) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) {
    return Status::Corruption("the stored person " + person.id +
                              " is damaged");
  }
  auto sex = json.find("sex");
  if (sex != json.end() && sex->is_string()) person.sex = *sex;
  auto birth = json.find("birth_date");
  if (birth == json.end() || !birth->is_object()) return Status::Ok();
  auto value = birth->find("value");
  if (value == birth->end() || !value->is_string()) return Status::Ok();
  Result<PartialDate> date = PartialDate::Parse(value->get<std::string>());
  if (date.ok()) person.birth_date = *std::move(date);
  return Status::Ok();
}

// Adds each person's spellings (in their order) from person_names.
Status AddSpellings(Database& db,
                    const std::unordered_map<std::string, size_t>& at,
                    std::vector<StoredPerson>& persons) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT person_id, full_name, match_key"
                                 " FROM person_names ORDER BY person_id,"
                                 " position"));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    auto person = at.find(select.ColumnText(0));
    if (person == at.end()) continue;  // a deleted person's
    PersonForMatching& p = persons[person->second].matching;
    p.names.push_back(select.ColumnText(1));
    p.match_keys.push_back(select.ColumnText(2));
  }
  return Status::Ok();
}

// Every person that is not deleted, with its spellings, read from the
// columns and person_names; of the stored record only the sex and the
// birth date are read, not the whole Person (most of the time detection
// takes on a large vault is reading).
Result<std::vector<StoredPerson>> ReadPersons(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, created_at, kind, merged_into,"
                 " body FROM persons WHERE deleted = 0"));
  std::vector<StoredPerson> persons;
  std::unordered_map<std::string, size_t> at;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    StoredPerson stored;
    PersonForMatching& p = stored.matching;
    p.id = select.ColumnText(0);
    p.created_at = select.ColumnInt64(1);
    p.kind = select.ColumnText(2);
    stored.merged_into = select.ColumnText(3);
    FV_RETURN_IF_ERROR(ReadSexAndBirth(select.ColumnText(4), p));
    at[p.id] = persons.size();
    persons.push_back(std::move(stored));
  }
  FV_RETURN_IF_ERROR(AddSpellings(db, at, persons));
  return persons;
}

// Where the spellings of `merged` go: its target's, and its birth date and
// sex where the target has none.
void Lend(const PersonForMatching& merged, PersonForMatching& target) {
  for (size_t i = 0; i < merged.names.size(); ++i) {
    target.names.push_back(merged.names[i]);
    target.match_keys.push_back(merged.match_keys[i]);
  }
  if (!target.birth_date.known()) target.birth_date = merged.birth_date;
  if (target.sex == "unknown") target.sex = merged.sex;
}

class LivePersons {
 public:
  explicit LivePersons(std::vector<StoredPerson>& persons) {
    for (StoredPerson& person : persons) {
      merged_into_[person.matching.id] = person.merged_into;
      if (!person.merged_into.empty()) continue;
      at_[person.matching.id] = live_.size();
      live_.push_back(std::move(person.matching));
    }
  }

  // The live person `id` counts as (itself, or the end of its chain of
  // merges), or null: unknown, deleted, or a chain that loops.
  PersonForMatching* Root(const std::string& id) {
    std::string at = id;
    for (size_t steps = 0; steps <= merged_into_.size(); ++steps) {
      auto live = at_.find(at);
      if (live != at_.end()) return &live_[live->second];
      auto next = merged_into_.find(at);
      if (next == merged_into_.end() || next->second.empty()) return nullptr;
      at = next->second;
    }
    return nullptr;
  }

  std::vector<PersonForMatching> Take() { return std::move(live_); }

 private:
  std::unordered_map<std::string, std::string> merged_into_;
  std::unordered_map<std::string, size_t> at_;
  std::vector<PersonForMatching> live_;
};

// Incident id -> "place date", as the report groups incidents.
Result<std::unordered_map<std::string, std::string>> PlacesAndDates(
    Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, CASE WHEN admin_area <> '' THEN admin_area"
                 " ELSE place END, substr(start_date, 1, 10) FROM incidents"
                 " WHERE deleted = 0"));
  std::unordered_map<std::string, std::string> places;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    places[select.ColumnText(0)] =
        select.ColumnText(1) + " " + select.ColumnText(2);
  }
  return places;
}

Status AddDetentions(Database& db, LivePersons& live) {
  FV_ASSIGN_OR_RETURN(auto places, PlacesAndDates(db));
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT person_id, incident_id FROM detentions"
                 " WHERE deleted = 0"));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    PersonForMatching* person = live.Root(select.ColumnText(0));
    if (person == nullptr) continue;
    ++person->detentions;
    std::string incident = select.ColumnText(1);
    auto place = places.find(incident);
    if (place == places.end()) continue;  // a deleted incident
    person->places_and_dates.push_back(place->second);
    person->incident_ids.push_back(std::move(incident));
  }
  return Status::Ok();
}

void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

Result<std::vector<PersonForMatching>> LoadPersonsForMatching(
    RecordStore& store) {
  Database& db = store.rows().db();
  FV_ASSIGN_OR_RETURN(std::vector<StoredPerson> persons, ReadPersons(db));
  LivePersons live(persons);  // takes the live persons' data
  for (const StoredPerson& person : persons) {
    if (person.merged_into.empty()) continue;
    PersonForMatching* target = live.Root(person.matching.id);
    if (target != nullptr) Lend(person.matching, *target);
  }
  FV_RETURN_IF_ERROR(AddDetentions(db, live));
  std::vector<PersonForMatching> out = live.Take();
  for (PersonForMatching& person : out) {
    SortUnique(person.incident_ids);
    SortUnique(person.places_and_dates);
  }
  return out;
}

Result<std::vector<DuplicateGroup>> FindDuplicatePersonsInVault(
    RecordStore& store, const DuplicateOptions& options) {
  FV_ASSIGN_OR_RETURN(auto persons, LoadPersonsForMatching(store));
  return FindDuplicatePersons(persons, options);
}

Result<DuplicateSummary> ForEachDuplicateGroupInVault(
    RecordStore& store, const DuplicateOptions& options,
    const DuplicateGroupSink& sink) {
  FV_ASSIGN_OR_RETURN(auto persons, LoadPersonsForMatching(store));
  return ForEachDuplicateGroup(persons, options, sink);
}

}  // namespace fieldvault::core
