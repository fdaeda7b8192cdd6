#include "core/bundle/writeback_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace fieldvault::core::bundle {
namespace {

// O_DIRECT wants buffers, offsets and lengths aligned to the device's
// block size; 4096 covers every common one.
constexpr size_t kAlignment = 4096;

Status Interruption() { return Status::FailedPrecondition(std::string(kWriteInterrupted)); }

}  // namespace

bool IsWriteInterrupted(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition &&
         status.message().find(kWriteInterrupted) != std::string::npos;
}

Status MediumError(const std::string& what) {
  // A full medium has its own message, which the exporter completes with
  // the room the bundle needs.
  if (errno == ENOSPC || errno == EDQUOT) {
    return Status::IoError(std::string(kMediumFull) + " (" + what + ")")
        .WithHint("free some space on the USB stick or use another one");
  }
  // A file system's largest file (FAT32, which most sticks come with, stops
  // at 4 GiB): not a stick that is unmounted or full, as the hint below
  // would say, and no amount of free space helps.
  if (errno == EFBIG) {
    return Status::IoError("the stick's file system cannot hold a file this large "
                           "(FAT32 stops at 4 GiB)")
        .WithHint("nothing was written (the unfinished file was removed); split "
                  "the handoff into smaller bundles with --incident ID, or use a "
                  "stick formatted as exFAT");
  }
  return Status::IoError(what + ": " + std::strerror(errno))
      .WithHint("check that the USB stick is mounted, writable and not full");
}

void WritebackSink::FreeBlock::operator()(uint8_t* block) const { std::free(block); }

WritebackSink::WritebackSink(int fd, const std::atomic<bool>* interrupted,
                             OnMediumFn on_medium, MediumWrite how)
    : fd_(fd), interrupted_(interrupted), on_medium_(std::move(on_medium)) {
  if (how == MediumWrite::kBuffered) return;
  // Refused (EINVAL) by file systems without direct I/O, and meaningless
  // for what is not a regular file: then through the page cache.
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags | O_DIRECT) != 0) return;
  block_.reset(static_cast<uint8_t*>(std::aligned_alloc(kAlignment, kDirectBlockBytes)));
  if (!block_) ::fcntl(fd_, F_SETFL, flags);
}

WritebackSink::~WritebackSink() {
  // The caller's fd as it was given; what waits is dropped (the file is
  // being discarded when Finish was not called).
  const int flags = block_ ? ::fcntl(fd_, F_GETFL) : -1;
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT);
}

Status WritebackSink::Write(std::span<const uint8_t> bytes) {
  if (Interrupted()) return Interruption();
  if (!block_) return WriteThrough(bytes);
  while (!bytes.empty()) {
    const size_t n = std::min(bytes.size(), kDirectBlockBytes - held_);
    std::memcpy(block_.get() + held_, bytes.data(), n);
    held_ += n;
    bytes = bytes.subspan(n);
    if (held_ == kDirectBlockBytes) FV_RETURN_IF_ERROR(WriteBlock());
  }
  return Status::Ok();
}

Status WritebackSink::Finish() {
  if (Interrupted()) return Interruption();
  return block_ ? LeaveDirect() : Status::Ok();
}

// Writes the full block straight to the device.
Status WritebackSink::WriteBlock() {
  if (Interrupted()) return Interruption();
  ssize_t n;
  do {
    n = ::pwrite(fd_, block_.get(), held_, static_cast<off_t>(written_));
  } while (n < 0 && errno == EINTR);
  if (n >= 0 && static_cast<size_t>(n) == held_) {
    written_ += held_;
    held_ = 0;
    started_ = written_;
    if (on_medium_) on_medium_(written_);
    return Status::Ok();
  }
  if (n < 0 && errno != EINVAL) return MediumError("write the bundle");
  // Refused (EINVAL: a file system that took O_DIRECT at fcntl but not
  // for writes) or cut short (the medium filling up): the rest goes
  // through the page cache, where a full medium then reads as full.
  if (n > 0) {
    written_ += static_cast<uint64_t>(n);
    held_ -= static_cast<size_t>(n);
    std::memmove(block_.get(), block_.get() + n, held_);
  }
  return LeaveDirect();
}

// Clears O_DIRECT and writes what the block holds through the page cache.
Status WritebackSink::LeaveDirect() {
  std::unique_ptr<uint8_t, FreeBlock> block = std::move(block_);
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) != 0) {
    return MediumError("write the bundle");
  }
  // write() goes on from the file offset, which pwrite left at 0.
  if (::lseek(fd_, static_cast<off_t>(written_), SEEK_SET) < 0) {
    return MediumError("write the bundle");
  }
  const size_t held = std::exchange(held_, 0);
  return WriteThrough(std::span<const uint8_t>(block.get(), held));
}

Status WritebackSink::WriteThrough(std::span<const uint8_t> bytes) {
  // Written here rather than through an FdSink, to tell a full medium
  // (errno) from other write errors. The interrupt flag is looked at
  // before each system call: a signal handler that set it may have cut a
  // write short (EINTR), and the export must stop before more of a bundle
  // nobody wants reaches the stick.
  for (auto rest = bytes; !rest.empty();) {
    if (Interrupted()) return Interruption();
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MediumError("write the bundle");
    rest = rest.subspan(static_cast<size_t>(n));
    written_ += static_cast<uint64_t>(n);
  }
  while (windows_ && written_ - started_ >= kWritebackWindowBytes) {
    FV_RETURN_IF_ERROR(StartWindow());
  }
  return Status::Ok();
}

// Without this the kernel keeps the whole bundle dirty in memory until
// the fsync, which then writes all of it while nothing else happens; on a
// slow USB stick that doubles the export's time. Waiting for the previous
// window slows the writer only when the medium is slower than encryption,
// which bounds the memory the bundle takes as the kernel would anyway.
Status WritebackSink::StartWindow() {
  const uint64_t window = kWritebackWindowBytes;
  if (::sync_file_range(fd_, static_cast<off_t>(started_), window,
                        SYNC_FILE_RANGE_WRITE) != 0) {
    // A file system without it: the fsync does all the work, as before.
    if (errno == EINVAL || errno == ENOSYS || errno == ESPIPE ||
        errno == EOPNOTSUPP) {
      windows_ = false;
      return Status::Ok();
    }
    return MediumError("write the bundle");
  }
  if (started_ >= window) {
    const off_t previous = static_cast<off_t>(started_ - window);
    if (::sync_file_range(fd_, previous, window,
                          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                              SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
      return MediumError("write the bundle");
    }
    // Written back, so clean: dropping it keeps the page cache to two
    // windows, and the read-back has less to drop.
    ::posix_fadvise(fd_, previous, static_cast<off_t>(window), POSIX_FADV_DONTNEED);
    if (on_medium_) on_medium_(started_);
  }
  started_ += window;
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
