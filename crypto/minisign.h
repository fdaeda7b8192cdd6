// minisign signatures: signing and verification, byte-compatible with the
// stock `minisign` tool, so that HQ can check a bundle's manifest with
// `minisign -V -H -P <key> -m manifest.json` where fieldvault is absent.
//
// fieldvault signs in the prehashed "ED" mode only: the message is hashed
// with BLAKE2b-512 as a stream (memory does not grow with its size) and the
// 64-byte digest is signed with Ed25519. A global signature over
// (signature || trusted comment) binds the trusted comment. Verification
// accepts legacy "Ed" signatures (Ed25519 over the whole message) only when
// the caller asks. The key types are in crypto/minisign_key.h and the file
// formats in crypto/minisign_format.h; this header includes both.
#ifndef FIELDVAULT_CRYPTO_MINISIGN_H_
#define FIELDVAULT_CRYPTO_MINISIGN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/blake2b.h"
#include "crypto/byte_stream.h"
#include "crypto/minisign_format.h"
#include "crypto/minisign_key.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

// The most a legacy ("Ed") signature may cover: it needs the whole message
// in memory. The limit old minisign versions had for this mode.
inline constexpr uint64_t kMinisignLegacyMaxMessageBytes = uint64_t{1} << 30;

// Signs all of `message` (read to its end) and returns the signature file
// text exactly as `minisign -S -s KEY -c UNTRUSTED -t TRUSTED` writes it:
//   "untrusted comment: <untrusted_comment>\n<base64 ED sig>\n"
//   "trusted comment: <trusted_comment>\n<base64 global sig>\n"
// kInvalidArgument (with a hint) if a comment breaks minisign's limits
// (see CheckMinisignTrustedComment); the source's error if reading fails.
// Nothing of the key leaves `key`. Deterministic: the same key, message and
// comments give the same bytes.
Result<std::string> SignPrehashed(const MinisignSecretKey& key,
                                  ByteSource& message,
                                  std::string_view trusted_comment,
                                  std::string_view untrusted_comment);

// The same, for a message already hashed with BLAKE2b-512 (e.g. while it
// was being written). Returns the parsed form; FormatSignatureFile() gives
// the text.
Result<MinisignSignature> SignPrehashedDigest(
    const MinisignSecretKey& key, const Blake2b512& message_digest,
    std::string_view trusted_comment, std::string_view untrusted_comment);

// Verifies `signature_file` (the text of a .minisig file) for all of
// `message` with `public_key`. In order:
//   - kInvalidArgument / kUnsupported if the file cannot be parsed;
//   - kUnsupported if it is a legacy "Ed" signature and !allow_legacy, or
//     a legacy message exceeds kMinisignLegacyMaxMessageBytes;
//   - kAuthFailed naming both key ids if the signature was made by another
//     key (the message is then not read);
//   - kAuthFailed if the signature or the global signature (trusted
//     comment) does not verify: the message, comment or signature were
//     altered. One message for both, as for every auth failure.
//   - the source's error if reading `message` fails.
Status VerifySignature(const MinisignPublicKey& public_key, ByteSource& message,
                       std::string_view signature_file,
                       bool allow_legacy = false);

// The same for a signature parsed with ParseSignatureFile(). Only after
// this returns OK is `signature.trusted_comment` authentic.
Status VerifySignature(const MinisignPublicKey& public_key, ByteSource& message,
                       const MinisignSignature& signature,
                       bool allow_legacy = false);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_MINISIGN_H_
