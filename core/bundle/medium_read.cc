#include "core/bundle/medium_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <span>

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
// block size; 4096 covers every common one. Blocks and the writer's
// windows are multiples of it.
constexpr size_t kAlignment = 4096;

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

void MediumFollower::FreeBlock::operator()(uint8_t* block) const { std::free(block); }

Result<std::unique_ptr<MediumFollower>> MediumFollower::Start(
    const std::string& path, const crypto::CopyCheck& check, MediumRead how) {
  int fd = -1;
  if (how == MediumRead::kDirectWherePossible) {
    fd = ::open(path.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0 && errno != EINVAL) return Errno("read back '" + path + "'", errno);
  }
  if (fd < 0 && ::access(path.c_str(), R_OK) != 0) {
    return Errno("read back '" + path + "'", errno);
  }
  return std::unique_ptr<MediumFollower>(new MediumFollower(path, check, fd));
}

MediumFollower::MediumFollower(std::string path, const crypto::CopyCheck& check, int fd)
    : path_(std::move(path)), check_(check), fd_(fd), tag_(check, nullptr) {
  if (fd_ < 0) return;
  block_.reset(static_cast<uint8_t*>(std::aligned_alloc(kAlignment, kMediumReadBlockBytes)));
  if (!block_) {
    error_ = ENOMEM;
    return;
  }
  reader_ = std::thread([this] { Run(); });
}

MediumFollower::~MediumFollower() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (reader_.joinable()) reader_.join();
  if (fd_ >= 0) ::close(fd_);
}

void MediumFollower::OnMedium(uint64_t bytes) {
  {
    std::lock_guard lock(mutex_);
    if (bytes <= on_medium_) return;
    on_medium_ = bytes;
  }
  changed_.notify_all();
}

// Reads whole blocks as soon as the medium holds them, and once finishing
// every block to the end of the file (a short read ends it).
void MediumFollower::Run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] {
        return stopping_ || finishing_ || read_ + kMediumReadBlockBytes <= on_medium_;
      });
      if (stopping_) return;
    }
    ssize_t n;
    do {
      n = ::pread(fd_, block_.get(), kMediumReadBlockBytes, static_cast<off_t>(read_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      // Refused on the first read: this file system takes O_DIRECT at
      // open but not for reads; Finish reads it all through the cache.
      if (errno == EINVAL && read_ == 0) direct_refused_ = true;
      else error_ = errno;
      return;
    }
    Status tagged = tag_.Write(std::span<const uint8_t>(block_.get(), static_cast<size_t>(n)));
    (void)tagged;  // a tag without a next sink cannot fail
    read_ += static_cast<uint64_t>(n);
    if (static_cast<size_t>(n) < kMediumReadBlockBytes) {
      std::lock_guard lock(mutex_);
      // Short only at the end of the file, which it is only when finishing
      // (before, the writer had already put this block on the medium).
      if (finishing_) return;
      error_ = EIO;
      return;
    }
  }
}

Result<crypto::CopyTag> MediumFollower::Finish() {
  {
    std::lock_guard lock(mutex_);
    finishing_ = true;
  }
  changed_.notify_all();
  if (reader_.joinable()) reader_.join();
  if (fd_ < 0 || direct_refused_) return TagBuffered(path_, check_);
  if (error_ != 0) return Errno("read back '" + path_ + "'", error_);
  return tag_.Finish();
}

Result<crypto::CopyTag> TagFromMedium(const std::string& path,
                                      const crypto::CopyCheck& check,
                                      MediumRead how) {
  FV_ASSIGN_OR_RETURN(std::unique_ptr<MediumFollower> follower,
                      MediumFollower::Start(path, check, how));
  return follower->Finish();
}

}  // namespace fieldvault::core::bundle
