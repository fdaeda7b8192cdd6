#include "core/attachments/attachment_store.h"

#include <algorithm>
#include <array>
#include <memory>

#include "core/attachments/mime_type.h"
#include "core/records/model.h"
#include "core/uuid.h"
#include "core/records/validation.h"
#include "core/text/utf8.h"
#include "crypto/background_hasher.h"
#include "crypto/encoding.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::core {
namespace {

constexpr std::array<std::string_view, 5> kOwnerTypes = {
    kIncidentType, kPersonType, kDetentionType, kWitnessAccountType,
    kSourceType};

// Every 64 chunks (16 MiB) the kernel is asked to start writing the vault
// file out, so the disk works while the CPU encrypts instead of all at the
// final fsync.
constexpr int64_t kChunksPerWritebackHint = 64;

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

// Keeps only the last path component: a path may name people or places
// ("/home/…/witness Testova/IMG_1.jpg") and the vault needs only the name.
std::string BaseName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return std::string(name);
}

Status CheckName(std::string_view name) {
  if (!IsValidUtf8(name) || name.size() > kMaxAttachmentNameBytes) {
    return Status::InvalidArgument(
        "the file name is not valid UTF-8 or is too long");
  }
  if (FindControlCharacter(name) != std::string_view::npos) {
    return Status::InvalidArgument("the file name holds a control character")
        .WithHint("rename the file without line breaks or invisible characters");
  }
  return Status::Ok();
}

Status CheckRequest(const NewAttachment& request) {
  if (std::find(kOwnerTypes.begin(), kOwnerTypes.end(), request.owner_type) ==
      kOwnerTypes.end()) {
    return Status::InvalidArgument("an attachment cannot belong to a '" +
                                   request.owner_type + "'")
        .WithHint("attach to an incident, person, detention, witness "
                  "account or source");
  }
  if (!IsCanonicalUuid(request.owner_id)) {
    return Status::InvalidArgument("'" + request.owner_id +
                                   "' is not a record id")
        .WithHint("record ids look like 2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10");
  }
  if (!request.id.empty() && !IsCanonicalUuid(request.id)) {
    return Status::InvalidArgument("'" + request.id +
                                   "' is not an attachment id");
  }
  if (!request.mime_type.empty() && !IsValidMimeType(request.mime_type)) {
    return Status::InvalidArgument("'" + request.mime_type +
                                   "' is not a MIME type such as image/jpeg");
  }
  FV_RETURN_IF_ERROR(CheckName(request.original_name));
  if (request.version < 1 || (request.name_redacted && !request.original_name.empty())) {
    return Status::InvalidArgument("an attachment's version is 1 or more, "
                                   "and a redacted one has no name");
  }
  return Status::Ok();
}

