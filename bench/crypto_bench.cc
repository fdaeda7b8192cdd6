// In-process throughput of the crypto layer's primitives.
#include <benchmark/benchmark.h>

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

}  // namespace
}  // namespace fieldvault::crypto

BENCHMARK_MAIN();
