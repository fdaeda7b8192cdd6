// The record half of attachment_store.h: the schema, look-ups and
// metadata edits. The content (chunks in and out) is attachment_content.cc.
#include "core/attachments/attachment_store.h"

#include "core/attachments/attachment_name.h"
#include "core/db/id_prefix.h"

namespace fieldvault::core {
namespace {

constexpr char kSelectColumns[] =
    "SELECT id, owner_type, owner_id, original_name, mime_type, size,"
    " blake2b_512, captured_at, created_at, created_by, updated_at, version"
    " FROM attachments";

Result<Attachment> ReadRow(const Statement& row) {
  Attachment attachment;
  attachment.id = row.ColumnText(0);
  attachment.owner_type = row.ColumnText(1);
  attachment.owner_id = row.ColumnText(2);
  attachment.original_name = row.ColumnOptionalText(3);
  attachment.mime_type = row.ColumnText(4);
  attachment.size = static_cast<uint64_t>(row.ColumnInt64(5));
  attachment.blake2b_512 = row.ColumnText(6);
  auto captured = PartialDate::Parse(row.ColumnText(7));
  if (!captured.ok()) {
    return Status::Corruption("attachment " + attachment.id +
                              " has a damaged capture date");
  }
  attachment.captured_at = *captured;
  attachment.created_at = row.ColumnInt64(8);
  attachment.created_by = row.ColumnText(9);
  attachment.updated_at = row.ColumnInt64(10);
  attachment.version = row.ColumnInt64(11);
  return attachment;
}

}  // namespace

Status CreateAttachmentSchema(Database& db) {
  // Chunks are a rowid table: 256 KiB rows live in overflow pages, which
  // WITHOUT ROWID tables handle badly.
  return db.Exec(
      "CREATE TABLE IF NOT EXISTS attachments ("
      "  id TEXT PRIMARY KEY,"
      "  owner_type TEXT NOT NULL,"
      "  owner_id TEXT NOT NULL,"
      "  original_name TEXT,"
      "  mime_type TEXT NOT NULL,"
      "  size INTEGER NOT NULL,"
      "  blake2b_512 TEXT NOT NULL,"
      "  captured_at TEXT NOT NULL,"
      "  chunk_bytes INTEGER NOT NULL,"
      "  created_at INTEGER NOT NULL,"
      "  created_by TEXT NOT NULL,"
      "  updated_at INTEGER NOT NULL,"
      "  version INTEGER NOT NULL);"
      "CREATE INDEX IF NOT EXISTS attachments_by_owner"
      "  ON attachments (owner_type, owner_id);"
      "CREATE TABLE IF NOT EXISTS attachment_chunks ("
      "  attachment_id TEXT NOT NULL REFERENCES attachments (id),"
      "  seq INTEGER NOT NULL,"
      "  data BLOB NOT NULL,"
      "  PRIMARY KEY (attachment_id, seq));");
}

Result<Attachment> GetAttachment(Database& db, std::string_view id) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare(std::string(kSelectColumns) + " WHERE id = ?1"));
  FV_RETURN_IF_ERROR(select.BindText(1, id));
  FV_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) {
    return Status::NotFound("no attachment " + std::string(id))
        .WithHint("`fieldvault attach list` shows the attachments");
  }
  return ReadRow(select);
}

Result<std::string> ResolveAttachmentId(Database& db,
                                        std::string_view prefix) {
  // Never the text itself unless it is made of id characters: it may be
  // a passphrase typed in the wrong place.
  const std::string quoted = ShownAsId(prefix);
  if (!IsIdPrefix(prefix)) {
    return Status::InvalidArgument(quoted + " is not an attachment id")
        .WithHint("give at least the first 4 characters of the id shown by "
                  "`fieldvault attach list`");
  }
  FV_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                      FindIdsWithPrefix(db, "attachments", prefix, 2));
  if (ids.empty()) {
    return Status::NotFound("no attachment " + std::string(prefix))
        .WithHint("`fieldvault attach list` shows the attachments");
  }
  if (ids.size() > 1) {
    return Status::InvalidArgument(quoted + " matches several attachments")
        .WithHint("give more characters of the id");
  }
  return ids.front();
}

Result<std::vector<Attachment>> ListAttachments(Database& db,
                                                std::string_view owner_type,
                                                std::string_view owner_id) {
  std::string sql = kSelectColumns;
  if (!owner_type.empty()) sql += " WHERE owner_type = ?1 AND owner_id = ?2";
  sql += " ORDER BY created_at, id";
  FV_ASSIGN_OR_RETURN(Statement select, db.Prepare(sql));
  if (!owner_type.empty()) {
    FV_RETURN_IF_ERROR(select.BindText(1, owner_type));
    FV_RETURN_IF_ERROR(select.BindText(2, owner_id));
  }
  std::vector<Attachment> attachments;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return attachments;
    FV_ASSIGN_OR_RETURN(Attachment attachment, ReadRow(select));
    attachments.push_back(std::move(attachment));
  }
}

Result<MetadataChange> ApplyReceivedMetadata(Database& db, std::string_view id,
                                             const ReceivedAttachmentMetadata& received,
                                             int64_t now_micros) {
  if (received.original_name) FV_RETURN_IF_ERROR(CheckAttachmentName(*received.original_name));
  if (received.version < 1) {
    return Status::InvalidArgument("an attachment's version is 1 or more");
  }
  FV_ASSIGN_OR_RETURN(Attachment held, GetAttachment(db, id));
  if (received.version < held.version) return MetadataChange::kIgnoredOlder;
  if (received.version == held.version) return MetadataChange::kUnchanged;
  // The sender's later edit wins, except that a name redacted here stays
  // redacted: the sender may not know why it was removed.
  std::optional<std::string> name = held.original_name ? received.original_name
                                                       : std::nullopt;
  FV_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE attachments SET original_name = ?2, captured_at = ?3,"
                 " updated_at = ?4, version = ?5 WHERE id = ?1"));
  FV_RETURN_IF_ERROR(update.BindText(1, id));
  FV_RETURN_IF_ERROR(update.BindOptionalText(2, name));
  FV_RETURN_IF_ERROR(update.BindText(3, received.captured_at.text()));
  FV_RETURN_IF_ERROR(update.BindInt64(4, now_micros));
  FV_RETURN_IF_ERROR(update.BindInt64(5, received.version));
  FV_RETURN_IF_ERROR(update.Run());
  return MetadataChange::kUpdated;
}

Status RedactAttachmentName(Database& db, std::string_view id,
                            int64_t now_micros) {
  FV_ASSIGN_OR_RETURN(
      Statement update,
      db.Prepare("UPDATE attachments SET original_name = NULL,"
                 " updated_at = ?2, version = version + 1 WHERE id = ?1"));
  FV_RETURN_IF_ERROR(update.BindText(1, id));
  FV_RETURN_IF_ERROR(update.BindInt64(2, now_micros));
  FV_RETURN_IF_ERROR(update.Run());
  if (db.Changes() == 0) {
    return Status::NotFound("no attachment " + std::string(id));
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
