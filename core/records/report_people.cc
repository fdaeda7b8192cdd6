#include "core/records/report_people.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <utility>

namespace fieldvault::core {
namespace {

using nlohmann::json;

// The date stored under `key` of `object` ({"value": ..., "precision":
// ...}), or unknown when it is missing or does not parse.
PartialDate DateAt(const json& object, const char* key) {
  auto date = object.find(key);
  if (date == object.end() || !date->is_object()) return {};
  auto value = date->find("value");
  if (value == date->end() || !value->is_string()) return {};
  Result<PartialDate> parsed = PartialDate::Parse(value->get<std::string>());
  return parsed.ok() ? *std::move(parsed) : PartialDate();
}

// The size of the stored group `body`, nullopt when none is recorded.
Result<std::optional<int64_t>> GroupSizeOf(const std::string& id,
                                           const std::string& body) {
  const json person = json::parse(body, nullptr, false);
  if (!person.is_object()) {
    return Status::Corruption("the stored person " + id + " is damaged");
  }
  auto size = person.find("group_size");
  if (size == person.end() || !size->is_number_integer() ||
      size->get<int64_t>() < 1) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(size->get<int64_t>());
}

}  // namespace

Result<ReportPeople> ReportPeople::Load(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, merged_into, kind = 'group',"
                 " CASE WHEN kind = 'group' THEN body ELSE '' END"
                 " FROM persons WHERE merged_into <> '' OR kind = 'group'"));
  ReportPeople people;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    std::string id = select.ColumnText(0);
    if (!select.ColumnText(1).empty()) {
      people.merges_[id] = select.ColumnText(1);
    }
    if (select.ColumnInt64(2) != 0) {
      FV_ASSIGN_OR_RETURN(people.group_sizes_[id],
                          GroupSizeOf(id, select.ColumnText(3)));
    }
  }
  return people;
}

CountedPerson ReportPeople::CountedAs(std::string person_id) const {
  std::vector<std::string> walk;
  while (true) {
    auto next = merges_.find(person_id);
    if (next == merges_.end()) break;
    walk.push_back(person_id);
    person_id = next->second;
    // A loop (merge_loops.h; import refuses one, `check` finds it): every
    // member counts as the smallest id of the loop, whichever was asked.
    auto seen = std::find(walk.begin(), walk.end(), person_id);
    if (seen != walk.end()) {
      person_id = *std::min_element(seen, walk.end());
      break;
    }
  }
  CountedPerson counted;
  counted.id = std::move(person_id);
  auto group = group_sizes_.find(counted.id);
  if (group != group_sizes_.end()) {
    counted.group = true;
    counted.size_unknown = !group->second.has_value();
    counted.people = group->second.value_or(1);
  }
  return counted;
}

Result<StatusSince> StatusSinceOf(std::string_view detention_id,
                                  std::string_view body) {
  const json detention = json::parse(body, nullptr, false);
  if (!detention.is_object()) {
    return Status::Corruption("the stored detention " +
                              std::string(detention_id) + " is damaged");
  }
  StatusSince since;
  since.detention_id = std::string(detention_id);
  since.detained_at = DateAt(detention, "detained_at");
  auto created = detention.find("created_at");
  if (created != detention.end() && created->is_string()) {
    Result<int64_t> micros = ParseTimestamp(created->get<std::string>());
    if (micros.ok()) since.created_at = *micros;
  }
  since.since = since.detained_at;
  auto history = detention.find("status_history");
  if (history == detention.end() || !history->is_array()) return since;
  // Entries are in the order recorded, each dated no earlier than the one
  // before it (validation.cc): the last known date is a lower bound for
  // an undated last entry.
  for (const json& entry : *history) {
    if (!entry.is_object()) continue;
    auto status = entry.find("status");
    since.status = status != entry.end() && status->is_string()
                       ? status->get<std::string>()
                       : std::string();
    PartialDate date = DateAt(entry, "date");
    if (date.known()) since.since = std::move(date);
  }
  return since;
}

Result<std::set<std::string>> StatusesEverOf(std::string_view detention_id,
                                             std::string_view body) {
  const json detention = json::parse(body, nullptr, false);
  if (!detention.is_object()) {
    return Status::Corruption("the stored detention " +
                              std::string(detention_id) + " is damaged");
  }
  std::set<std::string> statuses;
  auto history = detention.find("status_history");
  if (history == detention.end() || !history->is_array()) return statuses;
  for (const json& entry : *history) {
    if (!entry.is_object()) continue;
    auto status = entry.find("status");
    if (status != entry.end() && status->is_string()) {
      statuses.insert(status->get<std::string>());
    }
  }
  return statuses;
}

size_t MostRecentStatus(const std::vector<StatusSince>& candidates) {
  auto later = [](const StatusSince& a, const StatusSince& b) {
    if (auto order = CompareDates(a.since, b.since); order != 0) {
      return order > 0;
    }
    if (auto order = CompareDates(a.detained_at, b.detained_at); order != 0) {
      return order > 0;
    }
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.detention_id > b.detention_id;
  };
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i) {
    if (later(candidates[i], candidates[best])) best = i;
  }
  return best;
}

}  // namespace fieldvault::core
