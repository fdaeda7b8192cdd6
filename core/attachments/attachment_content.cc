// The content half of attachment_store.h: AddAttachment streams a file
// into chunks, ExtractAttachment streams it back out, checking it, and
// CheckAttachmentContents runs that check over every attachment.
#include <algorithm>
#include <array>
#include <optional>

#include "core/attachments/attachment_name.h"
#include "core/attachments/attachment_store.h"
#include "core/attachments/mime_type.h"
#include "core/db/id_prefix.h"
#include "core/records/model.h"
#include "core/uuid.h"
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

Status CheckRequest(const NewAttachment& request) {
  if (std::find(kOwnerTypes.begin(), kOwnerTypes.end(), request.owner_type) ==
      kOwnerTypes.end()) {
    return Status::InvalidArgument("an attachment cannot belong to a '" +
                                   request.owner_type + "'")
        .WithHint("attach to an incident, person, detention, witness "
                  "account or source");
  }
  if (!IsCanonicalUuid(request.owner_id)) {
    return Status::InvalidArgument(ShownAsId(request.owner_id) +
                                   " is not a record id")
        .WithHint("record ids look like 2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10");
  }
  if (!request.id.empty() && !IsCanonicalUuid(request.id)) {
    return Status::InvalidArgument(ShownAsId(request.id) +
                                   " is not an attachment id");
  }
  if (!request.mime_type.empty() && !IsValidMimeType(request.mime_type)) {
    return Status::InvalidArgument("'" + request.mime_type +
                                   "' is not a MIME type such as image/jpeg");
  }
  FV_RETURN_IF_ERROR(CheckAttachmentName(request.original_name));
  if (request.version < 1 || (request.name_redacted && !request.original_name.empty())) {
    return Status::InvalidArgument("an attachment's version is 1 or more, "
                                   "and a redacted one has no name");
  }
  return Status::Ok();
}

// Stores `bytes` as chunk `seq` of attachment `id`. The bytes are not
// copied (BindBlobNoCopy): SQLite reads them while the row is inserted,
// and the binding is cleared before the buffer is refilled.
Status StoreChunk(Statement& insert, std::string_view id, int64_t seq,
                  std::span<const uint8_t> bytes) {
  FV_RETURN_IF_ERROR(insert.BindText(1, id));
  FV_RETURN_IF_ERROR(insert.BindInt64(2, seq));
  FV_RETURN_IF_ERROR(insert.BindBlobNoCopy(3, bytes));
  Status stored = insert.Run();
  FV_RETURN_IF_ERROR(insert.Reset());
  return stored;
}

// kAlreadyExists when the caller chose an id that is taken.
Status CheckIdFree(Database& db, const std::string& id) {
  if (id.empty()) return Status::Ok();
  FV_ASSIGN_OR_RETURN(Statement taken,
                      db.Prepare("SELECT 1 FROM attachments WHERE id = ?1"));
  FV_RETURN_IF_ERROR(taken.BindText(1, id));
  FV_ASSIGN_OR_RETURN(bool exists, taken.Step());
  if (exists) {
    return Status::AlreadyExists("attachment " + id + " is already in the vault");
  }
  return Status::Ok();
}

// The row goes in first (chunks refer to it) and gets its size and hash
// once the content has streamed through (FinishRow).
Status InsertRow(Database& db, const Attachment& attachment) {
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
  FV_RETURN_IF_ERROR(insert_row.BindInt64(7, attachment.created_at));
  FV_RETURN_IF_ERROR(insert_row.BindText(8, attachment.created_by));
  FV_RETURN_IF_ERROR(insert_row.BindInt64(9, attachment.version));
  return insert_row.Run();
}

// Streams `content` into chunk rows; sets the size, the MIME type when
// none was given, and the hash (unless the source vouches for it).
Status StoreContent(Database& db, const NewAttachment& request,
                    crypto::ByteSource& content, Attachment& attachment) {
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
  return Status::Ok();
}

