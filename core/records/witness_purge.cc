#include "core/records/witness_purge.h"

#include "core/records/codes.h"
#include "core/records/edit_counts.h"
#include "core/records/record_json.h"
#include "core/records/record_rows.h"
#include "core/records/version_source.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

// Runs `sql` with (type, id) bound as ?1 and ?2; returns the rows it
// changed.
Result<int64_t> Remove(Database& db, std::string_view sql, std::string_view type,
                       std::string_view id) {
  FV_ASSIGN_OR_RETURN(Statement remove, db.Prepare(sql));
  FV_RETURN_IF_ERROR(remove.BindText(1, type));
  FV_RETURN_IF_ERROR(remove.BindText(2, id));
  FV_RETURN_IF_ERROR(remove.Run());
  return db.Changes();
}

// Removes every earlier version, conflict, attachment and the search
// document of record (type, id), counting them in `report`.
Status RemoveTraces(Database& db, SearchIndex* search, std::string_view type,
                    std::string_view id, PurgeReport& report) {
  FV_ASSIGN_OR_RETURN(int64_t versions,
                      Remove(db,
                             "DELETE FROM record_history WHERE record_type = ?1"
                             " AND record_id = ?2",
                             type, id));
  FV_ASSIGN_OR_RETURN(int64_t conflicts,
                      Remove(db,
                             "DELETE FROM record_conflicts WHERE record_type = ?1"
                             " AND record_id = ?2",
                             type, id));
  FV_RETURN_IF_ERROR(Remove(db,
                            "DELETE FROM attachment_chunks WHERE attachment_id IN"
                            " (SELECT id FROM attachments WHERE owner_type = ?1"
                            " AND owner_id = ?2)",
                            type, id)
                         .status());
  FV_ASSIGN_OR_RETURN(int64_t attachments,
                      Remove(db,
                             "DELETE FROM attachments WHERE owner_type = ?1"
                             " AND owner_id = ?2",
                             type, id));
  report.versions_removed += versions;
  report.conflicts_removed += conflicts;
  report.attachments_removed += attachments;
  if (search != nullptr) FV_RETURN_IF_ERROR(search->RemoveRecord(type, id));
  return Status::Ok();
}

Result<bool> Exists(Database& db, std::string_view sql, std::string_view a,
                    std::string_view b = "") {
  FV_ASSIGN_OR_RETURN(Statement select, db.Prepare(sql));
  FV_RETURN_IF_ERROR(select.BindText(1, a));
  if (!b.empty()) FV_RETURN_IF_ERROR(select.BindText(2, b));
  return select.Step();
}

// Why person `person_id` must stay (the account `account_id` aside), or ""
// when nothing else needs them.
Result<std::string> WhyKept(Database& db, const Person& person,
                            std::string_view account_id) {
  const std::string& id = person.meta.id;
  FV_ASSIGN_OR_RETURN(
      bool detained,
      Exists(db, "SELECT 1 FROM detentions WHERE person_id = ?1 LIMIT 1", id));
  if (detained) return std::string("a detention names them");
  FV_ASSIGN_OR_RETURN(bool witness,
                      Exists(db,
                             "SELECT 1 FROM witness_accounts WHERE"
                             " witness_person_id = ?1 AND id != ?2 LIMIT 1",
                             id, account_id));
  if (witness) return std::string("another witness account names them");
  FV_ASSIGN_OR_RETURN(
      bool merged,
      Exists(db, "SELECT 1 FROM persons WHERE merged_into = ?1 LIMIT 1", id));
  if (merged || !person.merged_into.empty()) {
    return std::string("a merge links them to another person");
  }
  return std::string();
}

// `meta` as a new version by `actor` at `now`, deleted.
void NextDeletedVersion(RecordMeta& meta, std::string_view actor, int64_t now) {
  CountEdit(meta.edits, actor);
  meta.version = VersionOf(meta.edits);
  meta.updated_at = now;
  meta.deleted = true;
}

// Writes `body` over the record's row without keeping the version it
// replaces (`stored`), as a deletion made here (version_source.h), first
// recorded by whoever recorded it first.
Status Overwrite(Database& db, const json& body, const StoredRecord& stored) {
  RecordRows rows(db);
  return rows.Write(body, std::nullopt,
                    VersionSource{std::string(kWrittenDeleted), "",
                                  stored.source.origin});
}

