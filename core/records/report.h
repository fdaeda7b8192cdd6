// Figures for reports: per incident, or grouped by place and/or date, how
// many people were detained, their current legal statuses, how many were
// released or are missing, and how many witness accounts and attachments
// back the figures.
//
// People are counted once per row however many detentions they have there
// (a second case, a second line of a list), and a person merged into
// another counts as that other (following chains: merged into a person
// who was merged in turn counts as the last). A group counts as its
// recorded size; a group of unknown size as one person, and the row then
// says its figures are lower bounds. A person's status in a row is that
// of their most recent status change there, over all of their detentions
// (dates compared as dates, report_people.h); with `ever`, the report
// also counts, per status, the people who had it at any time (a person
// released after administrative detention was still "placed in"
// administrative detention). Grouped by place, spellings
// of one place in other scripts or transliterations are one row
// (report_places.h). Deleted records are left out.
#ifndef FIELDVAULT_CORE_RECORDS_REPORT_H_
#define FIELDVAULT_CORE_RECORDS_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/db/database.h"
#include "core/names/match_key.h"
#include "crypto/status.h"

namespace fieldvault::core {

enum class ReportGrouping { kIncident, kPlace, kDate, kPlaceAndDate };

struct ReportOptions {
  ReportGrouping grouping = ReportGrouping::kIncident;
  std::string incident_id;  // only this incident, when set
  // Also fill ReportRow::ever_by_status. Reads every detention's status
  // history (the current statuses come from an indexed column), so only
  // when asked.
  bool ever = false;
};

struct ReportRow {
  // kIncident: the incident's id and title. Otherwise empty.
  std::string incident_id;
  std::string title;
  // The incident's admin area (or its place when it has none), and the
  // calendar part of its start date; each empty when not grouped by it.
  // Grouped by place: the spelling used by most of the row's place's
  // incidents (on a tie, the first recorded).
  std::string place;
  std::string date;
  int64_t incidents = 0;
  // Distinct people: individuals, plus each group's size (1 for a group
  // of unknown size). by_status adds up to it.
  int64_t detained = 0;
  // Of `detained`, the people counted from group records, and how many
  // groups they are; of those, groups whose size is not recorded.
  int64_t from_groups = 0;
  int64_t groups = 0;
  int64_t groups_of_unknown_size = 0;
  // True when a group of unknown size is counted (as one person): every
  // people figure of the row is then "at least".
  bool lower_bound = false;
  // Current legal status -> people; "" for no status recorded yet.
  std::map<std::string, int64_t> by_status;
  // With ReportOptions::ever: legal status -> people who had it at any
  // time, in any of their detentions in the row (each status of a
  // person's history counts them once; the figures do not add up to
  // `detained`). Empty otherwise.
  std::map<std::string, int64_t> ever_by_status;
  int64_t released = 0;
  int64_t whereabouts_unknown = 0;
  int64_t witness_accounts = 0;
  // Attachments of the incidents and of their detentions and witness
  // accounts (0 when the vault has no attachments table).
  int64_t attachments = 0;
};

// The rows for `options`, in order of date, then place, then incident id.
// `normalizer` folds place names. kIoError or kCorruption from the
// database.
Result<std::vector<ReportRow>> BuildReport(Database& db,
                                           const NameNormalizer& normalizer,
                                           const ReportOptions& options);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_REPORT_H_