Status FinishRow(Database& db, const Attachment& attachment) {
  FV_ASSIGN_OR_RETURN(Statement finish,
                      db.Prepare("UPDATE attachments SET mime_type = ?2,"
                                 " size = ?3, blake2b_512 = ?4 WHERE id = ?1"));
  FV_RETURN_IF_ERROR(finish.BindText(1, attachment.id));
  FV_RETURN_IF_ERROR(finish.BindText(2, attachment.mime_type));
  FV_RETURN_IF_ERROR(
      finish.BindInt64(3, static_cast<int64_t>(attachment.size)));
  FV_RETURN_IF_ERROR(finish.BindText(4, attachment.blake2b_512));
  return finish.Run();
}

// The chunk size the attachment was stored with, or `damaged`: this
// version writes kAttachmentChunkBytes; anything up to 64 MiB is read, a
// larger figure can only be damage.
Result<size_t> StoredChunkBytes(Database& db, const std::string& id,
                                const Status& damaged) {
  FV_ASSIGN_OR_RETURN(
      Statement size_query,
      db.Prepare("SELECT chunk_bytes FROM attachments WHERE id = ?1"));
  FV_RETURN_IF_ERROR(size_query.BindText(1, id));
  FV_ASSIGN_OR_RETURN(bool found, size_query.Step());
  const int64_t chunk_bytes = found ? size_query.ColumnInt64(0) : 0;
  if (chunk_bytes <= 0 || chunk_bytes > (int64_t{64} << 20)) return damaged;
  return static_cast<size_t>(chunk_bytes);
}

// What StreamChunks wrote: the byte count and, when it hashed, the digest.
struct Streamed {
  uint64_t total = 0;
  std::optional<crypto::Blake2b512> blake2b;
};

// Writes the chunks of `id` to `sink` in order, hashing them when `hash`.
// `damaged` when a chunk is missing, misplaced or oversized.
Result<Streamed> StreamChunks(Database& db, const std::string& id,
                              size_t chunk_bytes, crypto::ByteSink& sink,
                              bool hash, const Status& damaged) {
  FV_ASSIGN_OR_RETURN(Statement chunks,
                      db.Prepare("SELECT seq, data FROM attachment_chunks"
                                 " WHERE attachment_id = ?1 ORDER BY seq"));
  FV_RETURN_IF_ERROR(chunks.BindText(1, id));
  // SQLite's blob lives only until the next step, so each chunk is copied
  // into one of two buffers in turn; its hash runs on a second thread while
  // the sink writes it.
  // The hasher is declared after the buffers so that it is destroyed
  // first: its thread may still be reading one of them when an error
  // returns early. Plaintext: locked and wiped (SecretBytes).
  crypto::SecretBytes buffers[2];
  std::optional<crypto::BackgroundHasher> hasher;
  if (hash) {
    hasher.emplace();
    buffers[0] = crypto::SecretBytes(chunk_bytes);
    buffers[1] = crypto::SecretBytes(chunk_bytes);
  }
  Streamed streamed;
  for (int64_t expected = 0;; ++expected) {
    FV_ASSIGN_OR_RETURN(bool row, chunks.Step());
    if (!row) break;
    std::span<const uint8_t> data = chunks.ColumnBlob(1);
    // Every chunk but the last is full; a short one in the middle means
    // rows were lost or reordered.
    if (chunks.ColumnInt64(0) != expected || streamed.total % chunk_bytes != 0 ||
        data.size() > chunk_bytes) {
      return damaged;
    }
    streamed.total += data.size();
    if (!hasher) {  // the caller hashes: no copy needed
      FV_RETURN_IF_ERROR(sink.Write(data));
      continue;
    }
    std::span<uint8_t> buffer = buffers[expected % 2].MutableReveal();
    const std::span<const uint8_t> chunk(buffer.data(), data.size());
    std::copy(data.begin(), data.end(), buffer.begin());
    hasher->Update(chunk);
    FV_RETURN_IF_ERROR(sink.Write(chunk));
  }
  if (hasher) streamed.blake2b = hasher->Finish();
  return streamed;
}

