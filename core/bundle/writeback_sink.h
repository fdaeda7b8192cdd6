// Writing a bundle onto its medium as it is made, so that the medium takes
// it while the rest is still being encrypted and memory holds a few MiB of
// it whatever its size (BundleFile::fd is the file; medium_read.h reads it
// back behind the writer).
//
// Where the file system allows it, the file is written with O_DIRECT, in
// aligned blocks of kDirectBlockBytes straight from this sink's buffer to
// the device: no copy through the page cache, nothing for the kernel to
// write back or drop later, and each block is on the medium when its write
// returns. (On the 2-core test machine a GiB written through the page
// cache and fsynced took 1.0-3.2 s, with O_DIRECT 0.7 s.) The last,
// partial block is written through the page cache by Finish.
// Elsewhere it writes through the page cache, and each completed window of
// kWritebackWindowBytes is handed to writeback at once while the window
// before it is waited for and dropped from the cache, so the fsync before
// the rename (BundleFile::Flush, always required) has little left to
// write; where the file system cannot do that either, it writes as a plain
// FdSink would.
#ifndef FIELDVAULT_CORE_BUNDLE_WRITEBACK_SINK_H_
#define FIELDVAULT_CORE_BUNDLE_WRITEBACK_SINK_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// The start of the kIoError message when the medium has no room left
// (ENOSPC, or a disk quota) for the bundle or its temporary file.
inline constexpr std::string_view kMediumFull = "no space left on the medium";

// The message of the kFailedPrecondition a WritebackSink returns once its
// interrupt flag is set (the user pressed Ctrl-C or sent SIGTERM).
inline constexpr std::string_view kWriteInterrupted =
    "the bundle's writing was interrupted";

// Whether `status` (with any context added on its way up) is the one a
// WritebackSink returns when interrupted.
bool IsWriteInterrupted(const Status& status);

// The kIoError for a failed system call on the medium (errno as it is
// now), doing `what`: a full medium (kMediumFull), a file too large for
// its file system (FAT32), or else the error with a hint about the stick.
Status MediumError(const std::string& what);

enum class MediumWrite {
  kDirectWherePossible,  // O_DIRECT, else as kBuffered
  kBuffered,             // through the page cache, in writeback windows
};

class WritebackSink final : public crypto::ByteSink {
 public:
  static constexpr uint64_t kWritebackWindowBytes = 8 << 20;
  static constexpr size_t kDirectBlockBytes = 4 << 20;

  // Told how many of the file's first bytes the medium holds, each time
  // that grows (from the writing thread).
  using OnMediumFn = std::function<void(uint64_t bytes)>;

  // `fd` stays the caller's and must be open for writing at offset 0 (its
  // O_DIRECT flag is set here and cleared by Finish). `interrupted`, when
  // not null, is a flag another thread or a signal handler may set (it
  // must outlive the sink): each Write checks it first and before each
  // system call. `on_medium` may be empty.
  explicit WritebackSink(int fd, const std::atomic<bool>* interrupted = nullptr,
                         OnMediumFn on_medium = {},
                         MediumWrite how = MediumWrite::kDirectWherePossible);
  ~WritebackSink() override;
  WritebackSink(const WritebackSink&) = delete;
  WritebackSink& operator=(const WritebackSink&) = delete;

  // Takes all of `bytes` (up to a block of them may wait in the sink until
  // the next Write or Finish). kIoError when a write fails (starting with
  // kMediumFull when the medium is full) or the medium reports a failed
  // writeback; kFailedPrecondition (kWriteInterrupted) once the interrupt
  // flag is set, after which the caller discards the file.
  Status Write(std::span<const uint8_t> bytes) override;

  // Writes what waits in the sink; call once after the last Write and
  // before the file is flushed. The errors of Write.
  Status Finish();

 private:
  struct FreeBlock {
    void operator()(uint8_t* block) const;
  };

  Status WriteThrough(std::span<const uint8_t> bytes);
  Status WriteBlock();
  Status LeaveDirect();
  Status StartWindow();

  bool Interrupted() const {
    return interrupted_ != nullptr && interrupted_->load(std::memory_order_relaxed);
  }

  int fd_;
  const std::atomic<bool>* interrupted_;
  OnMediumFn on_medium_;
  std::unique_ptr<uint8_t, FreeBlock> block_;  // set while writing O_DIRECT
  size_t held_ = 0;       // bytes waiting in block_
  uint64_t written_ = 0;  // bytes written to the file so far
  uint64_t started_ = 0;  // of them, on the medium or handed to writeback
  bool windows_ = true;   // sync_file_range works here
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_WRITEBACK_SINK_H_
