#include "crypto/keyed_hash.h"

#include <sodium.h>

namespace fieldvault::crypto {

static_assert(kSubkeyContextBytes == crypto_kdf_CONTEXTBYTES);

Result<SecretBytes> DeriveSubkey(const SecretBytes& master_key,
                                 uint64_t subkey_id,
                                 std::string_view context) {
  if (master_key.size() != crypto_kdf_KEYBYTES) {
    return Status::InvalidArgument("master key must be 32 bytes");
  }
  if (context.size() != kSubkeyContextBytes) {
    return Status::InvalidArgument("subkey context must be 8 characters");
  }
  // crypto_kdf reads exactly 8 context bytes; copy so no terminator is
  // assumed.
  char ctx[crypto_kdf_CONTEXTBYTES];
  for (size_t i = 0; i < sizeof(ctx); ++i) ctx[i] = context[i];
  SecretBytes subkey(32);
  crypto_kdf_derive_from_key(subkey.MutableReveal().data(), subkey.size(),
                             subkey_id, ctx, master_key.Reveal().data());
  return subkey;
}

Result<Mac> ComputeMac(const SecretBytes& key,
                       std::span<const uint8_t> message) {
  if (key.size() != 32) {
    return Status::InvalidArgument("MAC key must be 32 bytes");
  }
  Mac mac{};
  crypto_generichash_blake2b(mac.data(), mac.size(), message.data(),
                             message.size(), key.Reveal().data(), key.size());
  return mac;
}

Status VerifyMac(const SecretBytes& key, std::span<const uint8_t> message,
                 std::span<const uint8_t> mac) {
  FV_ASSIGN_OR_RETURN(Mac expected, ComputeMac(key, message));
  if (mac.size() != expected.size() ||
      sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) {
    return Status::AuthFailed("MAC does not match");
  }
  return Status::Ok();
}

}  // namespace fieldvault::crypto
