// Resolving an import conflict: a record received with edits this vault's
// copy lacks while lacking some of its edits, because both sides changed it
// (record_exchange.h keeps it in `record_conflicts`, never applies it). A
// person looks at both and chooses which one wins.
//
// The winner's content becomes the current record as a new version that
// holds the edits of both copies and one more (edit_counts.h), so that the
// choice travels back to the sender with the next bundle (its copy is
// then older and is replaced) instead of raising the conflict again. The
// loser is kept in `record_history` under its own version number, and so
// is the stored version when it wins (its content lives on in the new
// version), so nothing is lost and `show --history` shows every version
// with how it came here. The conflict is marked
// resolved (it keeps its provenance). Run inside the caller's transaction
// (a VaultWrite), which appends the custody event.
#ifndef FIELDVAULT_CORE_RECORDS_CONFLICT_RESOLUTION_H_
#define FIELDVAULT_CORE_RECORDS_CONFLICT_RESOLUTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/db/database.h"
#include "core/search/search_index.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Which of the two conflicting versions wins.
enum class ConflictChoice {
  kStored,    // the version this vault held
  kReceived,  // the version the bundle brought
};

struct ConflictResolution {
  std::string record_type;
  std::string record_id;
  int64_t conflict_version = 0;  // the received copy's version
  int64_t new_version = 0;       // the winner's version now
  // Where the received copy came from (record_exchange.h's Provenance).
  std::string signer;     // the sender's signing key id
  std::string bundle_id;  // the UUID of the bundle that brought it
  int64_t loser_version = 0;  // the loser's version, kept in the history
};

// Resolves unresolved conflict `conflict_id` by `keep`, as described above,
// at time `now_micros` by `actor` (recorded as who replaced the loser).
// `search` (may be null) is kept in step.
//
// When the stored record has changed since the conflict arose, kStored
// keeps it as it is now (with the received edits counted as seen), and
// kReceived is kFailedPrecondition, since it would silently undo the later
// change.
// kNotFound for no such unresolved conflict or a missing stored record;
// kCorruption for a damaged stored body; kIoError. On error nothing was
// written.
Result<ConflictResolution> ResolveConflict(Database& db, SearchIndex* search,
                                           int64_t conflict_id,
                                           ConflictChoice keep,
                                           int64_t now_micros,
                                           std::string_view actor);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_CONFLICT_RESOLUTION_H_
