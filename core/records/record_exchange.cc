#include "core/records/record_exchange.h"

#include "core/db/savepoint.h"
#include "core/records/codes.h"
#include "core/records/edit_counts.h"
#include "core/records/local_changes.h"
#include "core/records/merge_loops.h"
#include "core/records/model.h"
#include "core/records/record_json.h"
#include "core/records/record_search.h"
#include "core/records/version_source.h"
#include "core/records/witness_purge.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

// Sets every name's match key (and script, if missing) with our own
// normalizer: keys decide who is the same person, so they are never taken
// from another vault.
Status RecomputeNames(const NameNormalizer& normalizer, json* person) {
  json& names = (*person)["names"];
  for (size_t i = 0; i < names.size(); ++i) {
    json& name = names[i];
    const std::string full_name = name["full_name"].get<std::string>();
    Result<std::string> key = normalizer.MatchKey(full_name);
    if (!key.ok()) {
      return key.status().WithContext("person: names[" + std::to_string(i) +
                                      "]");
    }
    name["match_key"] = *key;
    if (name["script"].get<std::string>().empty()) {
      name["script"] = DetectScript(full_name);
    }
  }
  return Status::Ok();
}

// Runs `body` inside a savepoint, so a failure part-way leaves nothing;
// or just runs it when the caller rolls back everything on failure.
template <typename F>
Result<ImportOutcome> Atomically(Database& db, ImportAtomicity atomicity,
                                 F body) {
  if (atomicity == ImportAtomicity::kCallerRollsBack) return body();
  return WithSavepoint(db, "fv_import_record", body);
}

}  // namespace

const std::vector<std::string_view>& ExchangeOrder() {
  static const std::vector<std::string_view> kOrder = {
      kSourceType, kIncidentType, kPersonType, kDetentionType,
      kWitnessAccountType};
  return kOrder;
}

std::string_view ImportOutcomeName(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::kInserted: return "inserted";
    case ImportOutcome::kUpdated: return "updated";
    case ImportOutcome::kIgnoredOlder: return "ignored (older)";
    case ImportOutcome::kUnchanged: return "unchanged";
    case ImportOutcome::kConflict: return "conflict";
    case ImportOutcome::kDeletionHeld: return "deletion held";
    case ImportOutcome::kPurged: return "purged";
  }
  return "unknown";
}

namespace {

// The table of `type`, or kInvalidArgument naming the unknown type.
Result<std::string> TableOf(std::string_view type) {
  std::string_view table = RecordTable(type);
  if (table.empty()) {
    return Status::InvalidArgument("unknown record type '" +
                                   std::string(type) + "'");
  }
  return std::string(table);
}

// " WHERE <changed in this vault after ?1> ORDER BY rowid", or only the
// order when every record is wanted (since 0: nothing to bind).
std::string ChangedAfterClause(std::string_view type, int64_t since_micros) {
  if (since_micros == 0) return " ORDER BY rowid";
  return " WHERE " + ChangedAfterCondition(type) + " ORDER BY rowid";
}

// Steps `select`, whose first column is a record body, and emits each
// body as JSON.
Status EmitBodies(Statement& select, std::string_view type,
                  const std::function<Status(const json&)>& emit) {
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status::Ok();
    json body = json::parse(select.ColumnText(0), nullptr, false);
    if (body.is_discarded()) {
      return Status::Corruption("a stored " + std::string(type) +
                                " is damaged");
    }
    FV_RETURN_IF_ERROR(emit(body));
  }
}

}  // namespace

Status ExportRecords(Database& db, std::string_view type, int64_t since_micros,
                     const std::function<Status(const json&)>& emit) {
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT body FROM " + table +
                                 ChangedAfterClause(type, since_micros)));
  if (since_micros != 0) FV_RETURN_IF_ERROR(select.BindInt64(1, since_micros));
  return EmitBodies(select, type, emit);
}

Status ExportRecordTexts(
    Database& db, std::string_view type, int64_t since_micros, TextCheck check,
    const std::function<Status(std::string_view, std::string_view)>& emit) {
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT id, body FROM " + table +
                                 ChangedAfterClause(type, since_micros)));
  if (since_micros != 0) FV_RETURN_IF_ERROR(select.BindInt64(1, since_micros));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status::Ok();
    const std::string_view body = select.ColumnTextView(1);
    // The same damage check as EmitBodies, without building the object.
    if (check == TextCheck::kWellFormed && !json::accept(body)) {
      return Status::Corruption("a stored " + std::string(type) +
                                " is damaged");
    }
    FV_RETURN_IF_ERROR(emit(select.ColumnTextView(0), body));
  }
}

