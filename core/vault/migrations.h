// Schema versions of vault.db and the one table of migrations.
//
// Each migration has the next free version number and lives in its own
// file (core/<area>/migration_<name>.cc), listed in AllMigrations() in
// core/vault/migrations.cc. The `schema_migrations` table records which
// versions a vault has. RunMigrations applies the missing ones in order,
// inside the caller's transaction, so a failed upgrade leaves the vault as
// it was. Version 1 holds the vault basics (meta, custody log).
#ifndef FIELDVAULT_CORE_VAULT_MIGRATIONS_H_
#define FIELDVAULT_CORE_VAULT_MIGRATIONS_H_

#include <span>
#include <string_view>

#include "core/clock.h"
#include "core/db/database.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core {

struct MigrationContext {
  crypto::RandomSource& random;
  Clock& clock;
};

struct Migration {
  int version;
  std::string_view description;
  Status (*apply)(Database& db, const MigrationContext& context);
};

// Every migration, in increasing version order.
std::span<const Migration> AllMigrations();

// The highest version in AllMigrations(): what a new vault is created at.
int LatestSchemaVersion();

// The vault's current version: the highest applied, 0 for a new database.
Result<int> CurrentSchemaVersion(Database& db);

// Applies every migration above the current version, recording each, in
// the caller's transaction. Returns the number applied. kUnsupported when
// the vault is newer than this build; the migration's error (with its
// version as context) otherwise.
Result<int> RunMigrations(Database& db, const MigrationContext& context);

// Migration 1, in core/vault/migration_vault_basics.cc.
Status MigrateVaultBasics(Database& db, const MigrationContext& context);

// Migration 2, in core/identity/migration_identities.cc.
Status MigrateIdentities(Database& db, const MigrationContext& context);
// Migration 3, in core/search/migration_search.cc.
Status MigrateSearchIndex(Database& db, const MigrationContext& context);
// Migration 4, in core/attachments/migration_attachments.cc.
Status MigrateAttachments(Database& db, const MigrationContext& context);

// Migration 5, in core/records/migration_records.cc.
Status MigrateRecords(Database& db, const MigrationContext& context);
// Migration 6, in core/bundle/migration_export_state.cc.
Status MigrateExportState(Database& db, const MigrationContext& context);
// Migration 7, in core/bundle/migration_received_audit.cc.
Status MigrateReceivedAudit(Database& db, const MigrationContext& context);
// Migration 8, in core/bundle/migration_sequence_per_profile.cc.
Status MigrateSequencePerProfile(Database& db, const MigrationContext& context);
// Migration 9, in core/records/migration_edit_counts.cc.
Status MigrateEditCounts(Database& db, const MigrationContext& context);
// Migration 10, in core/bundle/migration_local_changes.cc.
Status MigrateLocalChanges(Database& db, const MigrationContext& context);
// Migration 11, in core/records/migration_search_folds.cc.
Status MigrateSearchFolds(Database& db, const MigrationContext& context);
// Migration 12, in core/bundle/migration_received_events_by_signer.cc.
Status MigrateReceivedEventsBySigner(Database& db, const MigrationContext& context);
// Migration 13, in core/bundle/migration_record_provenance.cc.
Status MigrateRecordProvenance(Database& db, const MigrationContext& context);
// Migration 15, in core/bundle/migration_withheld_persons.cc.
Status MigrateWithheldPersons(Database& db, const MigrationContext& context);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_MIGRATIONS_H_
