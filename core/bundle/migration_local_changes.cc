// Migration 10: when each record changed in this vault (changed_at,
// core/records/local_changes.h), which --since-last selects by instead of
// the sender's updated_at, and which attachments each sent bundle carried
// (core/bundle/sent_attachments.h), so that an attachment goes when its
// owner goes and the receiver may not have it yet.
#include "core/bundle/sent_attachments.h"
#include "core/records/local_changes.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateLocalChanges(Database& db, const MigrationContext& /*context*/) {
  FV_RETURN_IF_ERROR(AddChangedAtColumns(db));
  FV_RETURN_IF_ERROR(BackfillChangedAt(db));
  return bundle::CreateSentAttachmentsSchema(db);
}

}  // namespace fieldvault::core
