// Hex and base64 text encodings (libsodium's constant-time codecs).
// Decoders are strict: they reject anything but the canonical encoding.
#ifndef FIELDVAULT_CRYPTO_ENCODING_H_
#define FIELDVAULT_CRYPTO_ENCODING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::crypto {

// Lowercase hex of `bytes`.
std::string HexEncode(std::span<const uint8_t> bytes);
// Decodes lowercase or uppercase hex; kInvalidArgument on any other byte or
// an odd length.
Result<std::vector<uint8_t>> HexDecode(std::string_view text);

enum class Base64Variant {
  kPadded,    // RFC 4648 with '=' padding (minisign)
  kUnpadded,  // RFC 4648 without padding (age)
};

std::string Base64Encode(std::span<const uint8_t> bytes,
                         Base64Variant variant);
// Decodes `text`, rejecting whitespace, wrong padding and non-canonical
// trailing bits (the re-encoding must equal `text`). kInvalidArgument.
Result<std::vector<uint8_t>> Base64Decode(std::string_view text,
                                          Base64Variant variant);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_ENCODING_H_
