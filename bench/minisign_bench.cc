// In-process throughput of minisign signing and verification (prehashed
// "ED": BLAKE2b-512 streamed through a ByteSource, then Ed25519), and of
// the streaming BLAKE2b-512 they rest on. Whole-command comparisons with
// `b2sum` and `minisign` are in bench/compare_b2sum_minisign.sh.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/blake2b.h"
#include "crypto/init.h"
#include "crypto/minisign.h"
#include "crypto/random.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Message(int64_t size) {
  if (!InitializeCrypto().ok()) std::abort();
  std::vector<uint8_t> data(static_cast<size_t>(size));
  DeterministicRandom(1).Fill(data);
  return data;
}

void BM_Blake2b512Stream(benchmark::State& state) {
  std::vector<uint8_t> data = Message(state.range(0));
  for (auto _ : state) {
    MemorySource source(data);
    benchmark::DoNotOptimize(HashBlake2b512(source));
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Blake2b512Stream)->Arg(64 << 10)->Arg(16 << 20);

void BM_MinisignSignPrehashed(benchmark::State& state) {
  std::vector<uint8_t> data = Message(state.range(0));
  DeterministicRandom random(2);
  MinisignSecretKey key = MinisignSecretKey::Generate(random);
  for (auto _ : state) {
    MemorySource source(data);
    auto signature = SignPrehashed(key, source,
                                   "timestamp:1700000000\t"
                                   "file:manifest.json\thashed",
                                   "bench");
    if (!signature.ok()) state.SkipWithError("signing failed");
    benchmark::DoNotOptimize(signature);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_MinisignSignPrehashed)->Arg(0)->Arg(4 << 10)->Arg(16 << 20);

void BM_MinisignVerify(benchmark::State& state) {
  std::vector<uint8_t> data = Message(state.range(0));
  DeterministicRandom random(3);
  MinisignSecretKey key = MinisignSecretKey::Generate(random);
  MemorySource to_sign(data);
  std::string signature = SignPrehashed(key, to_sign, "bench", "bench").value();
  MinisignPublicKey public_key = key.PublicKey();
  for (auto _ : state) {
    MemorySource source(data);
    if (!VerifySignature(public_key, source, signature).ok()) {
      state.SkipWithError("verification failed");
    }
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_MinisignVerify)->Arg(0)->Arg(4 << 10)->Arg(16 << 20);

}  // namespace
}  // namespace fieldvault::crypto

BENCHMARK_MAIN();
