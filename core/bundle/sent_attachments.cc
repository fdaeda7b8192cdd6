#include "core/bundle/sent_attachments.h"

namespace fieldvault::core::bundle {

Status CreateSentAttachmentsSchema(Database& db) {
  return db.Exec(
      "CREATE TABLE sent_attachments ("
      " attachment_id TEXT NOT NULL,"
      " bundle_id TEXT NOT NULL,"
      " attachment_updated_at INTEGER NOT NULL,"
      " PRIMARY KEY (attachment_id, bundle_id)) WITHOUT ROWID");
}

Status RecordSentAttachments(Database& db, std::string_view bundle_id,
                             const std::vector<std::string>& attachment_ids) {
  FV_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT OR REPLACE INTO sent_attachments (attachment_id,"
                 " bundle_id, attachment_updated_at) SELECT id, ?2,"
                 " updated_at FROM attachments WHERE id = ?1"));
  for (const std::string& id : attachment_ids) {
    FV_RETURN_IF_ERROR(insert.Reset());
    FV_RETURN_IF_ERROR(insert.BindText(1, id));
    FV_RETURN_IF_ERROR(insert.BindText(2, bundle_id));
    FV_RETURN_IF_ERROR(insert.Run());
  }
  return Status::Ok();
}

Result<bool> ContentSent(Database& db, std::string_view attachment_id,
                         std::string_view previous_bundle_id) {
  return SentUnchanged(db, attachment_id, 0, previous_bundle_id);
}

Result<bool> SentUnchanged(Database& db, std::string_view attachment_id,
                           int64_t updated_at_micros,
                           std::string_view previous_bundle_id) {
  // The bundles that count are those LastSentBundleTo would pick
  // (bundle_registry.h): a failed or interrupted one may never have left.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT 1 FROM sent_attachments s"
                 " JOIN sent_bundles b ON b.bundle_id = s.bundle_id"
                 " JOIN sent_bundles p ON p.bundle_id = ?3"
                 " WHERE s.attachment_id = ?1"
                 " AND s.attachment_updated_at >= ?2"
                 " AND b.profile = p.profile AND b.recipients = p.recipients"
                 " AND b.scope_kind != 'incidents' AND b.state = 'written'"
                 " LIMIT 1"));
  FV_RETURN_IF_ERROR(select.BindText(1, attachment_id));
  FV_RETURN_IF_ERROR(select.BindInt64(2, updated_at_micros));
  FV_RETURN_IF_ERROR(select.BindText(3, previous_bundle_id));
  return select.Step();
}

}  // namespace fieldvault::core::bundle
