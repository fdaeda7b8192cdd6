// Vault benchmarks: Argon2id at the default cost (256 MiB, 3 passes) and a
// whole Vault::Open at that cost, so the difference shows what opening
// costs beyond the key derivation (target P6: within 50 ms).
// Run: build/release/bench/vault_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/clock.h"
#include "core/vault/vault.h"
#include "crypto/argon2id.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault {
namespace {

crypto::SecretBytes Passphrase() {
  static const char kText[] = "synthetic benchmark passphrase";
  return crypto::SecretBytes::CopyOf(
      {reinterpret_cast<const uint8_t*>(kText), sizeof(kText) - 1});
}

void BM_Argon2idDefaultCost(benchmark::State& state) {
  std::array<uint8_t, crypto::kArgon2idSaltBytes> salt{};
  crypto::SystemRandom().Fill(salt);
  crypto::SecretBytes passphrase = Passphrase();
  for (auto _ : state) {
    auto key = crypto::DeriveKeyArgon2id(passphrase, salt, {});
    if (!key.ok()) state.SkipWithError(key.status().ToString().c_str());
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(BM_Argon2idDefaultCost)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_VaultOpenDefaultCost(benchmark::State& state) {
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("fv-bench-vault-" + std::to_string(::getpid())))
                        .string();
  std::filesystem::remove_all(dir);
  crypto::SecretBytes passphrase = Passphrase();
  {
    auto vault = core::Vault::Create(dir, passphrase, core::KdfCost{},
                                     crypto::SystemRandom(),
                                     core::SystemClock());
    if (!vault.ok()) {
      state.SkipWithError(vault.status().ToString().c_str());
      return;
    }
  }
  for (auto _ : state) {
    auto vault = core::Vault::Open(dir, passphrase, crypto::SystemRandom(),
                                   core::SystemClock());
    if (!vault.ok()) state.SkipWithError(vault.status().ToString().c_str());
    benchmark::DoNotOptimize(vault);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_VaultOpenDefaultCost)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace fieldvault

int main(int argc, char** argv) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
