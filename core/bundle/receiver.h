// `verify` and `import` at headquarters: opening a received bundle,
// checking it end to end, and (for import) merging it into the vault in
// one transaction.
//
// Checks, in order, each reported as passed, failed or warned:
//   decrypt     the age file opens with one of this vault's identities
//               (or those given) and is neither altered nor truncated
//   manifest    manifest.json and its signature file are well-formed
//   signer      the manifest's key is a trusted signer (unknown: refused,
//               naming its fingerprint and the command to trust it;
//               revoked: refused)
//   signature   the minisign signature and its trusted comment hold
//   recipient   this vault is among the manifest's intended recipients
//               (a bundle re-encrypted to us by someone else is refused)
//   sequence    the per-signer rule of bundle_registry.h (a gap: warning)
//   files       every file matches the manifest, none unlisted or unsafe
// Import then applies records/*.jsonl with the records module's
// RecordImporter (provenance: signer key id, bundle id), stores the
// attachments, registers the bundle (hash, signer, sequence, verdict) and
// appends an "imported" custody event, all in one VaultWrite. A refused
// import changes nothing but is registered as refused, as evidence.
// Verify (options.import false) registers its verdict too, in one small
// write: "verified" with a "verified" custody event, or "refused" with the
// reason and a "bundle refused" event. Only "imported" rows count for the
// sequence rule, so verifying a bundle any number of times changes nothing
// for its later import.
#ifndef FIELDVAULT_CORE_BUNDLE_RECEIVER_H_
#define FIELDVAULT_CORE_BUNDLE_RECEIVER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle/manifest.h"
#include "core/names/match_key.h"
#include "core/search/search_index.h"
#include "core/vault/vault.h"
#include "crypto/age.h"

namespace fieldvault::core::bundle {

struct Check {
  enum class Outcome { kPassed, kWarning, kFailed };
  std::string name;  // "decrypt", "manifest", "signer", ...
  Outcome outcome = Outcome::kPassed;
  std::string detail;
};

struct ReceiveReport {
  std::string path;
  std::string bundle_blake2b;       // hex, when the whole file was read
  std::optional<Manifest> manifest; // once parsed (trusted only if passed())
  std::string signer_label;
  std::string signer_fingerprint;
  std::string sequence_text;        // "next after 3", "missing 4, 5", ...
  bool already_imported = false;
  bool imported = false;
  // Import outcomes: record type -> outcome name -> count.
  std::map<std::string, std::map<std::string, uint64_t>> outcomes;
  uint64_t attachments = 0;        // stored
  uint64_t attachments_held = 0;   // already in the vault (same id and hash)
  uint64_t audit_events = 0;
  std::vector<Check> checks;
  Status error;  // the first failure, with its hint; OK when passed()

  bool passed() const { return error.ok(); }
};

struct ReceiveOptions {
  bool import = false;
  // Identities to decrypt with instead of the vault's (verify --identity).
  std::vector<crypto::AgeIdentity> identities;
  bool use_given_identities = false;
  const NameNormalizer* normalizer = nullptr;  // required for import
  SearchIndex* search = nullptr;               // may be null
};

// Verifies (and with options.import, imports) the bundle at `path`, and
// registers the verdict. Never fails as a whole: the report says what
// passed and what did not, and `error` holds the first failure
// (kAuthFailed / kCorruption for a bundle that must not be trusted;
// kIoError, kNotFound for the file, which is not registered; a failed
// registration after a verify is a failed "register" check).
ReceiveReport ReceiveBundle(Vault& vault, const std::string& path,
                            const ReceiveOptions& options);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_RECEIVER_H_