// Stores `bytes` as chunk `seq` of attachment `id`.
Status StoreChunk(Statement& insert, std::string_view id, int64_t seq,
                  std::span<const uint8_t> bytes) {
  FV_RETURN_IF_ERROR(insert.Reset());
  FV_RETURN_IF_ERROR(insert.BindText(1, id));
  FV_RETURN_IF_ERROR(insert.BindInt64(2, seq));
  FV_RETURN_IF_ERROR(insert.BindBlob(3, bytes));
  return insert.Run();
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

Result<Attachment> AddAttachment(Database& db, const NewAttachment& input,
                                 crypto::ByteSource& content,
                                 crypto::RandomSource& random,
                                 int64_t now_micros,
                                 std::string_view created_by) {
  NewAttachment request = input;
  request.original_name = BaseName(input.original_name);
  FV_RETURN_IF_ERROR(CheckRequest(request));
  if (!request.id.empty()) {
    FV_ASSIGN_OR_RETURN(Statement taken,
                        db.Prepare("SELECT 1 FROM attachments WHERE id = ?1"));
    FV_RETURN_IF_ERROR(taken.BindText(1, request.id));
    FV_ASSIGN_OR_RETURN(bool exists, taken.Step());
    if (exists) {
      return Status::AlreadyExists("attachment " + request.id +
                                   " is already in the vault");
    }
  }
  Attachment attachment{request.id.empty() ? NewUuid(random) : request.id,
                        request.owner_type, request.owner_id,
                        request.original_name, request.mime_type, 0, "",
                        request.captured_at, now_micros,
                        std::string(created_by), now_micros, request.version};
  if (request.name_redacted) attachment.original_name.reset();
  // The row goes in first (chunks refer to it) and gets its size and hash
  // once the content has streamed through.
  FV_ASSIGN_OR_RETURN(
      Statement insert_row,
      db.Prepare("INSERT INTO attachments (id, owner_type, owner_id,"
                 " original_name, mime_type, size, blake2b_512, captured_at,"
                 " chunk_bytes, created_at, created_by, updated_at, version)"
                 " VALUES (?1, ?2, ?3, ?4, '', 0, '', ?5, ?6, ?7, ?8, ?7, ?9)"));
  FV_RETURN_IF_ERROR(insert_row.BindText(1, attachment.id));
  FV_RETURN_IF_ERROR(insert_row.BindText(2, attachment.owner_type));
  FV_RETURN_IF_ERROR(insert_row.BindText(3, attachment.owner_id));
  FV_RETURN_IF_ERROR(insert_row.BindOptionalText(4, attachment.original_name));
  FV_RETURN_IF_ERROR(insert_row.BindText(5, attachment.captured_at.text()));
  FV_RETURN_IF_ERROR(insert_row.BindInt64(
      6, static_cast<int64_t>(kAttachmentChunkBytes)));
  FV_RETURN_IF_ERROR(insert_row.BindInt64(7, now_micros));
  FV_RETURN_IF_ERROR(insert_row.BindText(8, attachment.created_by));
  FV_RETURN_IF_ERROR(insert_row.BindInt64(9, attachment.version));
  FV_RETURN_IF_ERROR(insert_row.Run());

  FV_ASSIGN_OR_RETURN(Statement insert_chunk,
                      db.Prepare("INSERT INTO attachment_chunks"
                                 " (attachment_id, seq, data)"
                                 " VALUES (?1, ?2, ?3)"));
  // Two buffers in turn: the hash of one chunk runs on a second thread
  // while SQLCipher encrypts and writes the same bytes, and the next chunk
  // is read into the other buffer.
  // Plaintext: locked and wiped (SecretBytes).
  crypto::SecretBytes buffers[2] = {crypto::SecretBytes(kAttachmentChunkBytes),
                                    crypto::SecretBytes(kAttachmentChunkBytes)};
  // A verified source vouches for the hash itself (see NewAttachment).
  std::optional<crypto::BackgroundHasher> hasher;
  if (!request.verified_blake2b) hasher.emplace();
  for (int64_t seq = 0;; ++seq) {
    std::span<uint8_t> buffer = buffers[seq % 2].MutableReveal();
    FV_ASSIGN_OR_RETURN(size_t n, crypto::ReadFull(content, buffer));
    if (n == 0) break;
    const std::span<const uint8_t> chunk(buffer.data(), n);
    if (hasher) hasher->Update(chunk);
    FV_RETURN_IF_ERROR(StoreChunk(insert_chunk, attachment.id, seq, chunk));
    if (seq == 0 && attachment.mime_type.empty()) {
      attachment.mime_type = GuessMimeType(chunk, request.original_name);
    }
    attachment.size += n;
    if (seq % kChunksPerWritebackHint == kChunksPerWritebackHint - 1) {
      db.StartWriteback();
    }
    if (n < buffer.size()) break;
  }
  if (attachment.mime_type.empty()) {
    attachment.mime_type = GuessMimeType({}, request.original_name);
  }
  // A verified source has already failed the read above if its bytes did
  // not hash to the given value.
  attachment.blake2b_512 = crypto::HexEncode(
      request.verified_blake2b ? *request.verified_blake2b : hasher->Finish());

  FV_ASSIGN_OR_RETURN(Statement finish,
                      db.Prepare("UPDATE attachments SET mime_type = ?2,"
                                 " size = ?3, blake2b_512 = ?4 WHERE id = ?1"));
  FV_RETURN_IF_ERROR(finish.BindText(1, attachment.id));
  FV_RETURN_IF_ERROR(finish.BindText(2, attachment.mime_type));
  FV_RETURN_IF_ERROR(
      finish.BindInt64(3, static_cast<int64_t>(attachment.size)));
  FV_RETURN_IF_ERROR(finish.BindText(4, attachment.blake2b_512));
  FV_RETURN_IF_ERROR(finish.Run());
  return attachment;
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
  const bool well_formed =
      prefix.size() >= 4 && prefix.size() <= 36 &&
      std::all_of(prefix.begin(), prefix.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
      });
  // Appended, not "'" + ...: g++ 12 reports a false -Wrestrict on that.
  std::string quoted;
  quoted.append("'").append(prefix).append("'");
  if (!well_formed) {
    return Status::InvalidArgument(quoted + " is not an attachment id")
        .WithHint("give at least the first 4 characters of the id shown by "
                  "`fieldvault attach list`");
  }
  // The prefix holds only hex digits and dashes, so LIKE sees no wildcard.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT id FROM attachments WHERE id LIKE ?1 || '%' LIMIT 2"));
  FV_RETURN_IF_ERROR(select.BindText(1, prefix));
  FV_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) {
    return Status::NotFound("no attachment " + std::string(prefix))
        .WithHint("`fieldvault attach list` shows the attachments");
  }
  std::string id = select.ColumnText(0);
  FV_ASSIGN_OR_RETURN(bool more, select.Step());
  if (more) {
    return Status::InvalidArgument(quoted + " matches several attachments")
        .WithHint("give more characters of the id");
  }
  return id;
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

