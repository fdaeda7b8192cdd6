// Key wrapping: seals a secret key under a key-encryption key with
// XChaCha20-Poly1305 (IETF), binding caller-chosen associated data.
//
// The 192-bit nonce is drawn inside from the RandomSource passed in, so a
// caller cannot reuse one. Unwrapping checks the tag over the sealed key and
// the associated data together: any changed byte in either, or the wrong
// wrapping key, gives the same kAuthFailed, whatever the cause.
#ifndef FIELDVAULT_CRYPTO_KEY_WRAP_H_
#define FIELDVAULT_CRYPTO_KEY_WRAP_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

inline constexpr size_t kWrappingKeyBytes = 32;
inline constexpr size_t kWrapNonceBytes = 24;
inline constexpr size_t kWrapTagBytes = 16;
// Largest key this wraps; keys are 32 bytes in practice.
inline constexpr size_t kMaxWrappedKeyBytes = 64;

struct WrappedKey {
  std::array<uint8_t, kWrapNonceBytes> nonce{};
  std::vector<uint8_t> sealed;  // ciphertext followed by the 16-byte tag
};

// Seals `key` (1..64 bytes) under `wrapping_key` (32 bytes), authenticating
// `associated_data` as well. Returns the nonce and sealed bytes, which are
// not secret. kInvalidArgument on bad lengths.
Result<WrappedKey> WrapKey(const SecretBytes& wrapping_key,
                           const SecretBytes& key,
                           std::span<const uint8_t> associated_data,
                           RandomSource& random);

// Opens `wrapped` with `wrapping_key` and the same `associated_data` given
// to WrapKey. Returns the key in new locked memory owned by the caller.
// kAuthFailed if anything does not match; kInvalidArgument on bad lengths.
Result<SecretBytes> UnwrapKey(const SecretBytes& wrapping_key,
                              const WrappedKey& wrapped,
                              std::span<const uint8_t> associated_data);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_KEY_WRAP_H_
