// Which edits a record's version contains: for each vault that changed the
// record, how many times it did (a version vector, serialized as the
// record's "edits" object, e.g. {"<field vault id>": 3, "<HQ vault id>": 1}).
//
// A plain version number cannot tell "newer" from "edited elsewhere at the
// same time": when HQ edits version 3 while the monitor edits it twice,
// the monitor's version 5 would silently replace HQ's edit. Comparing
// the edit counts of two versions tells whether one contains every edit of
// the other (then it may replace it) or whether each has edits the other
// lacks (a conflict, kept for a person to decide). A record's version
// number is the sum of its edit counts, so it still grows by one with
// every edit and orders the versions a vault has seen of it.
#ifndef FIELDVAULT_CORE_RECORDS_EDIT_COUNTS_H_
#define FIELDVAULT_CORE_RECORDS_EDIT_COUNTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crypto/status.h"

namespace fieldvault::core {

// Vault id -> number of edits (1 or more) that vault made to the record.
using EditCounts = std::map<std::string, int64_t, std::less<>>;

// At most this many vaults per record: more is a damaged or hostile record.
inline constexpr size_t kMaxEditingVaults = 64;

// How a received version relates to the stored one.
enum class EditRelation {
  kSame,      // the same edits
  kNewer,     // every stored edit and more
  kOlder,     // a subset of the stored edits
  kDiverged,  // each has edits the other lacks: a conflict
};

// How `received` relates to `stored`.
EditRelation CompareEdits(const EditCounts& received, const EditCounts& stored);

// Every edit of `a` and of `b` (the larger count per vault).
EditCounts MergeEdits(const EditCounts& a, const EditCounts& b);

// The sum of the counts: the version number of a record with these edits.
int64_t VersionOf(const EditCounts& edits);

// Adds one edit by `vault_id`.
void CountEdit(EditCounts& edits, std::string_view vault_id);

// The "edits" object of a record's JSON.
nlohmann::json EditsToJson(const EditCounts& edits);

// Reads an "edits" object. kInvalidArgument (naming `what`) unless it is an
// object of 1 to kMaxEditingVaults non-empty vault ids (at most 64 bytes)
// each mapped to an integer of at least 1.
Result<EditCounts> EditsFromJson(const nlohmann::json& object, std::string_view what);

// The edits of a record from before edit counts existed (schema 8 and
// bundles written by it): all `version` edits credited to its creator.
EditCounts LegacyEdits(std::string_view created_by, int64_t version);

// The edits of the record JSON `body`: its "edits", or LegacyEdits for a
// body written before they existed (kept in a history or a conflict).
// kCorruption naming the record when they are malformed or, in a legacy
// body, the version or creator is missing.
Result<EditCounts> EditsOfRecord(const nlohmann::json& body);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_EDIT_COUNTS_H_
