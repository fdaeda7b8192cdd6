// The age v1 file format (https://age-encryption.org/v1, C2SP age): every
// tag and limit in one place, the header's data model, and its strict
// parser and serializer. Bytes and text only: no cryptography here (the MAC
// is computed and checked by crypto/age.cc; stanzas are wrapped and
// unwrapped by crypto/age_keys.cc).
//
// A header is a version line, one or more recipient stanzas and a MAC line:
//   age-encryption.org/v1
//   -> X25519 <base64 ephemeral share>
//   <base64 body, 64 columns per line, ending with a line shorter than 64>
//   --- <base64 HMAC-SHA-256>
// All base64 here is canonical, unpadded RFC 4648 (section 4).
#ifndef FIELDVAULT_CRYPTO_AGE_FORMAT_H_
#define FIELDVAULT_CRYPTO_AGE_FORMAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::crypto {

// --- Format constants (age v1). ---
inline constexpr std::string_view kAgeVersionPrefix = "age-encryption.org/";
inline constexpr std::string_view kAgeIntro = "age-encryption.org/v1\n";
inline constexpr std::string_view kAgeStanzaPrefix = "-> ";
inline constexpr std::string_view kAgeMacPrefix = "---";
inline constexpr size_t kAgeColumnsPerLine = 64;
inline constexpr size_t kAgeBytesPerLine = kAgeColumnsPerLine / 4 * 3;  // 48
inline constexpr size_t kAgeFileKeyBytes = 16;
inline constexpr size_t kAgeMacBytes = 32;
inline constexpr size_t kAgePayloadNonceBytes = 16;
inline constexpr size_t kAgeChunkBytes = 64 * 1024;
inline constexpr size_t kAgeTagBytes = 16;  // Poly1305
inline constexpr size_t kAgeEncryptedChunkBytes = kAgeChunkBytes + kAgeTagBytes;
inline constexpr std::string_view kAgeHeaderMacInfo = "header";
inline constexpr std::string_view kAgePayloadInfo = "payload";
// X25519 recipient type.
inline constexpr std::string_view kAgeX25519StanzaType = "X25519";
inline constexpr std::string_view kAgeX25519Info = "age-encryption.org/v1/X25519";
inline constexpr std::string_view kAgeRecipientHrp = "age";
inline constexpr std::string_view kAgeIdentityHrp = "AGE-SECRET-KEY-";
inline constexpr size_t kAgeX25519KeyBytes = 32;
inline constexpr size_t kAgeX25519BodyBytes = kAgeFileKeyBytes + kAgeTagBytes;
// ASCII armor (strict PEM, RFC 7468 section 3, padded base64).
inline constexpr std::string_view kAgeArmorBegin =
    "-----BEGIN AGE ENCRYPTED FILE-----";
inline constexpr std::string_view kAgeArmorEnd =
    "-----END AGE ENCRYPTED FILE-----";
inline constexpr size_t kAgeArmorMaxWhitespace = 1024;  // before and after
// fieldvault's own bound on header size, so that memory stays bounded
// whatever the input (an X25519 stanza takes about 110 bytes).
inline constexpr size_t kAgeMaxHeaderBytes = 1 << 20;

// --- Error categories. Every age error message starts with one of these
// (after any context a caller prepends), so that a user is told which kind
// of failure happened and tests can check it. ---
inline constexpr std::string_view kAgeErrorNotAgeFile = "not an age file";
inline constexpr std::string_view kAgeErrorUnsupportedVersion =
    "unsupported age format version";
inline constexpr std::string_view kAgeErrorArmor = "invalid age ASCII armor";
inline constexpr std::string_view kAgeErrorHeader = "age header damaged";
inline constexpr std::string_view kAgeErrorHeaderMac =
    "age header damaged: header MAC does not match";
inline constexpr std::string_view kAgeErrorNoMatch =
    "no identity matches this age file";
inline constexpr std::string_view kAgeErrorPayload =
    "age payload damaged or truncated";

// A recipient stanza: "-> type args..." and its decoded body.
struct AgeStanza {
  std::string type;               // first argument, e.g. "X25519"
  std::vector<std::string> args;  // the arguments after the type
  std::vector<uint8_t> body;      // decoded body (may be empty)
};

struct AgeHeader {
  std::vector<AgeStanza> stanzas;  // in file order, unknown types included
  std::array<uint8_t, kAgeMacBytes> mac{};
  // Number of leading header bytes covered by the MAC: everything up to and
  // including "---" of the MAC line.
  size_t mac_input_size = 0;
};

// Returns the length of the complete header at the start of `bytes` (up to
// and including the MAC line's LF), or nullopt if `bytes` does not yet hold
// a whole header. Does not validate; ParseAgeHeader does.
std::optional<size_t> FindAgeHeaderEnd(std::span<const uint8_t> bytes);

// Parses exactly one header (`bytes` must end with the MAC line's LF, as
// delimited by FindAgeHeaderEnd). Strict: exact version line, "-> " and
// single-space-separated arguments of printable ASCII, body lines of exactly
// 64 columns except a final shorter (possibly empty) one, canonical
// unpadded base64, a MAC line of "--- " and a 32-byte MAC, at least one
// stanza. Errors: kInvalidArgument (kAgeErrorNotAgeFile) when the bytes do
// not start with "age-encryption.org/", kUnsupported for another version,
// kCorruption (kAgeErrorHeader) for anything else.
Result<AgeHeader> ParseAgeHeader(std::span<const uint8_t> bytes);

// Serializes the header up to and including "---": the bytes the MAC is
// computed over. Arguments must be non-empty printable ASCII without spaces
// (kInvalidArgument otherwise); `stanzas` must not be empty.
Result<std::string> SerializeAgeHeaderWithoutMac(
    std::span<const AgeStanza> stanzas);

// Completes a header begun by SerializeAgeHeaderWithoutMac: " <mac>\n".
std::string SerializeAgeMacLine(std::span<const uint8_t, kAgeMacBytes> mac);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_AGE_FORMAT_H_
