// RandomSource: where every key, salt, nonce and id comes from.
//
// Production code uses SystemRandom() (libsodium's randombytes, i.e. the
// kernel's getrandom). Tests pass a DeterministicRandom so that outputs can
// be fixed; it must never be used outside tests.
#ifndef FIELDVAULT_CRYPTO_RANDOM_H_
#define FIELDVAULT_CRYPTO_RANDOM_H_

#include <array>
#include <cstdint>
#include <span>

namespace fieldvault::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with random bytes. Cannot fail.
  virtual void Fill(std::span<uint8_t> out) = 0;
};

// The operating system's cryptographically secure generator.
RandomSource& SystemRandom();

// A reproducible stream (ChaCha20 keyed by a 32-byte seed), for tests only.
class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(uint64_t seed);
  void Fill(std::span<uint8_t> out) override;

 private:
  std::array<uint8_t, 32> seed_{};
  uint64_t counter_ = 0;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_RANDOM_H_
