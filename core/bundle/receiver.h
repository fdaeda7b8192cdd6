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
//               revoked: refused, unless the analyst gave this file's
//               whole BLAKE2b-512: ReceiveOptions::accept_revoked)
//   signature   the minisign signature and its trusted comment hold
//   recipient   this vault is among the manifest's intended recipients
//               (a bundle re-encrypted to us by someone else is refused)
//   sequence    the per-signer rule of bundle_registry.h (a gap: warning;
//               a refusal is registered with the manifest's hash, as a
//               fork refusal that later bundles are judged against)
//   files       every file matches the manifest, none unlisted or unsafe
// Both say which records the bundle changes (or would change) that were
// first recorded in this vault by another than its signer
// (foreign_changes; record_exchange.h holds such deletions as conflicts).
// Import then applies records/*.jsonl with the records module's
// RecordImporter (provenance: signer key, bundle id), stores the
// attachments, registers the bundle (hash, signer, sequence, verdict) and
// appends an "imported" custody event, plus a "changed others' records"
// event when it changed records another recorded and a "deletion held"
// event per deletion it held, all in one VaultWrite. A refused
// import changes nothing but is registered as refused, as evidence.
// Verify (options.import false) registers its verdict too, in one small
// write: "verified" with a "verified" custody event, or "refused" with the
// reason and a "bundle refused" event. Only "imported" rows count as the
// chain this vault holds, so verifying a bundle any number of times
// changes nothing for its later import; a refusal by the sequence rule is
// a fork refusal whichever command made it (bundle_registry.h).
//
// Refused or not judged. A refusal is a verdict on the file itself: any
// check above failing, including a file that is not an age file at all or
// not addressed to this vault (someone still handed it over). A failure
// that says nothing about the file is not a verdict and is not registered:
// the file could not be read (a failing stick), or the vault could not be
// read or written (another command holds it, its disk is full, it is
// damaged), or the identities given in options (verify --identity) do not
// open it: the person checking chose that key, the sender did not. Such a
// failure leaves the vault exactly as it was; running the command again
// once it is fixed judges the bundle.
//
// The register and the report carry the BLAKE2b-512 of the whole file,
// the digest export prints, whatever the verdict: the file is hashed as it
// is read, and after a refusal part-way the rest is read to the end for
// the hash alone (one buffer; the file is never read twice).
#ifndef FIELDVAULT_CORE_BUNDLE_RECEIVER_H_
#define FIELDVAULT_CORE_BUNDLE_RECEIVER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle/manifest.h"
#include "core/names/match_key.h"
#include "core/records/record_exchange.h"
#include "core/search/search_index.h"
#include "core/vault/vault.h"
#include "crypto/age.h"

namespace fieldvault::core::bundle {

struct Check {
  // kNotChecked: the check was under way when something that says nothing
  // about the bundle stopped it (the stick could not be read, the vault's
  // disk is full or the vault busy): it neither passed nor failed.
  enum class Outcome { kPassed, kWarning, kFailed, kNotChecked };
  std::string name;  // "decrypt", "manifest", "signer", ...
  Outcome outcome = Outcome::kPassed;
  std::string detail;
};

struct ReceiveReport {
  std::string path;
  // Hex BLAKE2b-512 of the whole file (as export prints it), whatever the
  // verdict; empty only if the file could not be read to its end.
  std::string bundle_blake2b;
  std::optional<Manifest> manifest; // once parsed (trusted only if passed())
  std::string signer_label;
  std::string signer_fingerprint;
  // Hex BLAKE2b-512 of manifest.json once its signature is verified.
  std::string manifest_blake2b;
  // Not empty when a revoked signer's bundle was let through by the
  // BLAKE2b the analyst gave: says so, for the register and custody log.
  std::string revoked_override;
  std::string sequence_text;        // "next after 3", "missing 4, 5", ...
  bool already_imported = false;
  bool imported = false;
  // Import outcomes: record type -> outcome name -> count.
  std::map<std::string, std::map<std::string, uint64_t>> outcomes;
  uint64_t attachments = 0;        // stored
  uint64_t attachments_held = 0;   // already in the vault (same id and hash)
  uint64_t audit_events = 0;
  // Records first recorded here by another than the signer that the bundle
  // changes (import) or would change (verify), in bundle order; with the
  // trusted signers' labels by key, to name who first recorded them.
  std::vector<ForeignChange> foreign_changes;
  std::map<std::string, std::string> signer_labels;
  std::vector<Check> checks;
  Status error;  // the first failure, with its hint; OK when passed()
  // The failure is a verdict on the bundle (see "Refused or not judged"):
  // false when passed(), and false when the bundle could not be judged.
  bool refused = false;
  // The verdict is in the register of received bundles (always false when
  // the bundle was not judged).
  bool registered = false;

  bool passed() const { return error.ok(); }
};

struct ReceiveOptions {
  bool import = false;
  // Identities to decrypt with instead of the vault's (verify --identity).
  std::vector<crypto::AgeIdentity> identities;
  bool use_given_identities = false;
  const NameNormalizer* normalizer = nullptr;  // required for import
  SearchIndex* search = nullptr;               // may be null
  // Not empty: the hex BLAKE2b-512 (128 lowercase digits) of the whole
  // file, as the monitor gave it to HQ over another channel. The bundle
  // must then be exactly that file (else refused, after every other
  // check), and a bundle of a revoked signer is judged as if the signer
  // were trusted, noted as such in the register and the custody event.
  // For bundles in transit when a laptop was seized: only a hash HQ had
  // before the seizure proves the file is not the seizer's.
  std::string accept_revoked;
};

// Verifies (and with options.import, imports) the bundle at `path`, and
// registers the verdict. Never fails as a whole: the report says what
// passed and what did not, and `error` holds the first failure with
// `refused` telling a verdict on the bundle (registered, unless the
// registration itself failed: a failed "register" check) from a failure
// to judge it (kIoError for the file or the vault's disk,
// kFailedPrecondition for a busy vault, kCorruption naming the database
// for a damaged vault; nothing registered, the vault unchanged).
ReceiveReport ReceiveBundle(Vault& vault, const std::string& path,
                            const ReceiveOptions& options);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_RECEIVER_H_
