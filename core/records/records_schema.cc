#include "core/records/records_schema.h"

#include "core/records/vocabulary.h"

namespace fieldvault::core {
namespace {

// Columns every record table starts with. `body` is the record's JSON;
// the others repeat its meta fields so that SQL can filter and sort, but
// `changed_at`, when the record last changed in this vault
// (local_changes.h; migration 10 adds it to older vaults), and
// `written_how`, `written_bundle` and `origin`, how this vault got the
// stored version and who first recorded the record here
// (version_source.h; migration 13 adds them).
#define FV_RECORD_COLUMNS                              \
  " id TEXT PRIMARY KEY NOT NULL,"                     \
  " version INTEGER NOT NULL CHECK (version >= 1),"    \
  " created_at INTEGER NOT NULL,"                      \
  " created_by TEXT NOT NULL,"                         \
  " updated_at INTEGER NOT NULL,"                      \
  " confidentiality TEXT NOT NULL,"                    \
  " deleted INTEGER NOT NULL DEFAULT 0,"               \
  " body TEXT NOT NULL,"                               \
  " changed_at INTEGER NOT NULL DEFAULT 0,"             \
  " written_how TEXT NOT NULL DEFAULT '',"              \
  " written_bundle TEXT NOT NULL DEFAULT '',"           \
  " origin TEXT,"

constexpr char kSchema[] =
    "CREATE TABLE IF NOT EXISTS incidents (" FV_RECORD_COLUMNS
    " title TEXT NOT NULL, start_date TEXT NOT NULL, place TEXT NOT NULL,"
    " admin_area TEXT NOT NULL, country TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS persons (" FV_RECORD_COLUMNS
    " kind TEXT NOT NULL, display_name TEXT NOT NULL,"
    " merged_into TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS person_names ("
    " person_id TEXT NOT NULL REFERENCES persons(id),"
    " position INTEGER NOT NULL, full_name TEXT NOT NULL,"
    " script TEXT NOT NULL, match_key TEXT NOT NULL,"
    " PRIMARY KEY (person_id, position));"
    "CREATE INDEX IF NOT EXISTS person_names_by_key ON person_names(match_key);"
    "CREATE TABLE IF NOT EXISTS detentions (" FV_RECORD_COLUMNS
    " person_id TEXT NOT NULL REFERENCES persons(id),"
    " incident_id TEXT NOT NULL REFERENCES incidents(id),"
    " detained_at TEXT NOT NULL, current_status TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS detentions_by_incident ON detentions(incident_id);"
    "CREATE INDEX IF NOT EXISTS detentions_by_person ON detentions(person_id);"
    "CREATE TABLE IF NOT EXISTS witness_accounts (" FV_RECORD_COLUMNS
    " incident_id TEXT NOT NULL REFERENCES incidents(id),"
    " witness_person_id TEXT NOT NULL, witness_label TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS witness_accounts_by_incident"
    " ON witness_accounts(incident_id);"
    "CREATE INDEX IF NOT EXISTS witness_accounts_by_person"
    " ON witness_accounts(witness_person_id);"
    "CREATE TABLE IF NOT EXISTS sources (" FV_RECORD_COLUMNS
    " source_type TEXT NOT NULL, title TEXT NOT NULL);"
    // Every replaced version of every record, as its JSON.
    "CREATE TABLE IF NOT EXISTS record_history ("
    " history_id INTEGER PRIMARY KEY,"
    " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, replaced_at INTEGER NOT NULL,"
    " replaced_by TEXT NOT NULL, body TEXT NOT NULL,"
    // How this vault had got the version (version_source.h).
    " written_how TEXT NOT NULL DEFAULT '',"
    " written_bundle TEXT NOT NULL DEFAULT '');"
    // Two versions may share a number (a conflict's loser and one of this
    // vault's own), hence no unique key on it.
    "CREATE INDEX IF NOT EXISTS record_history_of_record ON record_history"
    " (record_type, record_id, version);"
    // Records an import received with edits the stored version lacks while
    // lacking some of its edits; kept for a person to resolve.
    "CREATE TABLE IF NOT EXISTS record_conflicts ("
    " conflict_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, body TEXT NOT NULL,"
    " signer TEXT NOT NULL, bundle_id TEXT NOT NULL,"
    " received_at INTEGER NOT NULL, resolved INTEGER NOT NULL DEFAULT 0,"
    " stored_version INTEGER NOT NULL DEFAULT 0,"
    // Why it was set aside: "" both sides changed it, or a deletion held
    // (version_source.h).
    " reason TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE IF NOT EXISTS vocabulary ("
    " vocabulary TEXT NOT NULL, term TEXT NOT NULL, label TEXT NOT NULL,"
    " position INTEGER NOT NULL, description TEXT NOT NULL,"
    " PRIMARY KEY (vocabulary, term));";

#undef FV_RECORD_COLUMNS

}  // namespace

Status CreateRecordsSchema(Database& db) {
  FV_RETURN_IF_ERROR(db.Exec(kSchema));
  FV_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT OR IGNORE INTO vocabulary (vocabulary, term, label, position,"
                 " description) VALUES (?, ?, ?, ?, ?)"));
  for (const Vocabulary& vocabulary : AllVocabularies()) {
    int position = 0;
    for (const VocabularyTerm& term : vocabulary.terms) {
      FV_RETURN_IF_ERROR(insert.BindText(1, vocabulary.name));
      FV_RETURN_IF_ERROR(insert.BindText(2, term.term));
      FV_RETURN_IF_ERROR(insert.BindText(3, term.label));
      FV_RETURN_IF_ERROR(insert.BindInt64(4, ++position));
      FV_RETURN_IF_ERROR(insert.BindText(5, vocabulary.description));
      FV_RETURN_IF_ERROR(insert.Run());
      FV_RETURN_IF_ERROR(insert.Reset());
    }
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
