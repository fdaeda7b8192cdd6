// Which persons this vault last sent under the hq profile as a notice
// (their witness's consent no longer holds: export_profile.h) rather than
// whole, and how many times what it sends of them switched between the two.
//
// A notice replaces the receiver's copy of the person, so it must count as
// a newer version there; and when the witness consents again, the whole
// person must count as newer than the notice. The person's own edits
// cannot say both: the record has not changed in this vault between the
// two. So each switch counts one edit under a key of its own,
// ConsentEditsKey(vault id), in the "edits" of the copy that leaves (never
// in the stored record): a notice holds one more such edit than the whole
// copy the receiver had, the whole copy after a new consent one more than
// the notice, and a local edit of the person carries the last count again.
// A receiver's import then replaces its copy each time without a conflict,
// and a copy that lacks an edit made elsewhere (the receiver's own edit of
// the notice) still conflicts (record_exchange.h).
//
// The register is written in the export's transaction, with the sent
// bundle's row; a failed export leaves it as it was.
#ifndef FIELDVAULT_CORE_BUNDLE_WITHHELD_PERSONS_H_
#define FIELDVAULT_CORE_BUNDLE_WITHHELD_PERSONS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// What this vault last sent of one person.
struct SharedPersonState {
  int64_t switches = 0;   // notice <-> whole switches sent so far
  bool withheld = false;  // true: the last copy sent was a notice
  bool operator==(const SharedPersonState&) const = default;
};

// Person id -> state; persons never sent as a notice have no entry.
using WithheldPersons = std::map<std::string, SharedPersonState, std::less<>>;

// The key under which a copy sent by vault `vault_id` counts its switches
// ("<vault id>/consent").
std::string ConsentEditsKey(std::string_view vault_id);

// Creates `withheld_persons` (migration 15). Notices sent before have no
// row: the first change of such a person after a new consent still
// conflicts at the receiver (resolve it with --keep received). kIoError.
Status CreateWithheldPersonsSchema(Database& db);

// Every row. kIoError.
Result<WithheldPersons> LoadWithheldPersons(Database& db);

// Writes `changed` over the rows of its persons. kIoError.
Status RecordWithheldPersons(Database& db, const WithheldPersons& changed);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_WITHHELD_PERSONS_H_
