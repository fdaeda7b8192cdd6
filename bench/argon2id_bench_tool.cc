// Bench-only: one Argon2id derivation at the vault's default cost (256 MiB,
// 3 passes) in a fresh process, through the same code `fieldvault status`
// uses. bench/status_vs_argon2id.sh compares `status` with it (P6).
#include <array>
#include <cstdio>

#include "crypto/argon2id.h"
#include "crypto/init.h"
#include "crypto/random.h"

int main() {
  using namespace fieldvault::crypto;
  if (!InitializeCrypto().ok()) return 1;
  static const char kText[] = "synthetic benchmark passphrase";
  SecretBytes passphrase = SecretBytes::CopyOf(
      {reinterpret_cast<const uint8_t*>(kText), sizeof(kText) - 1});
  std::array<uint8_t, kArgon2idSaltBytes> salt{};
  SystemRandom().Fill(salt);
  auto key = DeriveKeyArgon2id(passphrase, salt, Argon2idCost{});
  if (!key.ok()) {
    std::fprintf(stderr, "%s\n", key.status().ToString().c_str());
    return 1;
  }
  return 0;
}