// Purges the witness person of `account_id` here, if nothing else needs
// them: a notice of them as a new version by `actor`.
Status PurgePerson(Database& db, SearchIndex* search, std::string_view actor,
                   int64_t now, std::string_view account_id, PurgeReport& report) {
  RecordRows rows(db);
  FV_ASSIGN_OR_RETURN(auto stored, rows.Load(kPersonType, report.person_id));
  if (!stored) return Status::Ok();  // named but never stored: nothing to purge
  FV_ASSIGN_OR_RETURN(Person person, PersonFromJson(stored->body));
  FV_ASSIGN_OR_RETURN(report.person_kept_because, WhyKept(db, person, account_id));
  if (!report.person_kept_because.empty()) return Status::Ok();
  // The match key is the normalizer's key of "purged": lower-case Latin
  // letters are their own key.
  person.names = {{std::string(kPurged), "Latn", "", "", std::string(kPurged)}};
  person.sex = "unknown";
  person.birth_date = PartialDate();
  person.affiliations.clear();
  person.notes.clear();
  NextDeletedVersion(person.meta, actor, now);
  FV_RETURN_IF_ERROR(Overwrite(db, ToJson(person), *stored));
  FV_RETURN_IF_ERROR(RemoveTraces(db, search, kPersonType, person.meta.id, report));
  report.person_purged = true;
  return Status::Ok();
}

}  // namespace

bool StorageRefusedOrWithdrawn(const WitnessAccount& account) {
  for (const Consent& consent : account.consents) {
    if (consent.purpose == "store") {
      return !consent.granted || consent.withdrawn.known();
    }
  }
  return false;
}

Result<PurgeReport> PurgeWitnessAccount(Database& db, SearchIndex* search,
                                        std::string_view actor,
                                        int64_t now_micros,
                                        std::string_view account_id) {
  RecordRows rows(db);
  FV_ASSIGN_OR_RETURN(auto stored, rows.Load(kWitnessAccountType, account_id));
  if (!stored) {
    return Status::NotFound("no witness account " + std::string(account_id) +
                            " in this vault");
  }
  FV_ASSIGN_OR_RETURN(WitnessAccount account, WitnessAccountFromJson(stored->body));
  if (account.meta.deleted && account.statement == kPurged) {
    return Status::FailedPrecondition("witness account " + account.meta.id +
                                      " is already purged");
  }
  if (!StorageRefusedOrWithdrawn(account)) {
    return Status::FailedPrecondition(
               "the witness has not refused or withdrawn consent to storage: "
               "nothing is purged")
        .WithHint("record their decision first: `fieldvault witness consent " +
                  account.meta.id.substr(0, 8) +
                  " --withdraw store --date DATE` (or --refuse store)");
  }
  PurgeReport report;
  report.account_id = account.meta.id;
  report.person_id = account.witness_person_id;
  // What stays: that an account of this incident existed, how the witness
  // related to the events (a vocabulary term), and their consent
  // decisions, dated: the notice that it was purged at their request.
  account.witness_person_id.clear();
  account.witness_pseudonym = kPurged;
  account.interviewer.clear();
  account.interview_date = PartialDate();
  account.language.clear();
  account.statement = kPurged;
  account.translation.clear();
  account.reliability = "unknown";
  NextDeletedVersion(account.meta, actor, now_micros);
  report.version = account.meta.version;
  FV_RETURN_IF_ERROR(Overwrite(db, ToJson(account), *stored));
  FV_RETURN_IF_ERROR(
      RemoveTraces(db, search, kWitnessAccountType, account.meta.id, report));
  if (!report.person_id.empty()) {
    FV_RETURN_IF_ERROR(
        PurgePerson(db, search, actor, now_micros, account.meta.id, report));
  }
  FV_RETURN_IF_ERROR(DropRemovedSearchText(db));
  return report;
}

bool IsPurgeNotice(const json& body) {
  auto deleted = body.find("deleted");
  if (deleted == body.end() || !deleted->is_boolean() || !deleted->get<bool>()) {
    return false;
  }
  Result<WitnessAccount> account = WitnessAccountFromJson(body);
  return account.ok() && StorageRefusedOrWithdrawn(*account);
}

Result<PurgeReport> PurgeReceivedWitnessAccount(
    Database& db, SearchIndex* search, const json& body,
    std::string_view previous_person_id) {
  PurgeReport report;
  report.account_id = body.value("id", "");
  report.version = body.value("version", int64_t{0});
  report.person_id = std::string(previous_person_id);
  FV_RETURN_IF_ERROR(
      RemoveTraces(db, search, kWitnessAccountType, report.account_id, report));
  if (!report.person_id.empty()) {
    RecordRows rows(db);
    FV_ASSIGN_OR_RETURN(auto stored, rows.Load(kPersonType, report.person_id));
    if (stored && !stored->deleted) {
      report.person_kept_because = "the sender kept them";
    } else if (stored) {
      FV_ASSIGN_OR_RETURN(Person person, PersonFromJson(stored->body));
      FV_ASSIGN_OR_RETURN(report.person_kept_because,
                          WhyKept(db, person, report.account_id));
      if (report.person_kept_because.empty()) {
        FV_RETURN_IF_ERROR(
            RemoveTraces(db, search, kPersonType, report.person_id, report));
        report.person_purged = true;
      }
    }
  }
  FV_RETURN_IF_ERROR(DropRemovedSearchText(db));
  return report;
}

}  // namespace fieldvault::core
