#include "core/bundle/medium_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

namespace fieldvault::core::bundle {
namespace {

Status Errno(const std::string& what, int error) {
  return Status::IoError(what + ": " + std::strerror(error))
      .WithHint("check that the USB stick is mounted, writable and not full");
}

struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

// O_DIRECT wants buffers, offsets and lengths aligned to the device's
// block size; 4096 covers every common one.
constexpr size_t kAlignment = 4096;

struct FreeBlock {
  void operator()(uint8_t* block) const { std::free(block); }
};
using Block = std::unique_ptr<uint8_t, FreeBlock>;

// Reads a file opened with O_DIRECT on a second thread, one block ahead
// of the caller, into two aligned blocks used in turn. A read shorter than
// a block ends the file.
class DirectReader {
 public:
  explicit DirectReader(int fd) : fd_(fd) {
    for (Block& block : blocks_) {
      block.reset(static_cast<uint8_t*>(std::aligned_alloc(kAlignment, kMediumReadBlockBytes)));
    }
    if (blocks_[0] && blocks_[1]) worker_ = std::thread([this] { Run(); });
  }
  ~DirectReader() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  // The next block's bytes (empty at the end of the file), valid until the
  // next call; or the errno of a failed read (ENOMEM without buffers).
  std::span<const uint8_t> Next(int& error) {
    std::unique_lock lock(mutex_);
    error = 0;
    if (!worker_.joinable()) {
      error = ENOMEM;
      return {};
    }
    if (holding_) {
      holding_ = false;
      ++consumed_;
      changed_.notify_all();
    }
    if (ended_ && consumed_ == read_) return {};
    changed_.wait(lock, [this] { return read_ > consumed_; });
    const size_t slot = consumed_ % 2;
    error = errors_[slot];
    holding_ = error == 0;
    return std::span<const uint8_t>(blocks_[slot].get(), error == 0 ? sizes_[slot] : 0);
  }

 private:
  void Run();

  int fd_;
  std::array<Block, 2> blocks_;
  std::array<size_t, 2> sizes_{};
  std::array<int, 2> errors_{};
  // Under mutex_: blocks read_ - consumed_ (at most 2) wait for the
  // caller, who holds the oldest while holding_.
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t read_ = 0;
  uint64_t consumed_ = 0;
  bool holding_ = false;
  bool ended_ = false;
  bool stopping_ = false;
  std::thread worker_;  // last: started once the rest exists
};

void DirectReader::Run() {
  std::unique_lock lock(mutex_);
  while (!ended_) {
    changed_.wait(lock, [this] { return read_ - consumed_ < 2 || stopping_; });
    if (stopping_) return;
    const size_t slot = read_ % 2;
    const off_t offset = static_cast<off_t>(read_ * kMediumReadBlockBytes);
    lock.unlock();
    ssize_t n;
    do {
      n = ::pread(fd_, blocks_[slot].get(), kMediumReadBlockBytes, offset);
    } while (n < 0 && errno == EINTR);
    const int error = n < 0 ? errno : 0;
    lock.lock();
    sizes_[slot] = n < 0 ? 0 : static_cast<size_t>(n);
    errors_[slot] = error;
    ended_ = error != 0 || static_cast<size_t>(n) < kMediumReadBlockBytes;
    ++read_;
    changed_.notify_all();
  }
}

// The tag of a file opened with O_DIRECT; nullopt when the file system
// refuses direct reads (EINVAL on the first), to be read buffered instead.
Result<std::optional<crypto::CopyTag>> TagDirect(int fd, const std::string& path,
                                                 const crypto::CopyCheck& check) {
  DirectReader reader(fd);
  crypto::CopyCheck::TaggingSink tag(check, nullptr);
  for (bool first = true;; first = false) {
    int error = 0;
    std::span<const uint8_t> block = reader.Next(error);
    if (error == EINVAL && first) return std::optional<crypto::CopyTag>();
    if (error != 0) return Errno("read back '" + path + "'", error);
    if (block.empty()) return std::optional<crypto::CopyTag>(tag.Finish());
    FV_RETURN_IF_ERROR(tag.Write(block));
  }
}

Result<crypto::CopyTag> TagBuffered(const std::string& path,
                                    const crypto::CopyCheck& check) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return Errno("read back '" + path + "'", errno);
  // Ask the kernel to drop its cached copy, so that what is checked comes
  // from the medium where possible rather than from memory, and to read
  // ahead generously while the tag is computed.
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_DONTNEED);
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  crypto::FdSource source(file.fd);
  return check.TagAll(source);
}

}  // namespace

Result<crypto::CopyTag> TagFromMedium(const std::string& path,
                                      const crypto::CopyCheck& check,
                                      MediumRead how) {
  if (how == MediumRead::kDirectWherePossible) {
    Fd file{::open(path.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC)};
    if (file.fd < 0 && errno != EINVAL) {
      return Errno("read back '" + path + "'", errno);
    }
    if (file.fd >= 0) {
      FV_ASSIGN_OR_RETURN(std::optional<crypto::CopyTag> tag,
                          TagDirect(file.fd, path, check));
      if (tag) return *tag;
    }
  }
  return TagBuffered(path, check);
}

}  // namespace fieldvault::core::bundle
