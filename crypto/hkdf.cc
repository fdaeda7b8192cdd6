#include "crypto/hkdf.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace fieldvault::crypto {
namespace {

// libsodium declares its pointer arguments non-null even for zero lengths;
// an empty span's data() may be null, so point at a dummy byte instead.
const uint8_t* NonNull(std::span<const uint8_t> bytes) {
  static const uint8_t kNothing = 0;
  return bytes.empty() ? &kNothing : bytes.data();
}

}  // namespace

SecretBytes HkdfSha256Extract(std::span<const uint8_t> salt,
                              std::span<const uint8_t> ikm) {
  // The salt is the HMAC key. libsodium's init accepts any key length and
  // zero-pads short keys, so an empty salt equals RFC 5869's HashLen zeros.
  SecretBytes prk(kHkdfSha256HashBytes);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, NonNull(salt), salt.size());
  crypto_auth_hmacsha256_update(&state, NonNull(ikm), ikm.size());
  crypto_auth_hmacsha256_final(&state, prk.MutableReveal().data());
  sodium_memzero(&state, sizeof(state));
  return prk;
}

Result<SecretBytes> HkdfSha256Expand(std::span<const uint8_t> prk,
                                     std::span<const uint8_t> info,
                                     size_t length) {
  if (length == 0 || length > kHkdfSha256MaxOutputBytes) {
    return Status::InvalidArgument("HKDF output length out of range");
  }
  SecretBytes okm(length);
  SecretBytes block(kHkdfSha256HashBytes);  // T(i), kept in locked memory
  size_t written = 0;
  for (uint8_t counter = 1; written < length; ++counter) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, prk.data(), prk.size());
    if (counter > 1) {
      crypto_auth_hmacsha256_update(&state, block.Reveal().data(),
                                    block.size());
    }
    crypto_auth_hmacsha256_update(&state, NonNull(info), info.size());
    crypto_auth_hmacsha256_update(&state, &counter, 1);
    crypto_auth_hmacsha256_final(&state, block.MutableReveal().data());
    sodium_memzero(&state, sizeof(state));
    size_t n = std::min(kHkdfSha256HashBytes, length - written);
    std::memcpy(okm.MutableReveal().data() + written, block.Reveal().data(),
                n);
    written += n;
  }
  return okm;
}

Result<SecretBytes> HkdfSha256(std::span<const uint8_t> ikm,
                               std::span<const uint8_t> salt,
                               std::span<const uint8_t> info, size_t length) {
  SecretBytes prk = HkdfSha256Extract(salt, ikm);
  return HkdfSha256Expand(prk.Reveal(), info, length);
}

}  // namespace fieldvault::crypto
