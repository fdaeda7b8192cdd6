// Who the report (report.h) counts, and as how many people, and which of a
// person's detentions gives their current status. Internal to report.cc;
// declared here so that the rules can be tested on their own.
//
// A person merged into another counts as that other, following chains to
// the last. A group counts as its recorded size; a group whose size is not
// recorded counts as one person, which makes every figure it is in a lower
// bound. A person's current status is that of their most recent status
// change, over all of their detentions in a row of the report: the dates
// are compared as dates (CompareDates in partial_date.h), not as texts.
#ifndef FIELDVAULT_CORE_RECORDS_REPORT_PEOPLE_H_
#define FIELDVAULT_CORE_RECORDS_REPORT_PEOPLE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "core/records/partial_date.h"
#include "crypto/status.h"

namespace fieldvault::core {

// A person as the report counts them.
struct CountedPerson {
  std::string id;      // after following merges
  int64_t people = 1;  // the group's size, or 1
  bool group = false;
  bool size_unknown = false;  // a group without a recorded size
};

class ReportPeople {
 public:
  // Reads the merges and the groups of the vault's persons (deleted ones
  // too: a detention of a deleted person is still a detention). kCorruption
  // when a stored group is not JSON; kIoError from the database.
  static Result<ReportPeople> Load(Database& db);

  // Who `person_id` counts as. Every member of a chain of merges that
  // loops counts as the loop's smallest id, so that they count once.
  CountedPerson CountedAs(std::string person_id) const;

 private:
  std::map<std::string, std::string> merges_;  // merged id -> into
  // Group id -> its size, nullopt when not recorded.
  std::map<std::string, std::optional<int64_t>> group_sizes_;
};

// A detention's current status and the date it holds since.
struct StatusSince {
  std::string detention_id;
  std::string status;  // "" when no status is recorded
  // The last status entry's date; when unknown, the latest date known
  // before it in the history (entries are in order), or the detention's
  // date: the status holds at least since then.
  PartialDate since;
  PartialDate detained_at;
  int64_t created_at = 0;
};

// Every legal status in a stored detention body's history, once each.
// kCorruption when `body` is not a JSON object; entries without a status
// are skipped.
Result<std::set<std::string>> StatusesEverOf(std::string_view detention_id,
                                             std::string_view body);

// Reads a stored detention body (its JSON, as records_schema.cc stores
// it). kCorruption when it is not a JSON object; dates that do not parse
// are taken as unknown.
Result<StatusSince> StatusSinceOf(std::string_view detention_id,
                                  std::string_view body);

// The index in `candidates` (not empty) of the most recent status: the
// latest `since`; when the dates cannot tell (equal as far as both are
// known), the later detention (detained_at as a date, then created_at),
// then the larger id. Dates of different precision do not order totally,
// so callers pass candidates in a fixed order (report.cc: by detention id)
// for an answer that does not vary between runs.
size_t MostRecentStatus(const std::vector<StatusSince>& candidates);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_REPORT_PEOPLE_H_