// What ExtractAttachment returns for content that is not as recorded.
Status Damaged(const std::string& id) {
  return Status::Corruption("attachment " + id +
                            " does not match what was stored: the vault is "
                            "damaged")
      .WithHint("discard what was extracted; restore the vault from a "
                "backup or ask the sender for the file again");
}

// Counts the bytes a check reads back and drops them: they are needed only
// to be hashed.
class CountingSink final : public crypto::ByteSink {
 public:
  CountingSink(uint64_t& done, uint64_t total, const CheckProgressFn& progress)
      : done_(done), total_(total), progress_(progress) {}
  Status Write(std::span<const uint8_t> bytes) override {
    done_ += bytes.size();
    if (progress_) progress_(done_, total_);
    return Status::Ok();
  }

 private:
  uint64_t& done_;
  uint64_t total_;
  const CheckProgressFn& progress_;
};

}  // namespace

Result<Attachment> AddAttachment(Database& db, const NewAttachment& input,
                                 crypto::ByteSource& content,
                                 crypto::RandomSource& random,
                                 int64_t now_micros,
                                 std::string_view created_by) {
  NewAttachment request = input;
  request.original_name = AttachmentBaseName(input.original_name);
  FV_RETURN_IF_ERROR(CheckRequest(request));
  FV_RETURN_IF_ERROR(CheckIdFree(db, request.id));
  Attachment attachment{request.id.empty() ? NewUuid(random) : request.id,
                        request.owner_type, request.owner_id,
                        request.original_name, request.mime_type, 0, "",
                        request.captured_at, now_micros,
                        std::string(created_by), now_micros, request.version};
  if (request.name_redacted) attachment.original_name.reset();
  FV_RETURN_IF_ERROR(InsertRow(db, attachment));
  FV_RETURN_IF_ERROR(StoreContent(db, request, content, attachment));
  FV_RETURN_IF_ERROR(FinishRow(db, attachment));
  return attachment;
}

Result<Attachment> ExtractAttachment(Database& db, std::string_view id,
                                     crypto::ByteSink& sink,
                                     ContentCheck check) {
  FV_ASSIGN_OR_RETURN(Attachment attachment, GetAttachment(db, id));
  const Status damaged = Damaged(attachment.id);
  FV_ASSIGN_OR_RETURN(size_t chunk_bytes,
                      StoredChunkBytes(db, attachment.id, damaged));
  FV_ASSIGN_OR_RETURN(Streamed streamed,
                      StreamChunks(db, attachment.id, chunk_bytes, sink,
                                   check == ContentCheck::kHere, damaged));
  if (streamed.total != attachment.size) return damaged;
  if (streamed.blake2b &&
      crypto::HexEncode(*streamed.blake2b) != attachment.blake2b_512) {
    return damaged;
  }
  return attachment;
}

Result<AttachmentCheckReport> CheckAttachmentContents(
    Database& db, const CheckProgressFn& progress) {
  FV_ASSIGN_OR_RETURN(std::vector<Attachment> attachments,
                      ListAttachments(db, "", ""));
  AttachmentCheckReport report;
  report.checked = attachments.size();
  for (const Attachment& a : attachments) report.bytes += a.size;
  uint64_t done = 0;
  for (const Attachment& a : attachments) {
    const uint64_t before = done;
    CountingSink sink(done, report.bytes, progress);
    // The very check `attach extract` makes, the bytes dropped instead of
    // written out.
    Result<Attachment> checked = ExtractAttachment(db, a.id, sink);
    if (!checked.ok()) {
      const Status& error = checked.status();
      const bool differs = error.code() == StatusCode::kCorruption &&
                           error.message() == Damaged(a.id).message();
      report.damaged.push_back(
          {a.id, a.original_name,
           differs ? "its content differs from the size, chunks or "
                     "BLAKE2b-512 recorded when it was added"
                   : "its content cannot be read back (" + error.message() +
                         ")"});
    }
    done = before + a.size;  // checked, damaged or not
    if (progress) progress(done, report.bytes);
  }
  return report;
}

}  // namespace fieldvault::core
