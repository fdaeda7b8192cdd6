// The minisign file formats as text and bytes, with no cryptography: every
// algorithm tag, size and comment limit of the format stands here, and the
// parsers and writers for public key lines and files, unencrypted secret key
// files and the 4-line signature file. The code that joins these bytes to
// Ed25519 and BLAKE2b lives in crypto/minisign_key.* and crypto/minisign.*.
//
// Reference: https://jedisct1.github.io/minisign/ ("Signature format") and
// minisign's src/minisign.h. Limits follow what minisign 0.11 itself reads:
// it reads lines with fixed buffers, so a longer comment line makes stock
// minisign refuse the file, and fieldvault refuses to write or read one.
// Parsing is stricter than minisign where minisign is silently lenient:
// base64 must be canonical, a carriage return may only end a line, NUL
// bytes and text after the last line are refused.
#ifndef FIELDVAULT_CRYPTO_MINISIGN_FORMAT_H_
#define FIELDVAULT_CRYPTO_MINISIGN_FORMAT_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

// Two-byte algorithm tags.
inline constexpr std::string_view kMinisignAlgLegacy = "Ed";     // Ed25519
inline constexpr std::string_view kMinisignAlgPrehashed = "ED";  // of BLAKE2b
inline constexpr std::string_view kMinisignKdfScrypt = "Sc";
inline constexpr std::string_view kMinisignKdfNone{"\0\0", 2};
inline constexpr std::string_view kMinisignChecksumBlake2b = "B2";

inline constexpr std::string_view kMinisignUntrustedPrefix =
    "untrusted comment: ";
inline constexpr std::string_view kMinisignTrustedPrefix = "trusted comment: ";
// What `minisign -S` writes when no -c is given.
inline constexpr std::string_view kMinisignDefaultUntrustedComment =
    "signature from minisign secret key";

inline constexpr size_t kMinisignKeyIdBytes = 8;
inline constexpr size_t kMinisignPublicKeyBytes = 32;  // Ed25519
inline constexpr size_t kMinisignSecretKeyBytes = 64;  // seed || public key
inline constexpr size_t kMinisignSignatureBytes = 64;  // Ed25519
inline constexpr size_t kMinisignChecksumBytes = 32;   // BLAKE2b-256
inline constexpr size_t kMinisignKdfSaltBytes = 32;

// minisign reads an untrusted comment line with fgets() into 1024 bytes
// and requires the newline to fit: 1022 characters before "\n".
inline constexpr size_t kMinisignMaxUntrustedLineBytes = 1024 - 2;
// Comment text after "untrusted comment: ": 1003 bytes.
inline constexpr size_t kMinisignMaxUntrustedCommentBytes =
    kMinisignMaxUntrustedLineBytes - kMinisignUntrustedPrefix.size();
// The trusted comment line is read into 8192 bytes the same way: 8173
// bytes of text after "trusted comment: ".
inline constexpr size_t kMinisignMaxTrustedLineBytes = 8192 - 2;
inline constexpr size_t kMinisignMaxTrustedCommentBytes =
    kMinisignMaxTrustedLineBytes - kMinisignTrustedPrefix.size();

using MinisignKeyId = std::array<uint8_t, kMinisignKeyIdBytes>;
using MinisignEd25519PublicKey = std::array<uint8_t, kMinisignPublicKeyBytes>;
using MinisignEd25519Signature = std::array<uint8_t, kMinisignSignatureBytes>;

// The key id as minisign prints it: the 8 bytes read as a little-endian
// 64-bit number, 16 uppercase hex digits (so the bytes appear reversed),
// leading zeros kept as minisign >= 0.12 prints them (0.11 drops them).
std::string MinisignKeyIdHex(const MinisignKeyId& key_id);

// The fields of a public key, as its base64 line carries them.
struct MinisignPublicKeyFields {
  MinisignKeyId key_id{};
  MinisignEd25519PublicKey key{};
};

// base64("Ed" || key id || key): the line `minisign -P` takes.
std::string EncodeMinisignPublicKeyLine(const MinisignPublicKeyFields& key);
// Decodes such a line (no surrounding whitespace). kInvalidArgument if it is
// not canonical base64 of 42 bytes, kUnsupported if the tag is not "Ed".
Result<MinisignPublicKeyFields> DecodeMinisignPublicKeyLine(
    std::string_view line);
// "untrusted comment: minisign public key <KEYID>\n<line>\n", as
// `minisign -G` writes minisign.pub.
std::string FormatMinisignPublicKeyFile(const MinisignPublicKeyFields& key);
// Parses a public key file: an untrusted comment line, the key line, and
// nothing else (the final newline is optional, CRLF is accepted).
Result<MinisignPublicKeyFields> ParseMinisignPublicKeyFile(
    std::string_view text);

// The fields of an unencrypted secret key file (`minisign -G -W`). The
// secret key is returned in locked memory; nothing of it is copied
// elsewhere. The checksum is returned unchecked (checking needs BLAKE2b).
struct MinisignSecretKeyFields {
  MinisignKeyId key_id{};
  SecretBytes secret_key;  // kMinisignSecretKeyBytes
  std::array<uint8_t, kMinisignChecksumBytes> checksum{};
};
// Parses a secret key file: untrusted comment line, then base64 of
// "Ed" || KDF tag || "B2" || salt || opslimit || memlimit || key id ||
// secret key || checksum. kUnsupported for a password-protected ("Sc") key
// or an unknown tag; kInvalidArgument for anything malformed. Error messages
// never contain any of the file's bytes.
Result<MinisignSecretKeyFields> ParseMinisignSecretKeyFile(
    std::span<const uint8_t> contents);

// A parsed signature file. `trusted_comment` is only trustworthy once
// VerifySignature (crypto/minisign.h) has accepted this signature.
struct MinisignSignature {
  bool prehashed = true;  // "ED"; false for a legacy "Ed" signature
  MinisignKeyId key_id{};
  MinisignEd25519Signature signature{};
  std::string untrusted_comment;  // text after "untrusted comment: "
  std::string trusted_comment;    // text after "trusted comment: "
  MinisignEd25519Signature global_signature{};

  std::string KeyIdHex() const { return MinisignKeyIdHex(key_id); }
};

// Parses the 4-line signature file. Accepts what minisign 0.11 accepts
// (LF or CRLF lines, no newline after the last line, an empty trusted
// comment, comments up to the limits above) except non-canonical base64,
// NUL bytes, a lone carriage return and text after the fourth line.
// kInvalidArgument naming the faulty line; kUnsupported for an unknown
// signature algorithm.
Result<MinisignSignature> ParseSignatureFile(std::string_view text);

// Writes the exact 4-line file minisign writes, each line ending in "\n".
// kInvalidArgument if a comment is too long or holds CR, LF or NUL.
Result<std::string> FormatSignatureFile(const MinisignSignature& signature);

// OK if `comment` can be an untrusted (resp. trusted) comment that stock
// minisign will read back: within the length limit, no CR, LF or NUL.
// kInvalidArgument with a hint otherwise.
Status CheckMinisignUntrustedComment(std::string_view comment);
Status CheckMinisignTrustedComment(std::string_view comment);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_MINISIGN_FORMAT_H_
