// Sealing and opening bundles: where the bundle format meets the crypto
// layer (minisign signature over the manifest, age encryption around the
// tar). Everything here streams; neither side holds the payload in memory
// or writes plaintext to disk.
//
// SealBundle: digests the payload (first pass), completes and signs the
// manifest, then encrypts the tar to the recipients (second pass).
// BundleOpener: decrypts, reads the manifest and its signature, lets the
// caller decide whom to trust, verifies, then streams the checked payload.
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_SEAL_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_SEAL_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bundle/bundle_reader.h"
#include "core/bundle/bundle_writer.h"
#include "core/bundle/manifest.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "crypto/random.h"
#include "crypto/stream_threads.h"

namespace fieldvault::core::bundle {

// The trusted comment of a bundle's signature:
// "fieldvault-bundle v1 id=<bundle_id> sequence=<n>".
std::string TrustedComment(const Manifest& manifest);

struct SealInput {
  Manifest manifest;  // complete except `files`, which SealBundle fills in
  const crypto::MinisignSecretKey* signing_key = nullptr;
  std::vector<crypto::AgeRecipient> recipients;  // as manifest.recipients
  bool armor = false;
  std::span<const PayloadFile> payload;
  ProgressFn progress;  // may be empty
  // Called after the first pass, before the manifest is signed, to add
  // what that pass counted (record counts, what was left out). May be empty.
  std::function<void(Manifest&)> complete_manifest;
};

struct SealedBundle {
  Manifest manifest;          // with `files`
  std::string manifest_json;  // the signed bytes
};

// Writes the bundle to `out`. kInvalidArgument when the recipients do not
// match manifest.recipients or there is no signing key; the errors of
// DigestPayload/WriteBundleTar, the signer and `out` otherwise. On error
// `out` holds a partial file that must be discarded. The tar stream is made
// on the calling thread and encrypted and written to `out` on a second one
// (crypto::PipeSink): `out` must not be shared with another thread.
Result<SealedBundle> SealBundle(const SealInput& input, crypto::ByteSink& out,
                                crypto::RandomSource& random);

// The message of Open()'s kAuthFailed when no identity given opens the
// age header (the bundle was made for other recipients).
inline constexpr std::string_view kNotEncryptedToUs =
    "this bundle is not encrypted to this vault";

class BundleOpener {
 public:
  // Decrypts `in` with the first of `identities` that the age header
  // names, and reads and parses manifest.json and its signature (NOT yet
  // verified: call VerifySignature before trusting anything). Errors, each
  // with its own message: not addressed to any identity (kAuthFailed);
  // altered or damaged, truncated (kCorruption); not a bundle, a bad
  // manifest or signature file (kCorruption / kUnsupported); a manifest
  // whose sender key does not match the signature's key id (kCorruption).
  static Result<std::unique_ptr<BundleOpener>> Open(
      crypto::ByteSource& in, std::span<const crypto::AgeIdentity> identities);

  const Manifest& manifest() const { return manifest_; }
  const std::string& manifest_bytes() const { return reader_->manifest_bytes(); }
  // The sender's key as the manifest claims it (matches the signature's
  // key id, but is only trustworthy if the caller trusts it).
  const crypto::MinisignPublicKey& claimed_signer() const { return *claimed_; }
  const crypto::MinisignSignature& signature() const { return signature_; }

  // Checks the signature over manifest_bytes() with `key`, and that the
  // trusted comment names this bundle. kAuthFailed if either fails.
  Status VerifySignature(const crypto::MinisignPublicKey& key) const;

  // Streams the payload (BundleReader::ReadPayload), then requires the age
  // stream's verified end. Damage shows up here too; call once.
  Status ReadPayload(const PayloadConsumer& consume);

  // After ReadPayload: whether it failed because part of the age stream
  // failed authentication (altered, damaged or truncated), rather than
  // because of what the authenticated content holds. Open() authenticates
  // the header and the first chunks only; the rest is authenticated as
  // ReadPayload reads it, so only a successful ReadPayload proves that the
  // whole bundle decrypted.
  bool stream_failed_authentication() const { return stream_failed_; }

 private:
  BundleOpener() = default;
  Status Explain(const Status& status) const;

  std::unique_ptr<crypto::ByteSource> counting_;  // wraps the file
  std::unique_ptr<crypto::AgeDecryptor> decryptor_;
  // Decrypts ahead on a second thread while the caller checks and stores
  // (the age stream releases only authenticated chunks, so nothing
  // unverified is handed on earlier than without it).
  std::unique_ptr<crypto::PrefetchSource> prefetch_;
  std::unique_ptr<BundleReader> reader_;
  Manifest manifest_;
  crypto::MinisignSignature signature_;
  std::optional<crypto::MinisignPublicKey> claimed_;
  bool stream_failed_ = false;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_SEAL_H_