Result<Attachment> ExtractAttachment(Database& db, std::string_view id,
                                     crypto::ByteSink& sink,
                                     ContentCheck check) {
  FV_ASSIGN_OR_RETURN(Attachment attachment, GetAttachment(db, id));
  FV_ASSIGN_OR_RETURN(
      Statement size_query,
      db.Prepare("SELECT chunk_bytes FROM attachments WHERE id = ?1"));
  FV_RETURN_IF_ERROR(size_query.BindText(1, attachment.id));
  FV_ASSIGN_OR_RETURN(bool found, size_query.Step());
  const int64_t chunk_bytes = found ? size_query.ColumnInt64(0) : 0;
  FV_ASSIGN_OR_RETURN(Statement chunks,
                      db.Prepare("SELECT seq, data FROM attachment_chunks"
                                 " WHERE attachment_id = ?1 ORDER BY seq"));
  FV_RETURN_IF_ERROR(chunks.BindText(1, attachment.id));
  const Status damaged =
      Status::Corruption("attachment " + attachment.id +
                         " does not match what was stored: the vault is "
                         "damaged")
          .WithHint("discard what was extracted; restore the vault from a "
                    "backup or ask the sender for the file again");
  // This version writes kAttachmentChunkBytes; anything up to 64 MiB is
  // read, a larger figure can only be damage.
  if (chunk_bytes <= 0 || chunk_bytes > (int64_t{64} << 20)) return damaged;
  const size_t buffer_bytes = static_cast<size_t>(chunk_bytes);
  // SQLite's blob lives only until the next step, so each chunk is copied
  // into one of two buffers in turn; its hash runs on a second thread while
  // the sink writes it.
  // Declared after the buffers so that it is destroyed first: its thread
  // may still be reading one of them when an error returns early.
  // Plaintext: locked and wiped (SecretBytes).
  crypto::SecretBytes buffers[2];
  std::optional<crypto::BackgroundHasher> hasher;
  if (check == ContentCheck::kHere) {
    hasher.emplace();
    buffers[0] = crypto::SecretBytes(buffer_bytes);
    buffers[1] = crypto::SecretBytes(buffer_bytes);
  }
  uint64_t total = 0;
  for (int64_t expected = 0;; ++expected) {
    FV_ASSIGN_OR_RETURN(bool row, chunks.Step());
    if (!row) break;
    std::span<const uint8_t> data = chunks.ColumnBlob(1);
    // Every chunk but the last is full; a short one in the middle means
    // rows were lost or reordered.
    if (chunks.ColumnInt64(0) != expected ||
        total % static_cast<uint64_t>(chunk_bytes) != 0 ||
        data.size() > static_cast<uint64_t>(chunk_bytes)) {
      return damaged;
    }
    if (!hasher) {  // the caller hashes: no copy needed
      total += data.size();
      FV_RETURN_IF_ERROR(sink.Write(data));
      continue;
    }
    std::span<uint8_t> buffer = buffers[expected % 2].MutableReveal();
    const std::span<const uint8_t> chunk(buffer.data(), data.size());
    std::copy(data.begin(), data.end(), buffer.begin());
    hasher->Update(chunk);
    total += chunk.size();
    FV_RETURN_IF_ERROR(sink.Write(chunk));
  }
  if (total != attachment.size) return damaged;
  if (hasher && crypto::HexEncode(hasher->Finish()) != attachment.blake2b_512) {
    return damaged;
  }
  return attachment;
}

Result<MetadataChange> ApplyReceivedMetadata(Database& db, std::string_view id,
                                             const ReceivedAttachmentMetadata& received,
                                             int64_t now_micros) {
  if (received.original_name) FV_RETURN_IF_ERROR(CheckName(*received.original_name));
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
