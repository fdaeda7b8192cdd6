// The bundle registers in vault.db: every bundle this vault sent (its
// sequence number, manifest hash and recipients, for the next bundle's
// hash chain and for --since-last; numbers and chain are per profile, so
// a bundle for publication leaves no gap in HQ's) and every bundle it received (hash,
// signer, sequence, verdict), kept as evidence. Plus the rule that decides
// whether a received bundle's sequence number is acceptable.
//
// Sequence rule, per signer, over the bundles already imported from it:
//   same bundle id again          -> already imported (nothing changes)
//   a sequence already used       -> refused: replay or fork
//   the next number               -> accepted if previous_manifest_blake2b
//                                    is the hash of the last one imported
//   beyond the next number        -> accepted, with a warning naming the
//                                    missing numbers
//   an earlier, unused number     -> accepted (a late bundle filling a
//                                    gap) if it chains with its neighbours
// and, over the bundles refused by this rule (fork refusals, which are
// registered with their manifest hash):
//   previous-manifest hash is a refused bundle's
//                                 -> refused: it continues a refused fork
//   previous-manifest hash is that of an imported bundle other than the
//   highest imported below it     -> refused: it forks off an older bundle
//   previous-manifest hash is that of the highest imported bundle, the
//   sequence further on           -> accepted as next: the sender
//                                    continued the chain HQ holds (after
//                                    a restore: export --continue-after)
//   not tied to an imported bundle (by its previous-manifest hash, or as
//   the one the next imported bundle names) while a fork refusal of its
//   signer is open                -> refused, and itself registered as a
//                                    fork refusal
// A fork refusal is open until HQ imports, after it, a bundle of that
// signer numbered at least as high that is tied to another imported one.
// Register functions work inside the caller's transaction.
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_REGISTRY_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_REGISTRY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/bundle/manifest.h"
#include "core/db/database.h"
#include "crypto/blake2b.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

struct SentBundle {
  uint64_t sequence = 0;
  std::string bundle_id;
  std::string manifest_blake2b;  // hex
  std::string bundle_blake2b;    // hex, of the file as written
  std::vector<std::string> recipients;  // sorted age1... strings
  std::string profile;
  std::string scope_kind;
  int64_t created_at = 0;  // microseconds; the snapshot --since-last uses
  // kSentPending: registered, not yet confirmed on the medium (the export
  // is running, or was interrupted); kSentWritten: checked on the medium
  // (before the commit) and renamed; kSentFailed: never reached its final
  // name, or was removed. Every state keeps its sequence number used.
  std::string state = "pending";
};

inline constexpr std::string_view kSentPending = "pending";
inline constexpr std::string_view kSentWritten = "written";
inline constexpr std::string_view kSentFailed = "failed";

struct ReceivedBundle {
  std::string bundle_id;
  std::string bundle_blake2b;  // hex, of the file
  std::string signer_public_key;  // minisign base64, or "" if unreadable
  uint64_t sequence = 0;
  std::string manifest_blake2b;    // hex
  std::string previous_manifest;   // hex or ""
  // "imported" (the only one the sequence rule counts), "verified" (by
  // `verify`, not imported), "refused".
  std::string verdict;
  std::string detail;   // the reason or warning, for people
  int64_t received_at = 0;
};

// How people are told a sent bundle's number: "sequence 3" for an HQ
// bundle, "public sequence 3" for one of another profile.
std::string SequenceName(std::string_view profile, uint64_t sequence);

// Creates `sent_bundles` and `received_bundles` (identities migration).
Status CreateBundleRegistrySchema(Database& db);
// Adds sent_bundles.state (migration 6); bundles sent before are "written".
Status AddSentBundleState(Database& db);
// Makes sequence numbers unique per profile, not per vault (migration 8).
// Every sent bundle keeps its number; each profile's next one follows the
// highest of that profile. (An HQ that imported a public bundle before
// import refused them holds that number in the monitor's HQ chain, and
// then refuses the HQ bundle that reuses it as a fork.)
Status NumberSequencesPerProfile(Database& db);

// The bundle of `profile` ("hq", "public") with the highest sequence this
// vault sent, in any state: the next one of that profile follows it and
// chains to its manifest.
Result<std::optional<SentBundle>> LastSentBundle(Database& db, std::string_view profile);
// The same among the bundles of `profile` confirmed written: for "hq",
// the custody events after it are those HQ has not been sent yet (a
// public bundle carries none).
Result<std::optional<SentBundle>> LastWrittenBundle(Database& db,
                                                    std::string_view profile);
