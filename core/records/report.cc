#include "core/records/report.h"

#include <set>
#include <tuple>
#include <utility>

#include "core/records/report_people.h"
#include "core/records/report_places.h"

namespace fieldvault::core {
namespace {

struct IncidentInfo {
  std::string title, place, date;
};

// The group an incident falls into, as the row's identifying fields.
ReportRow GroupOf(const std::string& id, const IncidentInfo& incident,
                  ReportGrouping grouping) {
  ReportRow row;
  if (grouping == ReportGrouping::kIncident) {
    row.incident_id = id;
    row.title = incident.title;
    row.place = incident.place;
    row.date = incident.date;
  }
  if (grouping == ReportGrouping::kPlace ||
      grouping == ReportGrouping::kPlaceAndDate) {
    row.place = incident.place;
  }
  if (grouping == ReportGrouping::kDate ||
      grouping == ReportGrouping::kPlaceAndDate) {
    row.date = incident.date;
  }
  return row;
}

using GroupKey = std::tuple<std::string, std::string, std::string>;

GroupKey KeyOf(const ReportRow& row) {
  return {row.date, row.place, row.incident_id};
}

// The incidents in scope, by id. Grouped by place, each incident's place
// is the spelling its place is shown under (report_places.h).
Result<std::map<std::string, IncidentInfo>> LoadIncidents(
    Database& db, const NameNormalizer& normalizer,
    const ReportOptions& options) {
  // In the order recorded: a tie between spellings goes to the first.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, title, CASE WHEN admin_area <> '' THEN admin_area"
                 " ELSE place END, substr(start_date, 1, 10) FROM incidents"
                 " WHERE deleted = 0 AND (?1 = '' OR id = ?1)"
                 " ORDER BY created_at, id"));
  FV_RETURN_IF_ERROR(select.BindText(1, options.incident_id));
  std::map<std::string, IncidentInfo> incidents;
  std::vector<std::string> places;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    incidents[select.ColumnText(0)] = {select.ColumnText(1),
                                       select.ColumnText(2),
                                       select.ColumnText(3)};
    places.push_back(select.ColumnText(2));
  }
  if (options.grouping == ReportGrouping::kPlace ||
      options.grouping == ReportGrouping::kPlaceAndDate) {
    auto shown_as = PlaceNames(normalizer, places);
    for (auto& [id, incident] : incidents) {
      incident.place = shown_as[incident.place];
    }
  }
  return incidents;
}

// A person's detentions in one row of the report: the detention ids, and
// the current status column of the last one (enough when there is one).
struct PersonDetentions {
  std::vector<std::string> ids;
  std::string status;
};

// The current status of a person with `detentions` (report_people.h);
// `select_body` reads a detention's body by id.
Result<std::string> StatusOfPerson(Statement& select_body,
                                   const PersonDetentions& detentions) {
  // One detention: its own current status (the stored column) is the
  // person's, and the bodies of most people need not be parsed.
  if (detentions.ids.size() == 1) return detentions.status;
  std::vector<StatusSince> candidates;
  for (const std::string& id : detentions.ids) {
    FV_RETURN_IF_ERROR(select_body.Reset());
    FV_RETURN_IF_ERROR(select_body.BindText(1, id));
    FV_ASSIGN_OR_RETURN(bool row, select_body.Step());
    if (!row) return Status::Corruption("detention " + id + " vanished");
    FV_ASSIGN_OR_RETURN(StatusSince since,
                        StatusSinceOf(id, select_body.ColumnTextView(0)));
    candidates.push_back(std::move(since));
  }
  return candidates[MostRecentStatus(candidates)].status;
}

// The statuses a person with `detentions` ever had (report_people.h).
Result<std::set<std::string>> StatusesEver(Statement& select_body,
                                           const PersonDetentions& detentions) {
  std::set<std::string> statuses;
  for (const std::string& id : detentions.ids) {
    FV_RETURN_IF_ERROR(select_body.Reset());
    FV_RETURN_IF_ERROR(select_body.BindText(1, id));
    FV_ASSIGN_OR_RETURN(bool row, select_body.Step());
    if (!row) return Status::Corruption("detention " + id + " vanished");
    FV_ASSIGN_OR_RETURN(std::set<std::string> of_one,
                        StatusesEverOf(id, select_body.ColumnTextView(0)));
    statuses.merge(of_one);
  }
  return statuses;
}

// Adds `person`, whose current status is `status`, to `row`.
void AddPerson(const CountedPerson& person, const std::string& status,
               ReportRow& row) {
  row.detained += person.people;
  row.by_status[status] += person.people;
  if (!person.group) return;
  row.from_groups += person.people;
  ++row.groups;
  if (person.size_unknown) {
    ++row.groups_of_unknown_size;
    row.lower_bound = true;
  }
}

