#include "core/vault/migrations.h"

#include <array>
#include <string>

namespace fieldvault::core {

std::span<const Migration> AllMigrations() {
  // The one list. Add a migration at the end with the next free version
  // (above the last one: 14 was never used and must stay unused, as vaults
  // at 15 would skip it).
  static const std::array kMigrations = {
      Migration{1, "vault basics: meta, custody log", MigrateVaultBasics},
      Migration{2, "identities, keyrings, bundle registers", MigrateIdentities},
      Migration{3, "full-text search index", MigrateSearchIndex},
      Migration{4, "attachments in chunks", MigrateAttachments},
      Migration{5, "records, history, vocabularies", MigrateRecords},
      Migration{6, "state of sent bundles", MigrateExportState},
      Migration{7, "custody events received in bundles", MigrateReceivedAudit},
      Migration{8, "sent bundles numbered per profile", MigrateSequencePerProfile},
      Migration{9, "edit counts of records", MigrateEditCounts},
      Migration{10, "local change times of records, attachments sent",
                MigrateLocalChanges},
      Migration{11, "spelling variants in the search index", MigrateSearchFolds},
      Migration{12, "received custody events by signer", MigrateReceivedEventsBySigner},
      Migration{13, "how each record version was written, who first recorded it",
                MigrateRecordProvenance},
      Migration{15, "persons sent as withdrawal notices", MigrateWithheldPersons},
  };
  return kMigrations;
}

int LatestSchemaVersion() { return AllMigrations().back().version; }

Result<int> CurrentSchemaVersion(Database& db) {
  FV_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              " version INTEGER PRIMARY KEY,"
              " description TEXT NOT NULL,"
              " applied_at_micros INTEGER NOT NULL)"));
  FV_ASSIGN_OR_RETURN(
      int64_t version,
      db.QueryInt64("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(version);
}

Result<int> RunMigrations(Database& db, const MigrationContext& context) {
  FV_ASSIGN_OR_RETURN(int current, CurrentSchemaVersion(db));
  if (current > LatestSchemaVersion()) {
    return Status::Unsupported("the vault has schema version " +
                               std::to_string(current) +
                               ", newer than this fieldvault knows")
        .WithHint("use a newer version of fieldvault");
  }
  int applied = 0;
  for (const Migration& migration : AllMigrations()) {
    if (migration.version <= current) continue;
    std::string context_text =
        "upgrade vault to schema " + std::to_string(migration.version);
    FV_RETURN_IF_ERROR_CTX(migration.apply(db, context), context_text);
    FV_ASSIGN_OR_RETURN(
        Statement record,
        db.Prepare("INSERT INTO schema_migrations (version, description, "
                   "applied_at_micros) VALUES (?, ?, ?)"));
    FV_RETURN_IF_ERROR(record.BindInt64(1, migration.version));
    FV_RETURN_IF_ERROR(record.BindText(2, migration.description));
    FV_RETURN_IF_ERROR(record.BindInt64(3, context.clock.NowMicros()));
    FV_RETURN_IF_ERROR_CTX(record.Run(), context_text);
    ++applied;
  }
  return applied;
}

}  // namespace fieldvault::core