// The latest bundle of everything or of changes (scope "all" or
// "since-last", not "incidents") of `profile`, sent to exactly this set of
// recipients and confirmed written, if any: where the next --since-last
// export of that profile starts. A bundle that failed or whose export was
// interrupted does not count, so what it held goes again in the next one;
// nor does a bundle of the other profile, which carried other records
// (a public bundle leaves out everything not marked public).
Result<std::optional<SentBundle>> LastSentBundleTo(
    Database& db, const std::vector<std::string>& sorted_recipients,
    std::string_view profile);
// When the custody events a bundle of `profile` to `recipients` must carry
// begin: the oldest, over the recipients, of the time of the last bundle
// of everything or of changes (not of some incidents, which carries the
// events of its own records only: audit_selection.h) confirmed written
// that was addressed to each (0 when one of them has had none), so that
// events a bundle to others carried still reach each recipient (receivers
// keep an event once: received_audit.h). kIoError.
Result<int64_t> CustodyEventsStart(Database& db,
                                   const std::vector<std::string>& recipients,
                                   std::string_view profile);
// The ids of the bundles this vault sent (any profile, scope or state) to
// exactly `sorted_recipients`: those whose custody events a bundle to them
// may carry (audit_selection.h). kIoError.
Result<std::set<std::string>> BundlesSentTo(
    Database& db, const std::vector<std::string>& sorted_recipients);

// The highest sequence number of `profile` among the sent bundles that were
// addressed (among others) to `recipient`, whatever their state; 0 when
// none was. kIoError.
Result<uint64_t> LastSequenceTo(Database& db, std::string_view recipient,
                                std::string_view profile);
// Every sent bundle not confirmed written ("pending" or "failed"), in the
// order they were registered.
Result<std::vector<SentBundle>> SentBundlesNotWritten(Database& db);
// kFailedPrecondition (a database constraint) if the bundle id, or the
// sequence in its profile, is taken.
Status RecordSentBundle(Database& db, const SentBundle& sent);
// Sets the state of sent bundle `bundle_id`; kNotFound if there is none.
Status SetSentBundleState(Database& db, const std::string& bundle_id,
                          std::string_view state);

Status RecordReceivedBundle(Database& db, const ReceivedBundle& received);
// Every received bundle, oldest first.
Result<std::vector<ReceivedBundle>> ListReceivedBundles(Database& db);
// The bundles imported from one signer, by sequence.
Result<std::map<uint64_t, ReceivedBundle>> ImportedFrom(
    Database& db, const std::string& signer_public_key);

// What the sequence rule knows of one signer: the bundles imported from
// it, and the bundles of it that the rule refused (fork refusals: a
// register row "refused" whose detail begins "refused: ", which only the
// sequence check writes), with those still open.
struct SignerChain {
  std::map<uint64_t, ReceivedBundle> imported;
  // Manifest hash (hex) -> a refused bundle with that manifest, for the
  // refusals registered with one (those registered before 2026-11-30
  // have none) and whose manifest was not imported since.
  std::map<std::string, ReceivedBundle> refused_manifests;
  std::vector<ReceivedBundle> open_refusals;  // oldest first
};

// Reads the signer's chain from the register. kIoError.
Result<SignerChain> ChainOf(Database& db, const std::string& signer_public_key);

// The detail a refusal by the sequence rule is registered with begins
// with this (what marks it as a fork refusal in the register).
inline constexpr std::string_view kSequenceRefusalPrefix = "refused: ";

struct SequenceVerdict {
  enum class Kind {
    kNext, kGap, kFillsGap, kAlreadyImported, kReplay, kChainBroken,
    kContinuesRefused, kUntiedWhileForked
  };
  Kind kind = Kind::kNext;
  bool accepted = false;  // kNext, kGap, kFillsGap
  std::string text;       // for people: "next after 3", "missing 4, 5"...
};

// Applies the sequence rule above to `manifest` (whose bytes hash to
// `manifest_hash`) given the bundles already imported from its signer.
// `recipient` is this vault's recipient among the manifest's: numbers the
// manifest says went only to others (Manifest::sent_to_others) are no
// gap; the text names them ("next after 3 (4 went to other recipients)").
SequenceVerdict CheckSequence(const std::map<uint64_t, ReceivedBundle>& imported,
                              const Manifest& manifest,
                              const crypto::Blake2b512& manifest_hash,
                              std::string_view recipient = {});
// The same with the signer's fork refusals (the whole rule above).
SequenceVerdict CheckSequence(const SignerChain& chain, const Manifest& manifest,
                              const crypto::Blake2b512& manifest_hash,
                              std::string_view recipient = {});

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_REGISTRY_H_
