// Reading the vault's persons for duplicate detection.
#include <algorithm>
#include <unordered_map>

#include "core/records/duplicate_persons.h"

namespace fieldvault::core {
namespace {

PersonForMatching ForMatching(const Person& person) {
  PersonForMatching out;
  out.id = person.meta.id;
  out.created_at = person.meta.created_at;
  out.kind = person.kind;
  out.sex = person.sex;
  out.birth_date = person.birth_date;
  for (const PersonName& name : person.names) {
    out.names.push_back(name.full_name);
    out.match_keys.push_back(name.match_key);
  }
  return out;
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
  explicit LivePersons(const std::vector<Person>& persons) {
    for (const Person& person : persons) {
      merged_into_[person.meta.id] = person.merged_into;
      if (!person.merged_into.empty()) continue;
      at_[person.meta.id] = live_.size();
      live_.push_back(ForMatching(person));
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
  FV_ASSIGN_OR_RETURN(std::vector<Person> persons, store.List<Person>());
  LivePersons live(persons);
  for (const Person& person : persons) {
    if (person.merged_into.empty()) continue;
    PersonForMatching* target = live.Root(person.meta.id);
    if (target != nullptr) Lend(ForMatching(person), *target);
  }
  FV_RETURN_IF_ERROR(AddDetentions(store.rows().db(), live));
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

}  // namespace fieldvault::core