// Adds each group's distinct detained people and their statuses.
Status CountDetained(Database& db, const ReportOptions& options,
                     const std::map<std::string, IncidentInfo>& incidents,
                     std::map<GroupKey, ReportRow>* groups) {
  const ReportGrouping grouping = options.grouping;
  FV_ASSIGN_OR_RETURN(ReportPeople people, ReportPeople::Load(db));
  // By id, so that a person's detentions are weighed in a fixed order.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, incident_id, person_id, current_status"
                 " FROM detentions WHERE deleted = 0 ORDER BY id"));
  std::map<GroupKey, std::map<std::string, PersonDetentions>> detained;
  std::map<std::string, CountedPerson> counted;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    auto incident = incidents.find(select.ColumnText(1));
    if (incident == incidents.end()) continue;
    GroupKey key = KeyOf(GroupOf(incident->first, incident->second, grouping));
    CountedPerson person = people.CountedAs(select.ColumnText(2));
    PersonDetentions& detentions = detained[key][person.id];
    detentions.ids.push_back(select.ColumnText(0));
    detentions.status = select.ColumnText(3);
    counted.try_emplace(person.id, person);
  }
  FV_ASSIGN_OR_RETURN(Statement select_body,
                      db.Prepare("SELECT body FROM detentions WHERE id = ?"));
  for (const auto& [key, persons] : detained) {
    ReportRow& row = (*groups)[key];
    for (const auto& [person, detentions] : persons) {
      FV_ASSIGN_OR_RETURN(std::string status,
                          StatusOfPerson(select_body, detentions));
      AddPerson(counted.at(person), status, row);
      if (!options.ever) continue;
      FV_ASSIGN_OR_RETURN(std::set<std::string> ever,
                          StatusesEver(select_body, detentions));
      for (const std::string& had : ever) {
        row.ever_by_status[had] += counted.at(person).people;
      }
    }
    auto count = [&row](const char* status) {
      auto it = row.by_status.find(status);
      return it == row.by_status.end() ? int64_t{0} : it->second;
    };
    row.released = count("released");
    row.whereabouts_unknown = count("whereabouts_unknown");
  }
  return Status::Ok();
}

// Runs `sql` (rows of: incident id, count) and adds each count to the
// group of its incident through `field`.
Status AddCounts(Database& db, const std::string& sql, ReportGrouping grouping,
                 const std::map<std::string, IncidentInfo>& incidents,
                 std::map<GroupKey, ReportRow>* groups,
                 int64_t ReportRow::*field) {
  FV_ASSIGN_OR_RETURN(Statement select, db.Prepare(sql));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    auto incident = incidents.find(select.ColumnText(0));
    if (incident == incidents.end()) continue;
    GroupKey key = KeyOf(GroupOf(incident->first, incident->second, grouping));
    (*groups)[key].*field += select.ColumnInt64(1);
  }
  return Status::Ok();
}

Result<bool> HasAttachments(Database& db) {
  FV_ASSIGN_OR_RETURN(int64_t count,
                      db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE"
                                    " type = 'table' AND name = 'attachments'"));
  return count > 0;
}

}  // namespace

Result<std::vector<ReportRow>> BuildReport(Database& db,
                                           const NameNormalizer& normalizer,
                                           const ReportOptions& options) {
  FV_ASSIGN_OR_RETURN(auto incidents, LoadIncidents(db, normalizer, options));
  std::map<GroupKey, ReportRow> groups;
  for (const auto& [id, incident] : incidents) {
    ReportRow identity = GroupOf(id, incident, options.grouping);
    ReportRow& row = groups[KeyOf(identity)];
    if (row.incidents == 0) row = identity;
    ++row.incidents;
  }
  FV_RETURN_IF_ERROR(CountDetained(db, options, incidents, &groups));
  FV_RETURN_IF_ERROR(AddCounts(
      db,
      "SELECT incident_id, count(*) FROM witness_accounts WHERE deleted = 0"
      " GROUP BY incident_id",
      options.grouping, incidents, &groups, &ReportRow::witness_accounts));
  FV_ASSIGN_OR_RETURN(bool has_attachments, HasAttachments(db));
  if (has_attachments) {
    FV_RETURN_IF_ERROR(AddCounts(
        db,
        "SELECT CASE a.owner_type WHEN 'incident' THEN a.owner_id"
        " WHEN 'detention' THEN d.incident_id"
        " WHEN 'witness_account' THEN w.incident_id END AS incident,"
        " count(*) FROM attachments a"
        " LEFT JOIN detentions d ON a.owner_type = 'detention'"
        "  AND d.id = a.owner_id AND d.deleted = 0"
        " LEFT JOIN witness_accounts w ON a.owner_type = 'witness_account'"
        "  AND w.id = a.owner_id AND w.deleted = 0"
        " GROUP BY incident HAVING incident IS NOT NULL",
        options.grouping, incidents, &groups, &ReportRow::attachments));
  }
  std::vector<ReportRow> rows;
  rows.reserve(groups.size());
  for (auto& [key, row] : groups) rows.push_back(std::move(row));
  return rows;
}

}  // namespace fieldvault::core
