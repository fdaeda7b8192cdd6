// Subkeys and message authentication codes from one master key.
//
// DeriveSubkey gives independent keys for separate purposes (libsodium's
// crypto_kdf, BLAKE2b-based), so that the vault's master key is never used
// directly for two jobs. ComputeMac/VerifyMac are keyed BLAKE2b-256, for
// authenticating small records (such as the custody chain's head).
#ifndef FIELDVAULT_CRYPTO_KEYED_HASH_H_
#define FIELDVAULT_CRYPTO_KEYED_HASH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

inline constexpr size_t kMacBytes = 32;
inline constexpr size_t kSubkeyContextBytes = 8;
using Mac = std::array<uint8_t, kMacBytes>;

// Derives a 32-byte subkey number `subkey_id` for `context` (exactly 8
// ASCII characters naming the purpose, e.g. "fvchain1") from `master_key`
// (32 bytes). Returns new locked memory owned by the caller.
// kInvalidArgument on bad lengths.
Result<SecretBytes> DeriveSubkey(const SecretBytes& master_key,
                                 uint64_t subkey_id, std::string_view context);

// Keyed BLAKE2b-256 of `message` under `key` (32 bytes). kInvalidArgument
// on a bad key length.
Result<Mac> ComputeMac(const SecretBytes& key,
                       std::span<const uint8_t> message);

// Recomputes the MAC and compares in constant time. kAuthFailed when it
// does not match; kInvalidArgument on a bad key length.
Status VerifyMac(const SecretBytes& key, std::span<const uint8_t> message,
                 std::span<const uint8_t> mac);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_KEYED_HASH_H_
