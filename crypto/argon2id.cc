#include "crypto/argon2id.h"

#include <sodium.h>

#include <string>

namespace fieldvault::crypto {

static_assert(kArgon2idSaltBytes == crypto_pwhash_SALTBYTES);

Status CheckArgon2idCost(const Argon2idCost& cost) {
  if (cost.passes < kArgon2idMinPasses || cost.passes > kArgon2idMaxPasses) {
    return Status::InvalidArgument(
        "Argon2id passes must be between " +
        std::to_string(kArgon2idMinPasses) + " and " +
        std::to_string(kArgon2idMaxPasses));
  }
  if (cost.memory_bytes < kArgon2idMinMemoryBytes ||
      cost.memory_bytes > kArgon2idMaxMemoryBytes) {
    return Status::InvalidArgument(
        "Argon2id memory must be between 8 KiB and 4 GiB");
  }
  return Status::Ok();
}

Result<SecretBytes> DeriveKeyArgon2id(const SecretBytes& secret,
                                      std::span<const uint8_t> salt,
                                      const Argon2idCost& cost,
                                      size_t key_bytes) {
  FV_RETURN_IF_ERROR(CheckArgon2idCost(cost));
  if (salt.size() != kArgon2idSaltBytes) {
    return Status::InvalidArgument("Argon2id salt must be 16 bytes");
  }
  if (key_bytes < 16 || key_bytes > 64) {
    return Status::InvalidArgument("Argon2id output must be 16 to 64 bytes");
  }
  SecretBytes key(key_bytes);
  auto out = key.MutableReveal();
  auto in = secret.Reveal();
  // libsodium needs a non-null pointer even for an empty input.
  static const uint8_t kEmpty = 0;
  const char* password =
      reinterpret_cast<const char*>(in.empty() ? &kEmpty : in.data());
  // crypto_pwhash fails only when the memory cannot be had (the bounds were
  // checked above), so report it as a resource problem, not bad input.
  if (crypto_pwhash(out.data(), out.size(), password, in.size(), salt.data(),
                    cost.passes, static_cast<size_t>(cost.memory_bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::IoError("not enough memory for the key derivation (" +
                           std::to_string(cost.memory_bytes >> 20) + " MiB)")
        .WithHint("close other programs and try again");
  }
  return key;
}

}  // namespace fieldvault::crypto
