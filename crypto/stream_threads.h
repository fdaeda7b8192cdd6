// Byte streams that hand the work behind them to a second thread, so that
// two stages of a pipeline run on two cores as `tar | age` does in two
// processes: a bundle's tar stream is produced on one thread while another
// encrypts and writes it (PipeSink), and a bundle is decrypted on one
// thread while another checks and stores what it holds (PrefetchSource).
//
// Both keep the stream's order and its errors: an error of the stream
// behind them is reported to the caller at the same place or earlier, never
// lost, and nothing is read past an error. They hold at most kBuffers
// buffers of kBufferBytes (1 MiB in all) whatever the stream's length.
// The buffers carry plaintext (the tar stream before encryption, after
// decryption), so they are SecretBytes: locked against swapping where the
// system allows, wiped when the stream is destroyed.
// The stream behind them is used only by their thread from construction
// until Finish() (PipeSink) or the end of the stream (PrefetchSource), and
// must outlive them.
#ifndef FIELDVAULT_CRYPTO_STREAM_THREADS_H_
#define FIELDVAULT_CRYPTO_STREAM_THREADS_H_

#include <array>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>

#include "crypto/byte_stream.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::crypto {

inline constexpr size_t kStreamThreadBuffers = 4;
inline constexpr size_t kStreamThreadBufferBytes = 256 * 1024;

// Copies what is written into buffers that a second thread writes to
// `next`, in order.
class PipeSink final : public ByteSink {
 public:
  explicit PipeSink(ByteSink& next);
  // Stops the thread; what was not forwarded yet is dropped (call Finish
  // to forward everything).
  ~PipeSink() override;
  PipeSink(const PipeSink&) = delete;
  PipeSink& operator=(const PipeSink&) = delete;

  // Copies `bytes` and returns at once, or once a buffer is free. Returns
  // `next`'s first error as soon as it is known (then write no more).
  Status Write(std::span<const uint8_t> bytes) override;
  // Forwards what is buffered and waits until `next` has it; `next`'s
  // first error if any. `next` may then be used by the caller again.
  Status Finish();

 private:
  Status HandOver();
  void Run();

  ByteSink& next_;
  std::array<SecretBytes, kStreamThreadBuffers> buffers_;
  std::array<size_t, kStreamThreadBuffers> sizes_{};
  size_t filling_ = 0;  // the caller's buffer
  size_t filled_ = 0;   // bytes in it
  // Under mutex_: buffers head_, head_ + 1, ... (ready_ of them) wait for
  // the thread or are being written by it.
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t head_ = 0;
  size_t ready_ = 0;
  bool stopping_ = false;
  Status error_ = Status::Ok();
  std::thread worker_;  // started by the constructor, once the buffers exist
};

// Reads `in` ahead on a second thread into buffers, and serves reads from
// them, in order; `in`'s end or error comes after the bytes before it.
class PrefetchSource final : public ByteSource {
 public:
  explicit PrefetchSource(ByteSource& in);
  // Stops the thread (after the read it may be in).
  ~PrefetchSource() override;
  PrefetchSource(const PrefetchSource&) = delete;
  PrefetchSource& operator=(const PrefetchSource&) = delete;

  // Copies up to out.size() bytes of the stream; 0 at its end; `in`'s
  // error once the bytes read before it are consumed (and again after).
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  Result<bool> Acquire();
  void Release();
  void Run();

  ByteSource& in_;
  std::array<SecretBytes, kStreamThreadBuffers> buffers_;
  std::array<size_t, kStreamThreadBuffers> sizes_{};
  bool holding_ = false;  // the caller reads buffers_[head_]
  size_t offset_ = 0;     // bytes of it already read
  // Under mutex_: buffers head_, head_ + 1, ... (ready_ of them) are full;
  // ended_ once `in` returned 0 or an error (error_).
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t head_ = 0;
  size_t ready_ = 0;
  bool ended_ = false;
  bool stopping_ = false;
  Status error_ = Status::Ok();
  std::thread worker_;  // started by the constructor, once the buffers exist
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_STREAM_THREADS_H_
