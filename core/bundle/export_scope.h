// The records an `export --incident` bundle carries: the named incidents
// and what is linked to them, each record still passed through the export
// profile.
//
// From each named incident: its detentions and its witness accounts; from
// every detention the profile lets out, its person and the sources its
// status history cites; from every witness account the profile lets out
// (as it leaves: an anonymised account names no person), the witness's
// person; from every person let out, the person it was merged into. A
// record reached only through a record the profile withholds is not
// carried, so withholding an account also keeps its witness at home.
// Related incidents are not followed: they are named, not exported.
// Attachments follow their owner records (export_payload.h).
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORT_SCOPE_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORT_SCOPE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/bundle/export_profile.h"
#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// The records in scope, by record type ("incident", "detention", ...):
// every linked record before the profile (so that what it withholds is
// counted when the bundle is written), each type's ids sorted.
using ScopedRecords = std::map<std::string, std::vector<std::string>, std::less<>>;

struct IncidentScope {
  ScopedRecords records;
  std::set<std::string> kept_ids;  // those the profile lets out
};

// Selects the records linked to `incident_ids` (full UUIDs) under
// `profile`, whose left-out counts it raises (reset them before the
// bundle is written). kInvalidArgument for an empty list; kNotFound naming
// the first id that is not an incident of this vault; kCorruption,
// kIoError from the store. Run inside the export's transaction.
Result<IncidentScope> SelectIncidentScope(
    Database& db, ExportProfile& profile,
    const std::vector<std::string>& incident_ids);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORT_SCOPE_H_
