// When a record last changed in this vault: what `export --since-last`
// selects by.
//
// Every record row holds `changed_at`, the vault's clock (Vault::clock(),
// which never goes back) at the write that last changed the stored record
// here: a local create, edit, delete or conflict resolution (then equal to
// the record's updated_at), or an import that inserted or replaced it (the
// time it was received). A received record keeps its sender's updated_at,
// which tells when the sender changed it, not when this vault got it: HQ
// relaying to a monitor what another monitor sent must select by
// `changed_at`, or a record received after HQ's previous export but
// changed earlier at its sender would never leave. An import that changes
// nothing (unchanged, older, a conflict kept aside) leaves `changed_at` as
// it was. The column is never part of the record's JSON.
//
// A person also counts as changed when a detention or a witness account
// that names them changed, and when a witness account that named them was
// replaced (RecordRows::KeepHistory sets the person's changed_at): a
// profile may withhold a person because of those records (a witness
// without consent) and let them out once one of them changes (a detention
// names them, the consent is granted, the account is corrected to name
// someone else), while the person's own record did not change
// (export_profile.h).
#ifndef FIELDVAULT_CORE_RECORDS_LOCAL_CHANGES_H_
#define FIELDVAULT_CORE_RECORDS_LOCAL_CHANGES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Adds `changed_at` (0 until backfilled) to every record table that lacks
// it and an index of witness accounts by witness person, for a vault from
// before migration 10 (CreateRecordsSchema makes both since). kIoError.
Status AddChangedAtColumns(Database& db);

// Sets `changed_at` of the rows already stored (migration 10), to the
// latest of: the record's updated_at; the last time one of its versions
// was replaced here (record_history), which is when an import or a local
// write put the current version in; and, for a record received from
// another vault and never replaced since (created by another vault, no
// history), the time of the vault's latest imported bundle, since when it
// arrived is not known. So nothing changed here after an export is
// skipped by the next --since-last; at worst records received before it
// go once more (the receiver finds them unchanged). Needs the vault's
// `meta` and `received_bundles` tables. kIoError.
Status BackfillChangedAt(Database& db);

// An SQL condition on a row of the table of record type `type` (named by
// its table name, e.g. `persons.id`), true when the record changed in this
// vault after the time bound to parameter ?1 (microseconds), as described
// above. "" for an unknown type.
std::string ChangedAfterCondition(std::string_view type);

// Whether the record of `type` with `id` changed in this vault after
// `since_micros` (ChangedAfterCondition); false when it is not stored.
// kInvalidArgument for an unknown type; kIoError.
Result<bool> ChangedAfter(Database& db, std::string_view type,
                          std::string_view id, int64_t since_micros);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_LOCAL_CHANGES_H_
