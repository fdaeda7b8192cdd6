// In-process throughput of the crypto layer's primitives.
#include <benchmark/benchmark.h>

#include <sodium.h>

#include <vector>

#include "crypto/blake2b.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

void BM_Blake2b512(benchmark::State& state) {
  (void)InitializeCrypto();
  std::vector<uint8_t> data(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    benchmark::DoNotOptimize(HashBlake2b512(data));
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Blake2b512)->Arg(64 << 10)->Arg(16 << 20);

// libsodium's BLAKE2b-512 over the same bytes: the reason blake2b.cc has
// its own compression function (see blake2b.h).
void BM_Blake2b512Libsodium(benchmark::State& state) {
  (void)InitializeCrypto();
  std::vector<uint8_t> data(static_cast<size_t>(state.range(0)), 0x5a);
  Blake2b512 digest;
  for (auto _ : state) {
    crypto_generichash_blake2b(digest.data(), digest.size(), data.data(),
                               data.size(), nullptr, 0);
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Blake2b512Libsodium)->Arg(64 << 10)->Arg(16 << 20);

}  // namespace
}  // namespace fieldvault::crypto

BENCHMARK_MAIN();
