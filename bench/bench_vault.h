// The throw-away vaults of the in-process benchmarks: where they live
// (FIELDVAULT_BENCH_DIR, default /tmp/fieldvault-bench), their synthetic
// passphrase, and creating one with a cheap KDF (the benchmarks measure
// what happens after unlocking). Bench-only: exits on any error.
#ifndef FIELDVAULT_BENCH_BENCH_VAULT_H_
#define FIELDVAULT_BENCH_BENCH_VAULT_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/clock.h"
#include "core/vault/vault.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::bench {

inline std::string BenchDir() {
  const char* dir = std::getenv("FIELDVAULT_BENCH_DIR");
  return dir != nullptr ? dir : "/tmp/fieldvault-bench";
}

inline crypto::SecretBytes Passphrase() {
  constexpr char kText[] = "synthetic benchmark passphrase";
  crypto::SecretBytes secret(sizeof kText - 1);
  std::copy(kText, kText + sizeof kText - 1, secret.MutableReveal().begin());
  return secret;
}

// A new vault in `dir` (whatever was there is removed).
inline core::Vault NewVault(const std::string& dir) {
  std::filesystem::remove_all(dir);
  auto vault = core::Vault::Create(dir, Passphrase(), {1, 1 << 20},
                                   crypto::SystemRandom(), core::SystemClock());
  if (!vault.ok()) {
    std::fprintf(stderr, "create %s: %s\n", dir.c_str(),
                 vault.status().ToString().c_str());
    std::exit(2);
  }
  return std::move(vault).value();
}

}  // namespace fieldvault::bench

#endif  // FIELDVAULT_BENCH_BENCH_VAULT_H_
