// In-process throughput of fieldvault's age stream: encryption and
// decryption of a payload held in memory, one X25519 recipient, binary
// output. The whole-program comparison with `age` is bench/compare_age.sh.
#include <benchmark/benchmark.h>

#include <vector>

#include "crypto/age.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

// Discards output, counting it.
class NullSink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t> bytes) override {
    size_ += bytes.size();
    return Status::Ok();
  }
  size_t size_ = 0;
};

std::vector<uint8_t> Encrypt(const AgeRecipient& recipient,
                             std::span<const uint8_t> plaintext) {
  MemorySink sink;
  auto encryptor = AgeEncryptor::Create({&recipient, 1}, sink, false,
                                        SystemRandom());
  (void)(*encryptor)->Write(plaintext);
  (void)(*encryptor)->Finish();
  return sink.Take();
}

void BM_AgeEncrypt(benchmark::State& state) {
  (void)InitializeCrypto();
  AgeIdentity identity = AgeIdentity::Generate(SystemRandom());
  std::vector<uint8_t> plaintext(static_cast<size_t>(state.range(0)), 0x5a);
  for (auto _ : state) {
    NullSink sink;
    auto encryptor = AgeEncryptor::Create({&identity.Recipient(), 1}, sink,
                                          false, SystemRandom());
    // Written in 64 KiB pieces, as CopyStream does.
    for (size_t i = 0; i < plaintext.size(); i += 64 << 10) {
      (void)(*encryptor)->Write(std::span(plaintext).subspan(
          i, std::min<size_t>(64 << 10, plaintext.size() - i)));
    }
    (void)(*encryptor)->Finish();
    benchmark::DoNotOptimize(sink.size_);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AgeEncrypt)->Arg(64 << 10)->Arg(16 << 20);

void BM_AgeDecrypt(benchmark::State& state) {
  (void)InitializeCrypto();
  AgeIdentity identity = AgeIdentity::Generate(SystemRandom());
  std::vector<uint8_t> plaintext(static_cast<size_t>(state.range(0)), 0x5a);
  std::vector<uint8_t> file = Encrypt(identity.Recipient(), plaintext);
  std::vector<uint8_t> buffer(64 << 10);
  for (auto _ : state) {
    MemorySource source(file);
    auto decryptor = AgeDecryptor::Open(source, {&identity, 1});
    size_t total = 0;
    while (true) {
      auto n = (*decryptor)->Read(buffer);
      if (!n.ok() || *n == 0) break;
      total += *n;
    }
    if (total != plaintext.size()) state.SkipWithError("decryption failed");
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AgeDecrypt)->Arg(64 << 10)->Arg(16 << 20);

}  // namespace
}  // namespace fieldvault::crypto

BENCHMARK_MAIN();
