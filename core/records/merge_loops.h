// Person-merge loops: A merged into B while B is merged into A (or a longer
// ring). `person merge` refuses to close one (person_merge.h), but two
// vaults may each merge the same pair the other way round, and a bundle
// would then bring the loop in: neither person is the one the others count
// as, and reports would count them by chance. The importer refuses a
// person that would close a loop; `check` finds loops already stored.
#ifndef FIELDVAULT_CORE_RECORDS_MERGE_LOOPS_H_
#define FIELDVAULT_CORE_RECORDS_MERGE_LOOPS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// The persons, in merge order from `into`, through which person
// `person_id` would be merged into itself if it were stored as merged into
// `into`: following the stored merged_into links (deleted persons too)
// from `into` reaches `person_id`. Empty when no loop would close (or
// `into` is empty). kIoError from the database.
Result<std::vector<std::string>> MergeLoopThrough(Database& db,
                                                  std::string_view person_id,
                                                  std::string_view into);

// Every merge loop stored in `db`, each as its persons' ids in merge order
// starting from the smallest id; loops in order of that id. kIoError.
Result<std::vector<std::vector<std::string>>> FindMergeLoops(Database& db);

// kFailedPrecondition naming the loop that merging `person_id` into the
// first of `loop` (as MergeLoopThrough returned it) would close, with a
// hint on undoing one of its merges.
Status MergeLoopError(std::string_view person_id,
                      const std::vector<std::string>& loop);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_MERGE_LOOPS_H_
