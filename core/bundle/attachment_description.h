// One line of a bundle's records/attachment.jsonl: what the sender says
// of an attachment (owner, original name or null once redacted, MIME type,
// size, BLAKE2b-512, capture date, metadata version). Parsed strictly: the
// line comes from another vault, so every field is type-checked (no JSON
// exception can escape), unknown fields are refused, and the size and
// hash must be those the manifest lists for attachments/<id>.
#ifndef FIELDVAULT_CORE_BUNDLE_ATTACHMENT_DESCRIPTION_H_
#define FIELDVAULT_CORE_BUNDLE_ATTACHMENT_DESCRIPTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/attachments/attachment_store.h"
#include "core/bundle/manifest.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

struct AttachmentDescription {
  std::string id;
  uint64_t size = 0;
  std::string blake2b;  // lowercase hex
  NewAttachment request;               // to store it when new
  ReceivedAttachmentMetadata metadata;  // to update it when already held
};

// Parses one line; `where` names it in errors ("records/attachment.jsonl
// line 3"). kCorruption naming the field for anything else than the
// format of docs/bundle-format.md.
Result<AttachmentDescription> ParseAttachmentDescription(std::string_view line,
                                                         const std::string& where);

// OK when `description` says the same size and hash as the manifest's
// entry for its content; kCorruption otherwise.
Status CheckAgainstManifest(const AttachmentDescription& description,
                            const ManifestFile& content);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_ATTACHMENT_DESCRIPTION_H_
