// The bundle manifest (manifest.json): what a bundle claims to be, who sent
// it to whom, and the size and BLAKE2b-512 of every other file in it.
//
// The sender signs the manifest's exact bytes (manifest.json.minisig), so
// the verifier checks the signature over the bytes it received and only
// then trusts what ParseManifest returns. The parser is strict: unknown
// format or version (kUnsupported), a missing or unknown field, a field of
// the wrong type or shape, a duplicate key or a duplicate file path
// (kCorruption), each with a message naming the field. Nothing here does
// crypto; the field layout is described in docs/bundle-format.md.
#ifndef FIELDVAULT_CORE_BUNDLE_MANIFEST_H_
#define FIELDVAULT_CORE_BUNDLE_MANIFEST_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/blake2b.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

struct ManifestSender {
  std::string minisign_public_key;  // base64, as on a minisign .pub line
  std::string key_id;               // 16 uppercase hex digits
  std::string display_name;         // chosen by the sender; may be empty
};

struct ManifestScope {
  std::string kind;                       // "all", "since-last", "incidents"
  std::string since;                      // RFC 3339 UTC, or "" (not since-last)
  std::vector<std::string> incident_ids;  // UUIDs, only for "incidents"
};

// Sequence numbers first to last (inclusive) of a sender's chain.
struct SequenceRange {
  uint64_t first = 0;
  uint64_t last = 0;
  bool operator==(const SequenceRange&) const = default;
};

struct ManifestFile {
  std::string path;  // passes CheckMemberPath
  uint64_t size = 0;
  crypto::Blake2b512 blake2b{};
};

struct Manifest {
  std::string bundle_id;   // lowercase UUID
  std::string created_at;  // RFC 3339 UTC, e.g. "2020-02-22T09:30:00Z"
  ManifestSender sender;
  uint64_t sequence = 0;   // 1 for the sender's first bundle
  // BLAKE2b-512 of the sender's previous manifest.json; absent at sequence 1.
  std::optional<crypto::Blake2b512> previous_manifest;
  std::vector<std::string> recipients;  // age1... strings, at least one
  // For a recipient of this bundle: the numbers just before this one that
  // went only to others (since its previous bundle from this sender, or
  // from 1), so that it can tell them from lost bundles. Only recipients
  // with such numbers have an entry; each range ends before `sequence`.
  std::map<std::string, SequenceRange> sent_to_others;
  std::string profile;                  // "hq" or "public"
  ManifestScope scope;
  std::map<std::string, uint64_t> record_counts;  // record type -> count
  std::map<std::string, uint64_t> left_out;       // what the profile dropped
  std::vector<ManifestFile> files;  // every member but manifest + signature
};

// The exact bytes of manifest.json for `manifest` (UTF-8 JSON, two-space
// indent, fields in documented order, final newline). Does not validate;
// callers build manifests from checked values.
std::string SerializeManifest(const Manifest& manifest);

// Parses and checks manifest.json (see the header comment for errors).
// At most kMaxManifestBytes are accepted.
Result<Manifest> ParseManifest(std::string_view text);

// True for a path in the payload (what B2SUMS lists): any member but
// manifest.json, manifest.json.minisig and B2SUMS.
bool IsPayloadPath(std::string_view path);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_MANIFEST_H_
