#include "core/records/conflict_resolution.h"

#include <nlohmann/json.hpp>

#include "core/db/savepoint.h"
#include "core/records/partial_date.h"
#include "core/records/record_json.h"
#include "core/records/record_rows.h"
#include "core/records/record_search.h"

namespace fieldvault::core {
namespace {

using nlohmann::json;

struct OpenConflict {
  std::string type;
  std::string id;
  int64_t version = 0;
  std::string signer;     // who sent the received copy
  std::string bundle_id;  // and in which bundle
  StoredRecord received;
};

Result<OpenConflict> LoadConflict(Database& db, int64_t conflict_id) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT record_type, record_id, version, body, signer,"
                 " bundle_id FROM record_conflicts WHERE conflict_id = ? AND"
                 " resolved = 0"));
  FV_RETURN_IF_ERROR(select.BindInt64(1, conflict_id));
  FV_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) {
    return Status::NotFound("no open conflict " + std::to_string(conflict_id))
        .WithHint("run `fieldvault conflicts list`");
  }
  OpenConflict conflict;
  conflict.type = select.ColumnText(0);
  conflict.id = select.ColumnText(1);
  conflict.version = select.ColumnInt64(2);
  conflict.signer = select.ColumnText(4);
  conflict.bundle_id = select.ColumnText(5);
  conflict.received.version = conflict.version;
  conflict.received.body = json::parse(select.ColumnText(3), nullptr, false);
  if (conflict.received.body.is_discarded()) {
    return Status::Corruption("conflict " + std::to_string(conflict_id) +
                              " is damaged");
  }
  return conflict;
}

Status MarkResolved(Database& db, int64_t conflict_id) {
  FV_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE record_conflicts SET resolved = 1 WHERE"
                 " conflict_id = ?"));
  FV_RETURN_IF_ERROR(update.BindInt64(1, conflict_id));
  return update.Run();
}

// `winner` as the next version of its record, written at `now_micros`.
Result<json> NextVersion(const json& winner, int64_t version,
                         int64_t now_micros) {
  json body = winner;
  body["version"] = version + 1;
  body["updated_at"] = FormatTimestamp(now_micros);
  return CanonicalRecordJson(body);
}

// Writes the winner as the next version and the loser into the history
// under the conflicting version; keeps the search index in step.
Status Apply(RecordRows& rows, SearchIndex* search,
             const OpenConflict& conflict, const StoredRecord& loser,
             const json& winner, int64_t now_micros, std::string_view actor) {
  FV_ASSIGN_OR_RETURN(json body,
                      NextVersion(winner, conflict.version, now_micros));
  FV_RETURN_IF_ERROR(
      rows.KeepHistory(conflict.type, conflict.id, loser, now_micros, actor));
  FV_RETURN_IF_ERROR(rows.Write(body));
  if (search == nullptr) return Status::Ok();
  return body["deleted"].get<bool>()
             ? search->RemoveRecord(conflict.type, conflict.id)
             : search->IndexRecord(SearchDocumentFor(body));
}

Result<ConflictResolution> Resolve(Database& db, SearchIndex* search,
                                   int64_t conflict_id, ConflictChoice keep,
                                   int64_t now_micros, std::string_view actor) {
  FV_ASSIGN_OR_RETURN(OpenConflict conflict, LoadConflict(db, conflict_id));
  RecordRows rows(db);
  FV_ASSIGN_OR_RETURN(auto stored, rows.Load(conflict.type, conflict.id));
  if (!stored) {
    return Status::NotFound("the " + conflict.type + " " + conflict.id +
                            " of conflict " + std::to_string(conflict_id) +
                            " is not in this vault");
  }
  ConflictResolution resolution{conflict.type,   conflict.id,
                                conflict.version, 0,
                                conflict.signer, conflict.bundle_id};
  if (stored->version != conflict.version) {
    if (keep == ConflictChoice::kReceived) {
      return Status::FailedPrecondition(
                 "the " + conflict.type + " has changed since the conflict "
                 "(it is at version " + std::to_string(stored->version) + ")")
          .WithHint("keep the stored version to close the conflict, then "
                    "edit the record if something is missing");
    }
  } else if (keep == ConflictChoice::kReceived) {
    FV_RETURN_IF_ERROR(Apply(rows, search, conflict, *stored,
                             conflict.received.body, now_micros, actor));
    resolution.new_version = conflict.version + 1;
  } else {
    FV_RETURN_IF_ERROR(Apply(rows, search, conflict, conflict.received,
                             stored->body, now_micros, actor));
    resolution.new_version = conflict.version + 1;
  }
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
