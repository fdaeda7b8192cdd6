// Fuzzes the unencrypted minisign secret key file parser: an error or a
// key, never a crash; a parsed key must survive the vault storage round
// trip and keep its public key.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "crypto/init.h"
#include "crypto/minisign_key.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fieldvault::crypto::MinisignSecretKey;
  auto key = MinisignSecretKey::ParseUnencryptedFile(std::span(data, size));
  if (!key.ok()) return 0;
  auto restored = MinisignSecretKey::FromBytes(key->ToBytes());
  if (!restored.ok() || !(restored->PublicKey() == key->PublicKey())) {
    std::abort();
  }
  return 0;
}
