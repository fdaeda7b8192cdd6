// Storage of records as rows (internal to core/records/): one row per
// record in its type's table, holding the record's canonical JSON in
// `body` plus the columns records_schema.cc extracts from it, the names of
// a person in `person_names`, and replaced versions in `record_history`.
//
// RecordRows works on JSON that has already been validated (record_json.h)
// and knows nothing of versions rules or custody: RecordStore and the
// exchange code decide what to write. Prepared statements are kept for the
// life of the object, so bulk imports pay for parsing SQL once.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_ROWS_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// How one version of a record came to be written in this vault
// (version_source.h says what each field holds). Never part of the
// record's JSON: another vault got the same version its own way.
struct VersionSource {
  std::string how;        // kWrittenCreated, ... ; "" unknown (before schema 13)
  std::string bundle_id;  // the bundle it came in, or the conflict's bundle
  // Who first recorded the record in this vault (the same for all its
  // versions): "" this vault, else the signing key (base64) of the bundle
  // that first brought it; nullopt when not known (before schema 13).
  std::optional<std::string> origin;
};

// A record as stored.
struct StoredRecord {
  int64_t version = 0;
  bool deleted = false;
  int64_t updated_at = 0;
  nlohmann::json body;
  VersionSource source;  // of the stored version
};

// The table of record type `type` ("incidents" for "incident"), or "" for
// an unknown type.
std::string_view RecordTable(std::string_view type);

class RecordRows {
 public:
  explicit RecordRows(Database& db) : db_(&db) {}

  // The stored record of (type, id), or nullopt. kCorruption when the
  // stored body is not JSON; kIoError from the database.
  Result<std::optional<StoredRecord>> Load(std::string_view type,
                                           std::string_view id);

  // True when a record of `type` with `id` exists and is not a tombstone.
  Result<bool> Exists(std::string_view type, std::string_view id);

  // Writes `body` (canonical record JSON with "type" and "id") as the row
  // of its record, replacing any row with the same id, and its names for a
  // person. `changed_at` is when the record changed in this vault
  // (local_changes.h): a local write passes nothing, and its updated_at,
  // set from the vault's clock, is used; an import passes the time it
  // received the record, which keeps its sender's updated_at.
  // `source` says how this version came to be written here.
  // kInvalidArgument for an unknown type; kIoError.
  Status Write(const nlohmann::json& body,
               std::optional<int64_t> changed_at = std::nullopt,
               const VersionSource& source = {});

  // Writes `body` as a new row: like Write, but the record's id must not
  // be stored yet (a constraint error, kIoError, otherwise). A plain
  // INSERT of one row lets SQLite skip the statement journal that INSERT
  // OR REPLACE needs, which in SQLCipher costs one page encryption per
  // page touched: creates and bulk imports use this.
  Status Insert(const nlohmann::json& body,
                std::optional<int64_t> changed_at = std::nullopt,
                const VersionSource& source = {});

  // Keeps `previous` (the version being replaced) in record_history, at
  // `replaced_at` (the vault's clock, or the time an import received the
  // new version), with its own source (previous.source). For a witness
  // account, the person it named is marked
  // changed at that time too (local_changes.h).
  Status KeepHistory(std::string_view type, std::string_view id,
                     const StoredRecord& previous, int64_t replaced_at,
                     std::string_view replaced_by);

  Database& db() { return *db_; }

 private:
  Result<Statement*> Prepared(const std::string& sql);
  Status WriteRow(const nlohmann::json& body, bool replace,
                  std::optional<int64_t> changed_at,
                  const VersionSource& source);
  Status WriteNames(const nlohmann::json& body, bool replace);

  Database* db_;
  std::map<std::string, Statement> statements_;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_ROWS_H_
