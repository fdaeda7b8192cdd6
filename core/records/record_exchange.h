// Moving records between vaults: what a bundle carries out, and how a
// received record is merged in.
//
// Export emits each record's canonical JSON (record_json.h), tombstones
// included, so that deletions travel too. Import follows the edit counts
// every record carries (edit_counts.h): a version holding every stored
// edit and more replaces the stored one (which goes to `record_history`),
// one whose edits the stored version already holds is ignored, the same
// edits with the same content change nothing, and a version with edits
// the stored one lacks while lacking some of its edits (both sides
// edited) is kept in `record_conflicts` with its provenance and flagged,
// never applied. A version that deletes a record first recorded in this
// vault by another than its signer (version_source.h: created here, or
// first received from another signer) is held the same way for a person
// to review, even when it holds every stored edit: a monitor's key can
// then delete only what that monitor sent. Every received version that
// changes (or would change) such a record is noted as a ForeignChange, so
// that the import report names them. The version written and the
// replaced one note how this vault got them (VersionSource).
// A witness account that arrives deleted with its witness's storage
// consent refused or withdrawn is a purge notice: the copy here is purged
// as the sender purged its own (witness_purge.h). Received records keep
// their sender's meta (id, version,
// created_by, times); their row notes when they changed here
// (local_changes.h). Person match keys are recomputed here, never taken
// from the sender. References to other records are not checked on import:
// a bundle may leave out what consent does not allow.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_EXCHANGE_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_EXCHANGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/db/database.h"
#include "core/names/match_key.h"
#include "core/records/record_rows.h"
#include "core/search/search_index.h"
#include "crypto/status.h"

namespace fieldvault::core {

// The record types in the order an importer should apply them (records
// referred to first): source, incident, person, detention, witness_account.
const std::vector<std::string_view>& ExchangeOrder();

// Calls `emit` with the JSON of every record of `type` that changed in
// this vault after `since_micros` (0: all; local_changes.h: for a received
// record, when it was received, not its sender's updated_at; a person also
// when a detention or account naming them changed), tombstones included,
// in storage order (rowid: roughly the order of the last writes), so that
// no sort holds the records in memory.
// Stops at and returns the first error of `emit`. kInvalidArgument for an
// unknown type; kCorruption for a damaged stored record; kIoError.
Status ExportRecords(Database& db, std::string_view type,
                     int64_t since_micros,
                     const std::function<Status(const nlohmann::json&)>& emit);

// As ExportRecords, but gives each record's id and stored JSON text
// instead of parsed JSON, for callers that pass records on unchanged:
// stored bodies are the canonical JSON text ExportRecords' JSON dumps to
// (record_rows.h), so the text is byte for byte what parse + dump would
// give, at a fraction of the cost. With TextCheck::kWellFormed each body is
// still checked to be well-formed JSON (kCorruption naming the type
// otherwise); kAlreadyChecked skips that, for a caller that has checked
// these same bytes before (a second pass whose hash it compares with the
// first). Both views are valid only during the call.
enum class TextCheck { kWellFormed, kAlreadyChecked };
Status ExportRecordTexts(
    Database& db, std::string_view type, int64_t since_micros, TextCheck check,
    const std::function<Status(std::string_view id, std::string_view body)>&
        emit);

// Whether a record of `type` with `id` is stored, tombstones included (as
// the Export functions see them). kInvalidArgument for an unknown type;
// kIoError.
Result<bool> HasRecord(Database& db, std::string_view type, std::string_view id);

// Whether a detention (tombstones included) names person `person_id`.
// kIoError.
Result<bool> IsDetainee(Database& db, std::string_view person_id);

// Whether the record of `type` with `id` is stored as a tombstone (deleted);
// false when it is live or not stored. Errors as HasRecord.
Result<bool> IsTombstone(Database& db, std::string_view type, std::string_view id);

// Calls `emit` with the JSON of the record of `type` for each of `ids`, in
// that order, tombstones included; an id with no record is skipped. Errors
// as ExportRecords.
Status ExportRecordsWithIds(
    Database& db, std::string_view type, const std::vector<std::string>& ids,
    const std::function<Status(const nlohmann::json&)>& emit);

// Calls `emit` with the JSON of every record of `type` (detention or
// witness_account) that belongs to `incident_id`, by id, tombstones
// included. kInvalidArgument for another type; errors as ExportRecords.
Status ExportRecordsOfIncident(
    Database& db, std::string_view type, std::string_view incident_id,
    const std::function<Status(const nlohmann::json&)>& emit);

// Where a received record came from.
struct Provenance {
  std::string signer;     // the sender's signing key id (or vault id)
  std::string bundle_id;  // the bundle's UUID
  int64_t received_at = 0;  // microseconds since the epoch
  // The sender's minisign public key (base64): who the records' origin
  // is compared with. "" when not known: records it inserts have an
  // unknown origin.
  std::string signer_key = {};
};

// kPurged: a witness account replaced by a purge notice, whose earlier
// versions, files and witness person were purged here too (witness_purge.h).
enum class ImportOutcome { kInserted, kUpdated, kIgnoredOlder, kUnchanged,
                           kConflict, kDeletionHeld, kPurged };

// "inserted", "updated", "ignored (older)", "unchanged", "conflict",
// "deletion held", "purged".
std::string_view ImportOutcomeName(ImportOutcome outcome);

// A received version that changes, or would change, a record first
// recorded in this vault by another than its signer (version_source.h).
struct ForeignChange {
  std::string record_type;
  std::string record_id;
  // Who first recorded it here: "" this vault, else a signer's minisign
  // key (base64); nullopt unknown.
  std::optional<std::string> origin;
  bool deletion = false;  // it deletes the record
  bool held = false;      // kept aside as a conflict, not applied
};

// What merging a received version over the stored record does, by the
// rules above.
struct MergeDecision {
  ImportOutcome outcome = ImportOutcome::kUpdated;  // never kInserted
  std::optional<ForeignChange> foreign;  // when it changes another's record
};

// Decides how `received` (canonical JSON of record `type`, from the signer
// whose minisign key is `signer_key`) merges over `stored`, writing
// nothing; verify uses it to say what an import would do. kCorruption for
// malformed edit counts.
Result<MergeDecision> DecideMerge(std::string_view type,
                                  const StoredRecord& stored,
                                  const nlohmann::json& received,
                                  std::string_view signer_key);

// What a failed Import leaves behind.
enum class ImportAtomicity {
  kEachRecord,  // nothing: each record is merged inside its own savepoint
  // possibly part of the record: the caller rolls back its whole
  // transaction on any error (a bundle import is all or nothing). Saves a
  // savepoint per record, which with SQLCipher costs an encrypted copy of
  // every page the record touches.
  kCallerRollsBack,
};

// A received record checked and put in canonical form by PrepareRecord,
// ready for RecordImporter::Apply.
struct PreparedRecord {
  std::string type;
  nlohmann::json body;  // canonical (CanonicalRecordJson)
};

// The half of an import that needs no database: checks that `record` is a
// valid record of `type` and returns its canonical form. Uses no shared
// state, so a caller may prepare the next records on another thread while
// one is merged. kInvalidArgument (naming the field) for JSON that is not
// a valid record of `type`.
Result<PreparedRecord> PrepareRecord(std::string_view type,
                                     const nlohmann::json& record);

class RecordImporter {
 public:
  // `normalizer` recomputes match keys; `search` (may be null) is kept in
  // step. All must outlive the importer. Run inside the caller's
  // transaction (a VaultWrite), which also logs the custody events.
  RecordImporter(Database& db, const NameNormalizer& normalizer,
                 SearchIndex* search,
                 ImportAtomicity atomicity = ImportAtomicity::kEachRecord);

