// BLAKE2b-512 (unkeyed), streaming: for file hashes in manifests and B2SUMS,
// minisign's prehash, and the custody chain. Output matches `b2sum`.
#ifndef FIELDVAULT_CRYPTO_BLAKE2B_H_
#define FIELDVAULT_CRYPTO_BLAKE2B_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>

#include "crypto/byte_stream.h"

namespace fieldvault::crypto {

inline constexpr size_t kBlake2b512Bytes = 64;
using Blake2b512 = std::array<uint8_t, kBlake2b512Bytes>;

class Blake2bHasher {
 public:
  Blake2bHasher();
  void Update(std::span<const uint8_t> bytes);
  // Returns the digest; the hasher must not be used afterwards.
  Blake2b512 Finish();

 private:
  crypto_generichash_blake2b_state state_;
};

// One-shot hash of `bytes`.
Blake2b512 HashBlake2b512(std::span<const uint8_t> bytes);

// Hashes all of `source` through a fixed buffer. Returns the digest, or the
// source's read error.
Result<Blake2b512> HashBlake2b512(ByteSource& source);

// A ByteSink that hashes what passes through it and forwards it to `next`
// (which may be null to hash only). Counts the bytes.
class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(ByteSink* next) : next_(next) {}
  Status Write(std::span<const uint8_t> bytes) override;
  uint64_t bytes_written() const { return bytes_written_; }
  Blake2b512 Finish() { return hasher_.Finish(); }

 private:
  ByteSink* next_;
  Blake2bHasher hasher_;
  uint64_t bytes_written_ = 0;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_BLAKE2B_H_
