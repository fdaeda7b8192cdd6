// BackgroundHasher: BLAKE2b-512 computed on a second thread, so that hashing
// a large stream overlaps with what the caller does with the same bytes
// (encrypting them into the vault, writing them out). On a two-core field
// laptop this takes the hash off the critical path of `attach add`.
//
// The caller hands over one buffer at a time and must leave it unchanged
// until its next Update() or Finish() returns; the usual pattern is two
// buffers used in turn. The digest equals Blake2bHasher's over the same
// bytes in the same order.
#ifndef FIELDVAULT_CRYPTO_BACKGROUND_HASHER_H_
#define FIELDVAULT_CRYPTO_BACKGROUND_HASHER_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>

#include "crypto/blake2b.h"

namespace fieldvault::crypto {

class BackgroundHasher {
 public:
  BackgroundHasher();
  // Waits for the bytes in flight and stops the thread.
  ~BackgroundHasher();
  BackgroundHasher(const BackgroundHasher&) = delete;
  BackgroundHasher& operator=(const BackgroundHasher&) = delete;

  // Waits until the previous buffer is hashed, then starts hashing `bytes`
  // and returns at once. `bytes` must stay valid and unchanged until the
  // next Update() or Finish() returns.
  void Update(std::span<const uint8_t> bytes);

  // Waits for the last buffer and returns the digest. The hasher must not
  // be used afterwards.
  Blake2b512 Finish();

 private:
  void Run();
  void WaitIdle(std::unique_lock<std::mutex>& lock);

  Blake2bHasher hasher_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::span<const uint8_t> pending_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread worker_;  // last: starts after the state above exists
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_BACKGROUND_HASHER_H_
