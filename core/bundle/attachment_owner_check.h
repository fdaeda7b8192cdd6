// Whether each new attachment of a bundle has its owner record: carried
// in the same bundle, or held by the receiving vault. A sender puts an
// attachment in a bundle only with its owner or after a bundle that
// carried it (docs/bundle-format.md), so one whose owner is in neither is
// refused: stored, it would belong to no record that any list, report or
// later export shows. The importer checks the vault after applying the
// bundle's records (payload_importer.h); `verify`, which applies nothing,
// uses AttachmentOwnerCheck, which notes the ids the records files carry
// as they stream past, in a Bloom filter of fixed size (4 MiB, whatever
// the bundle holds): a false "carried", below one in five thousand even
// at a million records, only lets verify pass an attachment that import
// then refuses.
#ifndef FIELDVAULT_CORE_BUNDLE_ATTACHMENT_OWNER_CHECK_H_
#define FIELDVAULT_CORE_BUNDLE_ATTACHMENT_OWNER_CHECK_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/bundle/attachment_description.h"
#include "core/bundle/manifest.h"
#include "core/db/database.h"
#include "crypto/byte_stream.h"

namespace fieldvault::core::bundle {

// The kCorruption (with what to do) for attachment `id` of `owner_type`
// `owner_id` that is neither in the bundle nor in the vault.
Status AttachmentOwnerNowhere(std::string_view id, std::string_view owner_type,
                              std::string_view owner_id);

// The kCorruption (with what to do) for record `id` of `type` (a detention
// or a witness account) whose `ref_type` `ref_id` (its incident or its
// person) is neither in the bundle nor in this vault: typically earlier
// bundles of the sender were not imported here. Never SQLite's wording.
Status RecordReferenceNowhere(std::string_view type, std::string_view id,
                              std::string_view ref_type, std::string_view ref_id);

// Calls `member(key, value)` for each top-level member of the JSON object
// `line` whose value is a string without escapes, in order. A scan, not a
// parse: it trusts nothing else about the line (the importer parses it
// fully).
void ForEachTopLevelText(
    std::string_view line,
    const std::function<void(std::string_view key, std::string_view value)>& member);

// The value of the first top-level "id" member of the JSON object `line`
// when it is a string without escapes, else nullopt (ForEachTopLevelText).
std::optional<std::string_view> TopLevelId(std::string_view line);

// Called with each line of records/<type>.jsonl as it streams past, for
// a caller that looks at the records too (verify's ForeignChangePreview);
// an error stops the check.
using RecordLineObserver =
    std::function<Status(std::string_view type, std::string_view line)>;

class AttachmentOwnerCheck {
 public:
  // `db` is read only, and must outlive the check. `observe` may be empty.
  explicit AttachmentOwnerCheck(Database& db, RecordLineObserver observe = {});

  // Looks at one payload file as the bundle reader streams it (in bundle
  // order: records, then descriptions, then attachments): notes the ids
  // of records/<type>.jsonl and the descriptions of
  // records/attachment.jsonl, and for attachments/<id> not already held
  // requires its owner to be noted or in the vault
  // (AttachmentOwnerNowhere otherwise). Likewise each detention's incident
  // and person, and each witness account's incident, must be noted (their
  // files come first) or in the vault (RecordReferenceNowhere), as the
  // import's foreign keys require. Other files are left unread.
  // kCorruption for malformed lines or descriptions; kIoError.
  Status Check(const ManifestFile& file, crypto::ByteSource& content);

 private:
  void NoteCarried(std::string_view type, std::string_view id);
  bool MayBeCarried(std::string_view type, std::string_view id) const;
  Status RequireReference(std::string_view type, std::string_view id,
                          std::string_view ref_type, std::string_view ref_id);

  Database& db_;
  RecordLineObserver observe_;
  std::unordered_set<std::string> held_;  // "type id" found in the vault
  std::vector<uint64_t> carried_;  // the Bloom filter's bits, (type, id)
  std::map<std::string, std::pair<std::string, std::string>> owners_;  // by attachment
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_ATTACHMENT_OWNER_CHECK_H_
