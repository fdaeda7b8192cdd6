#include "crypto/random.h"

#include <sodium.h>

#include <cstring>

namespace fieldvault::crypto {
namespace {

class SystemRandomSource final : public RandomSource {
 public:
  void Fill(std::span<uint8_t> out) override {
    randombytes_buf(out.data(), out.size());
  }
};

}  // namespace

RandomSource& SystemRandom() {
  static SystemRandomSource source;
  return source;
}

DeterministicRandom::DeterministicRandom(uint64_t seed) {
  std::memcpy(seed_.data(), &seed, sizeof(seed));
}

void DeterministicRandom::Fill(std::span<uint8_t> out) {
  // Each call draws from a fresh nonce so successive calls never repeat.
  std::array<uint8_t, randombytes_SEEDBYTES> call_seed = seed_;
  std::memcpy(call_seed.data() + 8, &counter_, sizeof(counter_));
  ++counter_;
  randombytes_buf_deterministic(out.data(), out.size(), call_seed.data());
}

}  // namespace fieldvault::crypto
