// Purging a witness account whose witness refused or withdrew consent to
// storage: what they said, and who they are, leave this vault for good.
//
// A delete keeps a tombstone and every earlier version; a purge keeps only
// a notice that the account existed and was purged at the witness's
// request: a tombstone with the account's id, incident, relation and the
// consent decisions as recorded (with the date of the refusal or
// withdrawal), its statement and pseudonym reading "purged", and nothing
// else. Every earlier version (record_history), every copy set aside as a
// conflict, the account's attachments and its search document are
// removed. Its witness person is purged the same way (a tombstone whose
// only name is "purged", without notes, sex, birth date, affiliations,
// earlier versions or attachments) unless something else needs them: a
// detention names them, another account names them, or a merge links
// them to another person; the report then says why they were kept.
//
// The notice is a new version like any edit, so the next bundle carries
// it (as a withdrawal notice, export_profile.h), and a receiving vault
// that holds the account purges its own copy the same way when it imports
// it (PurgeReceivedWitnessAccount). Deleted rows are overwritten in the
// file (the vault runs with secure_delete) and the search index is merged
// so that the account's words leave it too. Works inside the caller's
// transaction, which also appends the custody event (never the content).
#ifndef FIELDVAULT_CORE_RECORDS_WITNESS_PURGE_H_
#define FIELDVAULT_CORE_RECORDS_WITNESS_PURGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/db/database.h"
#include "core/records/model.h"
#include "core/search/search_index.h"
#include "crypto/status.h"

namespace fieldvault::core {

// What the statement and pseudonym of a purged account, and the one name
// of a purged person, read.
inline constexpr std::string_view kPurged = "purged";

// What a purge removed. Counts only; never content.
struct PurgeReport {
  std::string account_id;
  int64_t version = 0;            // the notice's version (0: nothing purged)
  int64_t versions_removed = 0;   // earlier versions, of account and person
  int64_t attachments_removed = 0;
  int64_t conflicts_removed = 0;  // received copies set aside
  std::string person_id;          // the witness person, if the account named one
  bool person_purged = false;
  std::string person_kept_because;  // when not purged: why, e.g. "a detention names them"
};

// True when the witness refused storage, or withdrew it.
bool StorageRefusedOrWithdrawn(const WitnessAccount& account);

// Purges witness account `account_id` of this vault as said above, as an
// edit by `actor` at `now_micros`. `search` may be null. kNotFound for an
// unknown account; kFailedPrecondition (with a hint) while the witness's
// storage consent still holds or was never recorded, or when the account
// is already purged; kCorruption, kIoError.
Result<PurgeReport> PurgeWitnessAccount(Database& db, SearchIndex* search,
                                        std::string_view actor,
                                        int64_t now_micros,
                                        std::string_view account_id);

// Whether `body`, a received witness account in canonical JSON, asks the
// receiver to purge its copy: a tombstone whose witness refused or
// withdrew storage.
bool IsPurgeNotice(const nlohmann::json& body);

// At a receiver that has just stored the purge notice `body`: removes the
// account's earlier versions, conflicts and attachments, and purges the
// witness person `previous_person_id` named by the copy it replaced (""
// when none) if that person is a tombstone here (the sender purged or
// deleted them) and nothing else here needs them. Errors as above.
Result<PurgeReport> PurgeReceivedWitnessAccount(
    Database& db, SearchIndex* search, const nlohmann::json& body,
    std::string_view previous_person_id);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_WITNESS_PURGE_H_
