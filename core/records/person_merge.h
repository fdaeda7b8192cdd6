// Merging duplicate persons: a merge only sets the duplicate's merged_into
// to the person it is a duplicate of. Nothing else changes and nothing is
// deleted, so `person edit ID --unmerge` undoes it; the store keeps the
// previous version and the caller's observer logs the edit. Reports count
// a merged person as its target (report.h). One check serves `person edit
// --merged-into`, `person merge` and `person duplicates --merge-certain`.
#ifndef FIELDVAULT_CORE_RECORDS_PERSON_MERGE_H_
#define FIELDVAULT_CORE_RECORDS_PERSON_MERGE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/records/model.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Checks that `person` may be merged into the person with full id `into`,
// then sets person.merged_into (the caller stores it with Update).
// Errors: kInvalidArgument when `into` is the person itself; kNotFound
// when there is no such person; kFailedPrecondition when `into` is
// deleted, or is itself merged into another person (the hint names that
// one), or was merged into `person` (a loop), and when `person` is merged
// already (into `into` or elsewhere: moving it needs an unmerge first).
Status MarkMerged(RecordStore& store, Person& person, std::string_view into);

// One merge done.
struct PersonMerge {
  std::string from;  // the duplicate, now merged
  std::string into;  // the person it counts as
  std::string from_name, into_name;  // their first spellings
};

// Finds the "certain" groups (duplicate_persons.h) and merges every other
// member of each into its first: the oldest record, then the one with more
// detentions, then with more spellings. Runs inside the caller's
// transaction through `store` (a writer): on any error nothing must be
// kept, so the caller rolls back. Returns the merges in group order.
Result<std::vector<PersonMerge>> MergeCertainDuplicates(RecordStore& store);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_PERSON_MERGE_H_
