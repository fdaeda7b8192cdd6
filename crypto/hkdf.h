// HKDF-SHA-256 (RFC 5869) built on libsodium's HMAC-SHA-256, which libsodium
// 1.0.18 does not provide itself. age derives its wrap, header-MAC and
// payload keys with it.
//
// Extract: PRK = HMAC-SHA-256(key = salt, message = IKM); an empty salt is
// HashLen zero bytes, which HMAC treats the same as an empty key.
// Expand:  T(i) = HMAC-SHA-256(PRK, T(i-1) || info || i), OKM = T(1) || ...
#ifndef FIELDVAULT_CRYPTO_HKDF_H_
#define FIELDVAULT_CRYPTO_HKDF_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

inline constexpr size_t kHkdfSha256HashBytes = 32;
inline constexpr size_t kHkdfSha256MaxOutputBytes = 255 * 32;

// Returns `length` bytes of output keying material in locked memory.
// `length` must be 1..kHkdfSha256MaxOutputBytes (kInvalidArgument
// otherwise). Intermediate values are wiped before returning.
Result<SecretBytes> HkdfSha256(std::span<const uint8_t> ikm,
                               std::span<const uint8_t> salt,
                               std::span<const uint8_t> info, size_t length);

// The two steps separately, for known-answer tests. HkdfSha256Extract
// returns the 32-byte PRK; HkdfSha256Expand expands a PRK of any length
// (RFC 5869 asks for at least HashLen) with the same length limits.
SecretBytes HkdfSha256Extract(std::span<const uint8_t> salt,
                              std::span<const uint8_t> ikm);
Result<SecretBytes> HkdfSha256Expand(std::span<const uint8_t> prk,
                                     std::span<const uint8_t> info,
                                     size_t length);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_HKDF_H_
