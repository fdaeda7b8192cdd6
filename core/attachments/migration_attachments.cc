// Migration: attachments and their chunks (core/attachments/).
#include "core/attachments/attachment_store.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateAttachments(Database& db, const MigrationContext& /*context*/) {
  return CreateAttachmentSchema(db);
}

}  // namespace fieldvault::core