Result<bool> HasRecord(Database& db, std::string_view type, std::string_view id) {
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT 1 FROM " + table + " WHERE id = ?"));
  FV_RETURN_IF_ERROR(select.BindText(1, id));
  return select.Step();
}

Result<bool> IsDetainee(Database& db, std::string_view person_id) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT 1 FROM detentions WHERE person_id = ? LIMIT 1"));
  FV_RETURN_IF_ERROR(select.BindText(1, person_id));
  return select.Step();
}

Result<bool> IsTombstone(Database& db, std::string_view type, std::string_view id) {
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT 1 FROM " + table +
                                 " WHERE id = ? AND deleted != 0"));
  FV_RETURN_IF_ERROR(select.BindText(1, id));
  return select.Step();
}

Status ExportRecordsWithIds(Database& db, std::string_view type,
                            const std::vector<std::string>& ids,
                            const std::function<Status(const json&)>& emit) {
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT body FROM " + table + " WHERE id = ?"));
  for (const std::string& id : ids) {
    FV_RETURN_IF_ERROR(select.Reset());
    FV_RETURN_IF_ERROR(select.BindText(1, id));
    FV_RETURN_IF_ERROR(EmitBodies(select, type, emit));
  }
  return Status::Ok();
}

Status ExportRecordsOfIncident(Database& db, std::string_view type,
                               std::string_view incident_id,
                               const std::function<Status(const json&)>& emit) {
  if (type != kDetentionType && type != kWitnessAccountType) {
    return Status::InvalidArgument("a " + std::string(type) +
                                   " does not belong to an incident");
  }
  FV_ASSIGN_OR_RETURN(std::string table, TableOf(type));
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT body FROM " + table +
                                 " WHERE incident_id = ? ORDER BY id"));
  FV_RETURN_IF_ERROR(select.BindText(1, incident_id));
  return EmitBodies(select, type, emit);
}

RecordImporter::RecordImporter(Database& db, const NameNormalizer& normalizer,
                               SearchIndex* search, ImportAtomicity atomicity)
    : rows_(db), normalizer_(&normalizer), search_(search),
      atomicity_(atomicity) {}

Result<PreparedRecord> PrepareRecord(std::string_view type, const json& record) {
  FV_ASSIGN_OR_RETURN(std::string actual_type, RecordTypeOf(record));
  if (actual_type != type) {
    return Status::InvalidArgument("expected a " + std::string(type) +
                                   " record, got a " + actual_type);
  }
  FV_ASSIGN_OR_RETURN(json body, CanonicalRecordJson(record));
  return PreparedRecord{std::move(actual_type), std::move(body)};
}

Result<ImportOutcome> RecordImporter::Import(std::string_view type,
                                             const json& record,
                                             const Provenance& provenance) {
  FV_ASSIGN_OR_RETURN(PreparedRecord prepared, PrepareRecord(type, record));
  return Apply(prepared, provenance);
}

Result<MergeDecision> DecideMerge(std::string_view type,
                                  const StoredRecord& stored,
                                  const json& received,
                                  std::string_view signer_key) {
  FV_ASSIGN_OR_RETURN(EditCounts stored_edits, EditsOfRecord(stored.body));
  FV_ASSIGN_OR_RETURN(EditCounts received_edits, EditsOfRecord(received));
  const EditRelation relation = CompareEdits(received_edits, stored_edits);
  if (relation == EditRelation::kOlder) {
    return MergeDecision{ImportOutcome::kIgnoredOlder, std::nullopt};
  }
  // The same edits with other content cannot come from one history:
  // kept as a conflict like edits made on both sides.
  if (relation == EditRelation::kSame && received == stored.body) {
    return MergeDecision{ImportOutcome::kUnchanged, std::nullopt};
  }
  MergeDecision decision{relation == EditRelation::kNewer
                             ? ImportOutcome::kUpdated
                             : ImportOutcome::kConflict,
                         std::nullopt};
  if (!FirstRecordedByOther(stored.source, signer_key)) return decision;
  auto deleted = received.find("deleted");
  const bool deletes = !stored.deleted && deleted != received.end() &&
                       deleted->is_boolean() && deleted->get<bool>();
  // A deletion of what another recorded is never applied unseen: a lost
  // or seized monitor key could otherwise erase every record HQ holds.
  if (deletes && decision.outcome == ImportOutcome::kUpdated) {
    decision.outcome = ImportOutcome::kDeletionHeld;
  }
  decision.foreign = ForeignChange{
      std::string(type), received["id"].get<std::string>(),
      stored.source.origin, deletes,
      decision.outcome != ImportOutcome::kUpdated};
  return decision;
}

