// How each version of a record came to be in this vault, and who first
// recorded the record here: what `show --history` says of every version,
// and what an import needs to tell a sender changing its own records from
// one changing records another vault recorded.
//
// Every record row and every `record_history` row holds (RecordRows, in
// VersionSource):
//   written_how     how this vault got that version: "created", "edited",
//                   "deleted", "merged" / "unmerged" (a person's
//                   merged_into set or cleared), "resolved" (a conflict
//                   decided here: the winner as a new version), "received"
//                   (an import, or the received copy of a conflict that
//                   lost); "" for a version written before schema 13
//   written_bundle  the bundle a "received" version came in, or the
//                   bundle of the conflict a "resolved" one decided; the
//                   register of received bundles (bundle_registry.h) names
//                   its signer and sequence
// and every record row its `origin`: "" when the record was created in this
// vault, else the signing key (minisign base64) of the bundle that first
// brought it; NULL when not known (a record stored before schema 13 that
// migration 13 could not place). The origin is this vault's own
// observation, never taken from a record's JSON (whose created_by a
// sender writes), so a sender cannot pass another vault's record off as
// its own.
#ifndef FIELDVAULT_CORE_RECORDS_VERSION_SOURCE_H_
#define FIELDVAULT_CORE_RECORDS_VERSION_SOURCE_H_

#include <string_view>

#include "core/db/database.h"
#include "core/records/record_rows.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr std::string_view kWrittenCreated = "created";
inline constexpr std::string_view kWrittenEdited = "edited";
inline constexpr std::string_view kWrittenDeleted = "deleted";
inline constexpr std::string_view kWrittenMerged = "merged";
inline constexpr std::string_view kWrittenUnmerged = "unmerged";
inline constexpr std::string_view kWrittenResolved = "resolved";
inline constexpr std::string_view kWrittenReceived = "received";

// record_conflicts.reason of a received deletion held for review because
// the record was first recorded by another vault than its signer's
// (record_exchange.h); "" for a conflict of edits made on both sides.
inline constexpr std::string_view kHeldDeletionReason =
    "deletes a record its sender did not first record";

// Whether the stored record was first recorded in this vault by anyone
// other than the signer whose minisign key (base64) is `signer_key`: in
// this vault itself, or from another signer's bundle. A record of unknown
// origin counts as another's: a change to it is reported, and a deletion
// of it held, rather than applied unseen.
bool FirstRecordedByOther(const VersionSource& stored,
                          std::string_view signer_key);

// Adds written_how, written_bundle and origin to the record tables,
// written_how and written_bundle to record_history and reason to
// record_conflicts, where missing (migration 13; CreateRecordsSchema makes
// them since). kIoError.
Status AddVersionSourceColumns(Database& db);

// Sets the origin of the records stored before schema 13 where the vault
// can tell it (migration 13): "" for a record created by this vault (its
// created_by is the vault id in `meta`); the signing key of the earliest
// imported bundle whose custody events (received_custody_events) name the
// record's creator as their actor, for one another vault created. Others
// stay NULL (unknown). Needs `meta`, `received_bundles` and
// `received_custody_events`. kIoError.
Status BackfillOrigins(Database& db);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_VERSION_SOURCE_H_
