// ByteSource and ByteSink: the streaming interfaces used for files, age
// streams, tar members and attachments, so that memory never grows with
// the data. Plus implementations over file descriptors and memory.
#ifndef FIELDVAULT_CRYPTO_BYTE_STREAM_H_
#define FIELDVAULT_CRYPTO_BYTE_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::crypto {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to out.size() bytes into `out`. Returns the number read; 0 means
  // the end of the stream. May return fewer bytes than asked before the end.
  virtual Result<size_t> Read(std::span<uint8_t> out) = 0;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Writes all of `bytes` or returns an error.
  virtual Status Write(std::span<const uint8_t> bytes) = 0;
};

// Reads until `out` is full or the stream ends; returns the bytes read.
Result<size_t> ReadFull(ByteSource& source, std::span<uint8_t> out);

// Copies the whole of `source` into `sink` through a fixed 64 KiB buffer.
// Returns the number of bytes copied.
Result<uint64_t> CopyStream(ByteSource& source, ByteSink& sink);

// Reads from a file descriptor it does not own.
class FdSource final : public ByteSource {
 public:
  explicit FdSource(int fd) : fd_(fd) {}
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  int fd_;
};

// Writes to a file descriptor it does not own; retries short writes.
class FdSink final : public ByteSink {
 public:
  explicit FdSink(int fd) : fd_(fd) {}
  Status Write(std::span<const uint8_t> bytes) override;

 private:
  int fd_;
};

// Reads from bytes held elsewhere; the caller keeps them alive.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
};

// Appends to an owned vector (for small data and tests, never secrets).
class MemorySink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t> bytes) override;
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> Take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

// Views a string's bytes as a span.
inline std::span<const uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_BYTE_STREAM_H_