Result<ImportOutcome> RecordImporter::Apply(PreparedRecord& prepared,
                                            const Provenance& provenance) {
  const std::string_view type = prepared.type;
  json& body = prepared.body;
  // The normalizer keeps a cache: match keys are made on this thread.
  if (type == kPersonType) {
    FV_RETURN_IF_ERROR(RecomputeNames(*normalizer_, &body));
  }
  const std::string id = body["id"].get<std::string>();
  const int64_t version = body["version"].get<int64_t>();
  // A record new to this vault was first recorded by its signer.
  VersionSource source{std::string(kWrittenReceived), provenance.bundle_id,
                       std::nullopt};
  if (!provenance.signer_key.empty()) source.origin = provenance.signer_key;
  return Atomically(rows_.db(), atomicity_, [&]() -> Result<ImportOutcome> {
    FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, id));
    ImportOutcome outcome = ImportOutcome::kInserted;
    if (stored) {
      FV_ASSIGN_OR_RETURN(
          MergeDecision decision,
          DecideMerge(type, *stored, body, provenance.signer_key));
      outcome = decision.outcome;
      if (outcome == ImportOutcome::kIgnoredOlder ||
          outcome == ImportOutcome::kUnchanged) {
        return outcome;
      }
      if (outcome == ImportOutcome::kConflict && type == kWitnessAccountType &&
          IsPurgeNotice(body)) {
        // The witness asked that their account be kept nowhere: that wins
        // over edits made here, which the notice then counts as seen.
        FV_ASSIGN_OR_RETURN(EditCounts stored_edits, EditsOfRecord(stored->body));
        FV_ASSIGN_OR_RETURN(EditCounts received_edits, EditsOfRecord(body));
        const EditCounts merged = MergeEdits(received_edits, stored_edits);
        body["edits"] = EditsToJson(merged);
        body["version"] = VersionOf(merged);
        outcome = ImportOutcome::kUpdated;
      }
      if (decision.foreign) foreign_changes_.push_back(*decision.foreign);
      if (outcome != ImportOutcome::kUpdated) {
        FV_RETURN_IF_ERROR(KeepConflict(
            type, body, version, stored->version, provenance,
            outcome == ImportOutcome::kDeletionHeld ? kHeldDeletionReason
                                                    : std::string_view()));
        return outcome;
      }
      FV_RETURN_IF_ERROR(rows_.KeepHistory(type, id, *stored,
                                           provenance.received_at,
                                           provenance.signer));
      source.origin = stored->source.origin;  // first recorded as before
    }
    // Two vaults may merge the same two persons each the other way round;
    // stored together the merges would make a loop (merge_loops.h).
    if (type == kPersonType) {
      const std::string into = body.value("merged_into", std::string());
      FV_ASSIGN_OR_RETURN(std::vector<std::string> loop,
                          MergeLoopThrough(rows_.db(), id, into));
      if (!loop.empty()) return MergeLoopError(id, loop);
    }
    // A record new to this vault gets plain inserts, which SQLite runs
    // without a statement journal (record_rows.h).
    const bool is_new = outcome == ImportOutcome::kInserted;
    // Changed here now, whatever the sender's updated_at says
    // (local_changes.h).
    const int64_t changed_at = provenance.received_at;
    FV_RETURN_IF_ERROR(is_new ? rows_.Insert(body, changed_at, source)
                              : rows_.Write(body, changed_at, source));
    if (search_ != nullptr) {
      if (body["deleted"].get<bool>()) {
        if (!is_new) FV_RETURN_IF_ERROR(search_->RemoveRecord(type, id));
      } else {
        const SearchDocument document = SearchDocumentFor(body);
        FV_RETURN_IF_ERROR(is_new ? search_->IndexNewRecord(document)
                                  : search_->IndexRecord(document));
      }
    }
    // A purge notice for a copy held here: purge that copy as the sender
    // did. (New here: nothing to purge, it is stored as it came.)
    if (stored && type == kWitnessAccountType && IsPurgeNotice(body)) {
      const std::string person = stored->body.value("witness_person_id", "");
      FV_RETURN_IF_ERROR(
          PurgeReceivedWitnessAccount(rows_.db(), search_, body, person).status());
      return ImportOutcome::kPurged;
    }
    return outcome;
  });
}

