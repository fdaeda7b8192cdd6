// Applies a verified bundle's payload to the vault, file by file as the
// bundle reader streams it: records/<type>.jsonl through the records
// module's RecordImporter, records/attachment.jsonl (descriptions) and
// attachments/<uuid> into the attachment store, audit.jsonl kept as
// received evidence (received_audit.h). Runs
// inside the caller's VaultWrite: any error rolls everything back.
#ifndef FIELDVAULT_CORE_BUNDLE_PAYLOAD_IMPORTER_H_
#define FIELDVAULT_CORE_BUNDLE_PAYLOAD_IMPORTER_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/bundle/attachment_description.h"
#include "core/bundle/manifest.h"
#include "core/records/record_exchange.h"
#include "crypto/byte_stream.h"
#include "crypto/random.h"

namespace fieldvault::core::bundle {

// Longest JSON line accepted in a bundle (a record with a long statement).
inline constexpr size_t kMaxJsonLineBytes = 16u << 20;

// Calls `line` for each LF-terminated line of `source` (without the LF).
// kCorruption for a line over `max_line_bytes` or a last line without LF.
Status ForEachLine(crypto::ByteSource& source,
                   const std::function<Status(std::string_view)>& line,
                   size_t max_line_bytes = kMaxJsonLineBytes);

class PayloadImporter {
 public:
  // Everything must outlive the importer.
  PayloadImporter(Database& db, RecordImporter& records,
                  crypto::RandomSource& random, Provenance provenance)
      : db_(db), records_(records), random_(random),
        provenance_(std::move(provenance)) {}

  // Tells the importer which files the bundle holds (the manifest's
  // `files`), before the first Import: a description in
  // records/attachment.jsonl without attachments/<id> is a description
  // only (its name was redacted since the sender sent the content), which
  // updates the attachment held under that id with the same size and hash
  // (ApplyReceivedMetadata) and is otherwise counted in
  // outcomes()["attachment"] as "not held (description only)", never
  // stored: there is no content to store.
  void ExpectFiles(const std::vector<ManifestFile>& files);

  // Imports one payload file. kCorruption for JSON that does not parse, a
  // malformed attachment description or one that disagrees with the
  // manifest, an attachment without a description, or a new attachment
  // whose owner record is neither in the bundle nor in the vault; the records' and
  // attachments' errors (naming the line) otherwise. An attachment already
  // held (same id, size, hash) is not stored again, but its metadata
  // follows the newer version (ApplyReceivedMetadata), counted in
  // outcomes()["attachment"].
  Status Import(const ManifestFile& file, crypto::ByteSource& content);

  const std::map<std::string, std::map<std::string, uint64_t>>& outcomes() const {
    return outcomes_;
  }
  uint64_t attachments() const { return attachments_; }
  // Attachments the vault already held (same id, size and hash): not
  // stored again.
  uint64_t attachments_held() const { return attachments_held_; }
  uint64_t audit_events() const { return audit_events_; }

 private:
  Status ImportRecords(std::string_view type, crypto::ByteSource& content);
  Result<bool> AlreadyHeld(const std::string& id, const ManifestFile& expected);
  Status CheckOwnerHeld(const std::string& id, const AttachmentDescription& d);
  Status ImportAttachment(const std::string& id, const ManifestFile& expected,
                          crypto::ByteSource& content);
  Status ImportDescriptionOnly(const AttachmentDescription& d);

  Database& db_;
  RecordImporter& records_;
  crypto::RandomSource& random_;
  Provenance provenance_;
  std::map<std::string, AttachmentDescription> descriptions_;  // by attachment id
  std::set<std::string> with_content_;  // ids of the attachments/<id> files
  std::map<std::string, std::map<std::string, uint64_t>> outcomes_;
  uint64_t attachments_ = 0;
  uint64_t attachments_held_ = 0;
  uint64_t audit_events_ = 0;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_PAYLOAD_IMPORTER_H_
