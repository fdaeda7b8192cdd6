// Argon2id password hashing (libsodium's crypto_pwhash, version 1.3): turns
// a passphrase or recovery key into a key-encryption key held in SecretBytes.
//
// The caller chooses the cost (passes and memory) and supplies the salt;
// both are stored beside whatever the derived key protects, so that the
// same derivation can be repeated. Every limit this layer accepts is
// declared here, so that a damaged or hostile file cannot demand an absurd
// amount of memory or time.
#ifndef FIELDVAULT_CRYPTO_ARGON2ID_H_
#define FIELDVAULT_CRYPTO_ARGON2ID_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

inline constexpr size_t kArgon2idSaltBytes = 16;
// The bounds libsodium enforces for Argon2id, narrowed at the top so that a
// single derivation never exceeds 4 GiB or 64 passes.
inline constexpr uint64_t kArgon2idMinPasses = 1;
inline constexpr uint64_t kArgon2idMaxPasses = 64;
inline constexpr uint64_t kArgon2idMinMemoryBytes = 8 * 1024;
inline constexpr uint64_t kArgon2idMaxMemoryBytes = uint64_t{4} << 30;

struct Argon2idCost {
  uint64_t passes = 3;                         // crypto_pwhash opslimit
  uint64_t memory_bytes = uint64_t{256} << 20;  // crypto_pwhash memlimit
};

// Returns kOk when `cost` is inside the bounds above, else kInvalidArgument
// naming the offending parameter.
Status CheckArgon2idCost(const Argon2idCost& cost);

// Derives `key_bytes` (16..64) bytes from `secret` and `salt` with Argon2id
// at `cost`. The result lives in new locked memory owned by the caller.
// `secret` may be empty only if the caller has a reason; the vault refuses
// empty passphrases before calling this.
// Errors: kInvalidArgument for a cost outside the bounds or a bad length;
// kIoError when the memory the cost asks for cannot be allocated.
Result<SecretBytes> DeriveKeyArgon2id(const SecretBytes& secret,
                                      std::span<const uint8_t> salt,
                                      const Argon2idCost& cost,
                                      size_t key_bytes = 32);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_ARGON2ID_H_
