#include "crypto/byte_stream.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace fieldvault::crypto {

Result<size_t> ReadFull(ByteSource& source, std::span<uint8_t> out) {
  size_t total = 0;
  while (total < out.size()) {
    FV_ASSIGN_OR_RETURN(size_t n, source.Read(out.subspan(total)));
    if (n == 0) break;
    total += n;
  }
  return total;
}

Result<uint64_t> CopyStream(ByteSource& source, ByteSink& sink) {
  std::array<uint8_t, 64 * 1024> buffer;
  uint64_t total = 0;
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, source.Read(buffer));
    if (n == 0) return total;
    FV_RETURN_IF_ERROR(sink.Write(std::span(buffer.data(), n)));
    total += n;
  }
}

Result<size_t> FdSource::Read(std::span<uint8_t> out) {
  while (true) {
    ssize_t n = ::read(fd_, out.data(), out.size());
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) {
      return Status::IoError(std::string("read failed: ") +
                             std::strerror(errno));
    }
  }
}

Status FdSink::Write(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("write failed: ") +
                             std::strerror(errno));
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Result<size_t> MemorySource::Read(std::span<uint8_t> out) {
  size_t n = std::min(out.size(), bytes_.size() - offset_);
  if (n > 0) std::memcpy(out.data(), bytes_.data() + offset_, n);
  offset_ += n;
  return n;
}

Status MemorySink::Write(std::span<const uint8_t> bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  return Status::Ok();
}

}  // namespace fieldvault::crypto
