#include "core/records/report.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

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

Result<std::map<std::string, IncidentInfo>> LoadIncidents(
    Database& db, const ReportOptions& options) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id, title, CASE WHEN admin_area <> '' THEN admin_area"
                 " ELSE place END, substr(start_date, 1, 10) FROM incidents"
                 " WHERE deleted = 0 AND (?1 = '' OR id = ?1)"));
  FV_RETURN_IF_ERROR(select.BindText(1, options.incident_id));
  std::map<std::string, IncidentInfo> incidents;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    incidents[select.ColumnText(0)] = {select.ColumnText(1),
                                       select.ColumnText(2),
                                       select.ColumnText(3)};
  }
  return incidents;
}

// Person id -> the person it was merged into, for merged persons only.
Result<std::map<std::string, std::string>> LoadMerges(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT id, merged_into FROM persons"
                                 " WHERE merged_into <> ''"));
  std::map<std::string, std::string> merges;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    merges[select.ColumnText(0)] = select.ColumnText(1);
  }
  return merges;
}

// The person `id` counts as: the end of its chain of merges (a duplicate
// merged into a person later merged into a third counts as the third). A
// chain that loops stops where it would repeat.
std::string CountedAs(const std::map<std::string, std::string>& merges,
                      std::string id) {
  for (size_t steps = 0; steps < merges.size(); ++steps) {
    auto next = merges.find(id);
    if (next == merges.end()) break;
    id = next->second;
  }
  return id;
}

// Adds each group's distinct detained people and their statuses.
Status CountDetained(Database& db, ReportGrouping grouping,
                     const std::map<std::string, IncidentInfo>& incidents,
                     std::map<GroupKey, ReportRow>* groups) {
  FV_ASSIGN_OR_RETURN(auto merges, LoadMerges(db));
  // Ordered so that, per person, the most recent detention comes last and
  // its status wins.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT incident_id, person_id, current_status"
                 " FROM detentions WHERE deleted = 0"
                 " ORDER BY detained_at, created_at, id"));
  std::map<GroupKey, std::map<std::string, std::string>> status_of_person;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    auto incident = incidents.find(select.ColumnText(0));
    if (incident == incidents.end()) continue;
    GroupKey key = KeyOf(GroupOf(incident->first, incident->second, grouping));
    status_of_person[key][CountedAs(merges, select.ColumnText(1))] =
        select.ColumnText(2);
  }
  for (const auto& [key, people] : status_of_person) {
    ReportRow& row = (*groups)[key];
    row.detained = static_cast<int64_t>(people.size());
    for (const auto& [person, status] : people) ++row.by_status[status];
    row.released = row.by_status.count("released") ? row.by_status["released"]
                                                   : 0;
    row.whereabouts_unknown = row.by_status.count("whereabouts_unknown")
                                  ? row.by_status["whereabouts_unknown"]
                                  : 0;
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
                                           const ReportOptions& options) {
  FV_ASSIGN_OR_RETURN(auto incidents, LoadIncidents(db, options));
  std::map<GroupKey, ReportRow> groups;
  for (const auto& [id, incident] : incidents) {
    ReportRow identity = GroupOf(id, incident, options.grouping);
    ReportRow& row = groups[KeyOf(identity)];
    if (row.incidents == 0) row = identity;
    ++row.incidents;
  }
  FV_RETURN_IF_ERROR(CountDetained(db, options.grouping, incidents, &groups));
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
