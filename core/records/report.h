// Figures for reports: per incident, or grouped by place and/or date, how
// many people were detained, their current legal statuses, how many were
// released or are missing, and how many witness accounts and attachments
// back the figures.
//
// People are counted once per group however many detentions they have
// there (a second case, a second line of a list), and a person merged into
// another counts as that other (following chains: merged into a person
// who was merged in turn counts as the last). A person's status in a group is the current
// status (the last status_history entry) of their most recent detention
// there. Deleted records are left out.
#ifndef FIELDVAULT_CORE_RECORDS_REPORT_H_
#define FIELDVAULT_CORE_RECORDS_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

enum class ReportGrouping { kIncident, kPlace, kDate, kPlaceAndDate };

struct ReportOptions {
  ReportGrouping grouping = ReportGrouping::kIncident;
  std::string incident_id;  // only this incident, when set
};

struct ReportRow {
  // kIncident: the incident's id and title. Otherwise empty.
  std::string incident_id;
  std::string title;
  // The incident's admin area (or its place when it has none), and the
  // calendar part of its start date; each empty when not grouped by it.
  std::string place;
  std::string date;
  int64_t incidents = 0;
  int64_t detained = 0;  // distinct people
  // Current legal status -> people; "" for no status recorded yet.
  std::map<std::string, int64_t> by_status;
  int64_t released = 0;
  int64_t whereabouts_unknown = 0;
  int64_t witness_accounts = 0;
  // Attachments of the incidents and of their detentions and witness
  // accounts (0 when the vault has no attachments table).
  int64_t attachments = 0;
};

// The rows for `options`, in order of date, then place, then incident id.
// kIoError or kCorruption from the database.
Result<std::vector<ReportRow>> BuildReport(Database& db,
                                           const ReportOptions& options);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_REPORT_H_
