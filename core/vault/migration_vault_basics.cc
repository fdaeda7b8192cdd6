// Migration 1: the tables every vault has.
//
// `meta` holds single values about the vault (its id, when it was made).
// `custody_log` is append-only: the triggers refuse UPDATE and DELETE so
// that ordinary code cannot rewrite history by mistake; deliberate
// tampering is caught by the hash chain and the head kept in `keyslots`.
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateVaultBasics(Database& db, const MigrationContext& /*context*/) {
  return db.Exec(R"sql(
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE custody_log (
      sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
      occurred_at_micros INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action <> ''),
      record_type TEXT NOT NULL,
      record_id TEXT NOT NULL,
      bundle_id TEXT NOT NULL,
      detail TEXT NOT NULL,
      previous_hash BLOB NOT NULL CHECK (length(previous_hash) = 64),
      hash BLOB NOT NULL CHECK (length(hash) = 64)
    );
    CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
    BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
    BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
  )sql");
}

}  // namespace fieldvault::core
