#include "core/records/conflict_resolution.h"

#include <nlohmann/json.hpp>

#include "core/db/savepoint.h"
#include "core/records/edit_counts.h"
#include "core/records/partial_date.h"
#include "core/records/record_exchange.h"
#include "core/records/record_json.h"
#include "core/records/record_rows.h"
#include "core/records/record_search.h"
#include "core/records/version_source.h"

namespace fieldvault::core {
namespace {

using nlohmann::json;

Status MarkResolved(Database& db, int64_t conflict_id) {
  FV_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE record_conflicts SET resolved = 1 WHERE"
                 " conflict_id = ?"));
  FV_RETURN_IF_ERROR(update.BindInt64(1, conflict_id));
  return update.Run();
}

// `winner`'s content as the next version of its record: holding the edits
// of both sides and one more by `actor`, so that it replaces both copies
// wherever it travels (record_exchange.h) instead of raising the conflict
// again. Written at `now_micros`.
Result<json> NextVersion(const json& winner, const EditCounts& both,
                         std::string_view actor, int64_t now_micros) {
  EditCounts edits = both;
  CountEdit(edits, actor);
  json body = winner;
  body["edits"] = EditsToJson(edits);
  body["version"] = VersionOf(edits);
  body["updated_at"] = FormatTimestamp(now_micros);
  return CanonicalRecordJson(body);
}

// Writes `winner` as the next version (see NextVersion) and `loser` into
// the history; keeps the search index in step. Returns the new version.
Result<int64_t> Apply(RecordRows& rows, SearchIndex* search,
                      const RecordConflict& conflict, const StoredRecord& stored,
                      const StoredRecord& loser, const json& winner,
                      int64_t now_micros, std::string_view actor) {
  FV_ASSIGN_OR_RETURN(EditCounts stored_edits, EditsOfRecord(stored.body));
  FV_ASSIGN_OR_RETURN(EditCounts received_edits, EditsOfRecord(conflict.body));
  FV_ASSIGN_OR_RETURN(
      json body, NextVersion(winner, MergeEdits(stored_edits, received_edits),
                             actor, now_micros));
  // The stored version goes to the history whichever wins: kept, its
  // content lives on in the new version, but the history still shows it
  // as written (and how this vault got it).
  if (&loser != &stored) {
    FV_RETURN_IF_ERROR(rows.KeepHistory(conflict.record_type, conflict.record_id,
                                        stored, now_micros, actor));
  }
  FV_RETURN_IF_ERROR(rows.KeepHistory(conflict.record_type, conflict.record_id,
                                      loser, now_micros, actor));
  // Decided here; the record keeps who first recorded it.
  FV_RETURN_IF_ERROR(rows.Write(
      body, std::nullopt,
      VersionSource{std::string(kWrittenResolved), conflict.bundle_id,
                    stored.source.origin}));
  if (search != nullptr) {
    FV_RETURN_IF_ERROR(
        body["deleted"].get<bool>()
            ? search->RemoveRecord(conflict.record_type, conflict.record_id)
            : search->IndexRecord(SearchDocumentFor(body)));
  }
  return body["version"].get<int64_t>();
}

Result<ConflictResolution> Resolve(Database& db, SearchIndex* search,
                                   int64_t conflict_id, ConflictChoice keep,
                                   int64_t now_micros, std::string_view actor) {
  FV_ASSIGN_OR_RETURN(RecordConflict conflict,
                      GetOpenConflict(db, conflict_id));
  RecordRows rows(db);
  FV_ASSIGN_OR_RETURN(auto stored,
                      rows.Load(conflict.record_type, conflict.record_id));
  if (!stored) {
    return Status::NotFound("the " + conflict.record_type + " " +
                            conflict.record_id + " of conflict " +
                            std::to_string(conflict_id) +
                            " is not in this vault");
  }
  ConflictResolution resolution{conflict.record_type, conflict.record_id,
                                conflict.version,     0,
                                conflict.signer,      conflict.bundle_id};
  const bool take_received = keep == ConflictChoice::kReceived;
  if (take_received && stored->version != conflict.stored_version) {
    return Status::FailedPrecondition("the " + conflict.record_type +
                                      " has changed since the conflict "
                                      "(it is at version " +
                                      std::to_string(stored->version) + ")")
        .WithHint("keep the stored version to close the conflict, then "
                  "edit the record if something is missing");
  }
  StoredRecord received;
  received.version = conflict.version;
  received.body = conflict.body;
  received.source = {std::string(kWrittenReceived), conflict.bundle_id,
                     std::nullopt};
  FV_ASSIGN_OR_RETURN(
      resolution.new_version,
      Apply(rows, search, conflict, *stored, take_received ? *stored : received,
            take_received ? received.body : stored->body, now_micros, actor));
  resolution.loser_version = take_received ? stored->version : conflict.version;
  FV_RETURN_IF_ERROR(MarkResolved(db, conflict_id));
  return resolution;
}

}  // namespace

Result<ConflictResolution> ResolveConflict(Database& db, SearchIndex* search,
                                           int64_t conflict_id,
                                           ConflictChoice keep,
                                           int64_t now_micros,
                                           std::string_view actor) {
  // A savepoint, so that a failure part-way leaves nothing behind even
  // inside a transaction the caller goes on to commit.
  return WithSavepoint(db, "fv_resolve_conflict", [&] {
    return Resolve(db, search, conflict_id, keep, now_micros, actor);
  });
}

}  // namespace fieldvault::core