  // Merges `record`, which must be a record of `type`, by the rules above.
  // kInvalidArgument (naming the field) for JSON that is not a valid
  // record of `type`; kIoError. On error nothing was written (kEachRecord)
  // or the caller must roll back (kCallerRollsBack).
  Result<ImportOutcome> Import(std::string_view type,
                               const nlohmann::json& record,
                               const Provenance& provenance);
  // The other half of Import: merges a record PrepareRecord returned (its
  // match keys recomputed here, in `prepared`, which the caller frees).
  // Errors and atomicity as Import.
  Result<ImportOutcome> Apply(PreparedRecord& prepared,
                              const Provenance& provenance);

  // The changes to records another than their signer first recorded here,
  // in the order merged (only those: a bundle of new records adds none).
  const std::vector<ForeignChange>& foreign_changes() const {
    return foreign_changes_;
  }

 private:
  Status KeepConflict(std::string_view type, const nlohmann::json& record,
                      int64_t version, int64_t stored_version,
                      const Provenance& provenance, std::string_view reason);

  RecordRows rows_;
  const NameNormalizer* normalizer_;
  SearchIndex* search_;
  ImportAtomicity atomicity_;
  std::vector<ForeignChange> foreign_changes_;
};

// A record kept because it conflicted with the stored version.
struct RecordConflict {
  int64_t conflict_id = 0;
  std::string record_type;
  std::string record_id;
  int64_t version = 0;         // the received version's
  int64_t stored_version = 0;  // the stored version's when it was received
  std::string signer;
  std::string bundle_id;
  int64_t received_at = 0;
  nlohmann::json body;
  // Why it was set aside: "" both sides changed the record, else
  // kHeldDeletionReason (version_source.h).
  std::string reason;
};

// The conflicts not yet resolved, oldest first. kIoError, kCorruption.
Result<std::vector<RecordConflict>> ListConflicts(Database& db);

// Unresolved conflict `conflict_id`. kNotFound (with a hint to list them)
// when there is no such conflict or it is resolved; kCorruption; kIoError.
Result<RecordConflict> GetOpenConflict(Database& db, int64_t conflict_id);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_EXCHANGE_H_