Status RecordImporter::KeepConflict(std::string_view type, const json& record,
                                    int64_t version, int64_t stored_version,
                                    const Provenance& provenance,
                                    std::string_view reason) {
  const std::string text =
      record.dump(-1, ' ', false, json::error_handler_t::replace);
  // The same conflicting record received twice is kept once.
  FV_ASSIGN_OR_RETURN(
      Statement find,
      rows_.db().Prepare("SELECT 1 FROM record_conflicts WHERE record_type = ?"
                         " AND record_id = ? AND version = ? AND body = ?"));
  FV_RETURN_IF_ERROR(find.BindText(1, type));
  FV_RETURN_IF_ERROR(find.BindText(2, record["id"].get<std::string>()));
  FV_RETURN_IF_ERROR(find.BindInt64(3, version));
  FV_RETURN_IF_ERROR(find.BindText(4, text));
  FV_ASSIGN_OR_RETURN(bool known, find.Step());
  if (known) return Status::Ok();
  FV_ASSIGN_OR_RETURN(
      Statement insert,
      rows_.db().Prepare("INSERT INTO record_conflicts (record_type,"
                         " record_id, version, body, signer, bundle_id,"
                         " received_at, stored_version, reason)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, type));
  FV_RETURN_IF_ERROR(insert.BindText(2, record["id"].get<std::string>()));
  FV_RETURN_IF_ERROR(insert.BindInt64(3, version));
  FV_RETURN_IF_ERROR(insert.BindText(4, text));
  FV_RETURN_IF_ERROR(insert.BindText(5, provenance.signer));
  FV_RETURN_IF_ERROR(insert.BindText(6, provenance.bundle_id));
  FV_RETURN_IF_ERROR(insert.BindInt64(7, provenance.received_at));
  FV_RETURN_IF_ERROR(insert.BindInt64(8, stored_version));
  FV_RETURN_IF_ERROR(insert.BindText(9, reason));
  return insert.Run();
}

namespace {

constexpr char kSelectOpenConflicts[] =
    "SELECT conflict_id, record_type, record_id, version, signer, bundle_id,"
    " received_at, body, stored_version, reason FROM record_conflicts"
    " WHERE resolved = 0";

// The conflict in the current row of a kSelectOpenConflicts statement.
Result<RecordConflict> ReadConflict(const Statement& select) {
  RecordConflict conflict;
  conflict.conflict_id = select.ColumnInt64(0);
  conflict.record_type = select.ColumnText(1);
  conflict.record_id = select.ColumnText(2);
  conflict.version = select.ColumnInt64(3);
  conflict.signer = select.ColumnText(4);
  conflict.bundle_id = select.ColumnText(5);
  conflict.received_at = select.ColumnInt64(6);
  conflict.stored_version = select.ColumnInt64(8);
  conflict.reason = select.ColumnText(9);
  conflict.body = json::parse(select.ColumnText(7), nullptr, false);
  if (conflict.body.is_discarded()) {
    return Status::Corruption("conflict " +
                              std::to_string(conflict.conflict_id) +
                              " is damaged");
  }
  return conflict;
}

}  // namespace

Result<std::vector<RecordConflict>> ListConflicts(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare(std::string(kSelectOpenConflicts) +
                                 " ORDER BY conflict_id"));
  std::vector<RecordConflict> conflicts;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return conflicts;
    FV_ASSIGN_OR_RETURN(RecordConflict conflict, ReadConflict(select));
    conflicts.push_back(std::move(conflict));
  }
}

Result<RecordConflict> GetOpenConflict(Database& db, int64_t conflict_id) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare(std::string(kSelectOpenConflicts) +
                                 " AND conflict_id = ?"));
  FV_RETURN_IF_ERROR(select.BindInt64(1, conflict_id));
  FV_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) {
    return Status::NotFound("no open conflict " + std::to_string(conflict_id))
        .WithHint("run `fieldvault conflicts list`");
  }
  return ReadConflict(select);
}

}  // namespace fieldvault::core
