// RecordStore: creating, reading, editing and deleting records in vault.db.
//
// Every write validates the record (validation.h), checks that the records
// it refers to exist, keeps the replaced version in `record_history`,
// updates the search index when one is given, and reports the change to an
// observer inside the same transaction, so that the caller can append the
// custody event (VaultWrite::AppendCustodyEvent) and commit both at once.
// A delete is a tombstone: the record keeps its id, gets a new version
// marked deleted, and disappears from lists; nothing is lost. Person names
// get their match key (core/names/match_key.h) and, when not given, their
// script computed on every write. The store does not open or commit
// transactions: run writes inside the caller's (a VaultWrite's).
//
// Record types: Incident, Person, Detention, WitnessAccount, Source. The
// templates below are instantiated for exactly these five.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_STORE_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/db/database.h"
#include "core/names/match_key.h"
#include "core/uuid.h"
#include "core/records/model.h"
#include "core/records/record_rows.h"
#include "core/search/search_index.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core {

// One change, for the custody log. `detail` never holds record content.
struct RecordChange {
  std::string action;  // "created", "edited" or "deleted"
  std::string record_type;
  std::string record_id;
  std::string detail;  // e.g. "version 2"
};
using ChangeObserver = std::function<Status(const RecordChange&)>;

struct ListFilter {
  std::string incident_id;  // detentions and witness accounts of one incident
  std::string person_id;    // detentions of one person
  bool include_deleted = false;
};

// One version of a record, as kept in the history or current.
struct RecordVersion {
  int64_t version = 0;
  int64_t replaced_at = 0;  // 0 for the current version
  std::string replaced_by;
  nlohmann::json body;
  // How this vault got the version (how and bundle; version_source.h).
  VersionSource source;
};

class RecordStore {
 public:
  // Everything passed in must outlive the store. `actor` becomes
  // created_by (the vault id until identities exist). `search` may be
  // null. `on_change` may be empty.
  RecordStore(Database& db, Clock& clock, crypto::RandomSource& random,
              std::string actor, const NameNormalizer& normalizer,
              SearchIndex* search, ChangeObserver on_change);

  // Stores a new record and returns it with its meta filled in (a new id
  // unless one is given, version 1). kInvalidArgument (validation, a
  // name without letters), kNotFound (a referenced record is missing),
  // kAlreadyExists (the given id is taken), kIoError.
  template <typename T>
  Result<T> Create(T record);

  // Replaces the stored record with `record`, whose meta.version must be
  // the stored version (kFailedPrecondition "changed since it was read"
  // otherwise, or when it is deleted). Of the meta, only confidentiality
  // is taken from `record`. Returns the stored result: the
  // same version when nothing changed, else version + 1. Errors as Create,
  // plus kNotFound for an unknown id.
  template <typename T>
  Result<T> Update(T record);

  // The record with `id`, tombstones included (meta.deleted). kNotFound.
  template <typename T>
  Result<T> Get(std::string_view id);

  // Records of type T in display order (incidents by start date, persons
  // by name, detentions by detention date, the others by creation).
  template <typename T>
  Result<std::vector<T>> List(const ListFilter& filter = {});

  // Tombstones record (type, id); returns its new version. kNotFound;
  // kFailedPrecondition when it is already deleted.
  Result<int64_t> Delete(std::string_view type, std::string_view id);

  // Every version of (type, id), oldest first, the current one last, each
  // with how this vault got it (the current one's origin set too).
  Result<std::vector<RecordVersion>> History(std::string_view type,
                                             std::string_view id);

  // The full id of the record of `type` whose id starts with `prefix` (at
  // least 4 characters), so monitors can type "2f1c8a4e". kNotFound, or
  // kInvalidArgument when the prefix is too short, malformed or ambiguous.
  Result<std::string> ResolveId(std::string_view type,
                                std::string_view prefix);

  RecordRows& rows() { return rows_; }

  // When on, new records get sequential (version 8) ids rather than
  // random ones (core/uuid.h), so that a bulk import appends to the id
  // indexes instead of touching a random page of each per row. Off by
  // default; returns the previous setting.
  bool SetSequentialIds(bool on) {
    const bool was_on = sequential_ids_.has_value();
    if (on && !was_on) sequential_ids_.emplace(*random_);
    if (!on) sequential_ids_.reset();
    return was_on;
  }

 private:
  template <typename T>
  Status Prepare(T& record);
  template <typename T>
  Status CheckReferences(const T& record);
  Status Require(std::string_view type, std::string_view id,
                 std::string_view field);
  Status Index(const nlohmann::json& body, bool is_new);
  Status Notify(std::string_view action, std::string_view type,
                std::string_view id, int64_t version);

  RecordRows rows_;
  Clock* clock_;
  crypto::RandomSource* random_;
  std::string actor_;
  const NameNormalizer* normalizer_;
  SearchIndex* search_;
  ChangeObserver on_change_;
  std::optional<SequentialUuids> sequential_ids_;  // set while on
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_STORE_H_
