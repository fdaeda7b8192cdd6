// Attachments (photos, audio, video, documents) stored inside vault.db, so
// that they are encrypted with it and one transaction covers a record and
// its files.
//
// Content is split into chunks of kAttachmentChunkBytes, one row each in
// `attachment_chunks`; the `attachments` row holds the owner record, the
// original file name (which can be redacted), the MIME type, the size, the
// BLAKE2b-512 of the plaintext (hex, as `b2sum` prints it) and when the
// content was captured. Adding and extracting stream through one chunk
// buffer, so memory does not grow with the file; a 2 GiB file works.
// Extracting re-hashes the content and refuses it if the hash, the size or
// the chunk sequence disagree with what was recorded; an export checks the
// size and the chunk sequence only (ContentCheck::kChunksAndSize), and
// CheckAttachmentContents re-hashes every attachment as extracting does.
//
// These functions work on a Database inside the caller's transaction (a
// VaultWrite's db()); the caller appends the custody event and commits.
// attachment_content.cc streams content in and out; attachment_store.cc
// holds the schema, look-ups and metadata edits; attachment_name.h the
// rules for original file names.
#ifndef FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_STORE_H_
#define FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "core/records/partial_date.h"
#include "crypto/blake2b.h"
#include "crypto/byte_stream.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr size_t kAttachmentChunkBytes = 256 * 1024;
inline constexpr std::string_view kAttachmentType = "attachment";
// Longest original file name kept, in bytes (longer names are refused).
inline constexpr size_t kMaxAttachmentNameBytes = 1024;

struct Attachment {
  std::string id;          // UUID
  std::string owner_type;  // "incident", "person", "detention", ...
  std::string owner_id;    // the owner record's UUID
  std::optional<std::string> original_name;  // nullopt once redacted
  std::string mime_type;
  uint64_t size = 0;
  std::string blake2b_512;  // lowercase hex of the plaintext's hash
  PartialDate captured_at;
  int64_t created_at = 0;  // microseconds since the epoch, UTC
  std::string created_by;  // the vault (later: key) id that added it
  int64_t updated_at = 0;
  int64_t version = 1;
};

struct NewAttachment {
  std::string owner_type;
  std::string owner_id;
  std::string original_name;  // base name only; a path is cut to its base
  std::string mime_type;      // empty: guessed from content and name
  PartialDate captured_at;
  // Set when the content source already checks the content against this
  // hash: it fails (an error, not the end of the stream) unless all it gave
  // hashes to it, as a bundle member checked against its manifest does.
  // The store then records it instead of hashing every byte a second time.
  std::optional<crypto::Blake2b512> verified_blake2b = std::nullopt;
  // The id to give it (a canonical UUID, e.g. the sender's, so that the
  // same attachment received twice is recognised); empty: a new one.
  std::string id = "";
  // For one received in a bundle: the sender's metadata version (so later
  // versions compare right) and whether its name was already redacted
  // there (then stored as redacted; original_name must be empty).
  int64_t version = 1;
  bool name_redacted = false;
};

// What another vault sent about an attachment this one already holds with
// the same content.
struct ReceivedAttachmentMetadata {
  std::optional<std::string> original_name;  // nullopt: redacted there
  PartialDate captured_at;
  int64_t version = 1;
};

enum class MetadataChange { kUpdated, kUnchanged, kIgnoredOlder };

// How much of an extracted attachment's content ExtractAttachment checks.
enum class ContentCheck {
  // The chunk sequence, the size and the BLAKE2b-512 of every byte.
  kHere,
  // The chunk sequence and the size only. Every byte still comes through
  // SQLCipher, which authenticates each page it reads (a damaged page is
  // an error), but content changed through the database itself is not
  // noticed: an export, whose recipient checks every byte against the
  // recorded hash, uses this; `check --attachments` re-hashes instead.
  kChunksAndSize,
};

// Creates the attachment tables; used by the attachments migration.
Status CreateAttachmentSchema(Database& db);

// Streams all of `content` into a new attachment. Returns its record.
// Whether the owner record exists is the caller's business (the records
// store knows); here only its form is checked. Errors: kInvalidArgument
// (unknown owner type, malformed owner id, attachment id or MIME type, a
// name that is not UTF-8 or too long); kAlreadyExists when the given id
// is taken; the source's read errors; kIoError from the database. On
// error the caller's transaction must be rolled back.
Result<Attachment> AddAttachment(Database& db, const NewAttachment& request,
                                 crypto::ByteSource& content,
                                 crypto::RandomSource& random,
                                 int64_t now_micros,
                                 std::string_view created_by);

// The attachment `id`; kNotFound if there is none.
Result<Attachment> GetAttachment(Database& db, std::string_view id);

// The full id of the attachment whose id starts with `prefix` (at least 4
// characters), so monitors can type "2f1c8a4e". kNotFound; kInvalidArgument
// when the prefix is too short, not hex-and-dashes, or matches several.
Result<std::string> ResolveAttachmentId(Database& db, std::string_view prefix);

// Attachments of one owner (both empty: all), oldest first.
Result<std::vector<Attachment>> ListAttachments(Database& db,
                                                std::string_view owner_type,
                                                std::string_view owner_id);

// Writes the content of attachment `id` to `sink`, checking it as it goes.
// Returns the attachment's record. kNotFound; kCorruption when a chunk is
// missing or misplaced, or the size or BLAKE2b-512 differ from those
// recorded (by then `sink` has received data that must be discarded);
// the sink's write errors. With ContentCheck::kChunksAndSize the content
// is not hashed (chunk order and size are still checked).
Result<Attachment> ExtractAttachment(Database& db, std::string_view id,
                                     crypto::ByteSink& sink,
                                     ContentCheck check = ContentCheck::kHere);

// An attachment whose stored content failed CheckAttachmentContents.
struct DamagedAttachment {
  std::string id;
  std::optional<std::string> original_name;  // nullopt once redacted
  std::string problem;  // one line: what reading it back found
};

// What CheckAttachmentContents read and found.
struct AttachmentCheckReport {
  uint64_t checked = 0;  // attachments
  uint64_t bytes = 0;    // their recorded sizes, summed
  std::vector<DamagedAttachment> damaged;  // empty: all as recorded
};

// Called with (bytes checked so far, bytes recorded in all) as a check goes.
using CheckProgressFn = std::function<void(uint64_t done, uint64_t total)>;

// Reads back the content of every attachment and compares its chunk
// sequence, size and BLAKE2b-512 with those recorded at ingest, through
// ExtractAttachment's own check (ContentCheck::kHere), discarding the
// bytes: memory holds two chunks whatever the sizes. The report lists the
// damaged attachments in ListAttachments order; one whose content cannot
// be read at all (SQLCipher refuses a page that fails its HMAC) is damaged
// too, and the check goes on with the next. Errors only when the list of
// attachments cannot be read (kCorruption, kIoError). `progress` may be
// empty.
Result<AttachmentCheckReport> CheckAttachmentContents(
    Database& db, const CheckProgressFn& progress);

// Applies `received` to attachment `id` as records are merged: a higher
// version than the one held replaces the name and capture date and takes
// that version; an equal version is left as it is (kUnchanged), a lower
// one ignored (kIgnoredOlder). A name this vault redacted is never brought
// back, whatever the version: redaction protects someone. Owner, type,
// size and content never change here. kNotFound; kInvalidArgument for a
// name that is not UTF-8 or too long, or a version below 1.
Result<MetadataChange> ApplyReceivedMetadata(Database& db, std::string_view id,
                                             const ReceivedAttachmentMetadata& received,
                                             int64_t now_micros);

// Forgets the original file name of attachment `id` (e.g. it names a
// witness), bumping its version. kNotFound if there is no such attachment.
Status RedactAttachmentName(Database& db, std::string_view id,
                            int64_t now_micros);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_STORE_H_
