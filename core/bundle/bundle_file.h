// A bundle file on its way onto removable media. It is written under a
// temporary name (".fv-<random>.part", 0600) in the directory of its final
// path, flushed (and read back from the medium by the exporter, as it is
// written: medium_read.h), and only then renamed to the final name (never
// replacing a file), after which the directory is flushed. The object owns
// the temporary file: destroyed before the rename succeeded, it closes and
// removes it, so no error path leaves a half-written file behind, and no
// half-written bundle ever carries the final name. A crash (power loss, a
// pulled stick) can still leave a ".part" file; it is never a bundle name
// and holds only age ciphertext (the next export removes it when it can
// prove it is this vault's: unfinished_exports.h).
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_

#include <atomic>
#include <functional>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/byte_stream.h"
#include "crypto/random.h"
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

// The final path for a bundle written to `target`: a random name
// ("<24 hex>.fvb") inside it when it is a directory, so the name says
// nothing of the sender or the content; else `target` itself.
// kAlreadyExists (with a hint) when `target` is an existing file.
Result<std::string> ChooseBundlePath(const std::string& target,
                                     crypto::RandomSource& random);

// The directory a bundle written to `target` goes into, where its
// temporary file is made: `target` when it is a directory, else the
// directory of `target` ("." when it names none).
std::string BundleDirectory(const std::string& target);

// Whether `name` (a file name, not a path) has the form BundleFile gives
// its temporary files: ".fv-" + 16 lowercase hex digits + ".part".
bool IsTemporaryBundleName(std::string_view name);

// Appends to a file being written (BundleFile::fd) and has the kernel
// write it to the medium as it grows: each completed window of
// kWritebackWindowBytes is handed to writeback at once, and the window
// before it is waited for and dropped from the page cache. The medium then
// takes the bundle while the rest is still being encrypted, so the fsync
// before the rename (BundleFile::Flush, still required) has little left
// to write, and memory holds at most two windows of it whatever its size.
// Where the file system cannot do this, it writes as a plain FdSink would.
class WritebackSink final : public crypto::ByteSink {
 public:
  static constexpr uint64_t kWritebackWindowBytes = 8 << 20;

  // Told how many of the file's first bytes the medium holds, each time
  // a window has been written back (from the writing thread).
  using OnMediumFn = std::function<void(uint64_t bytes)>;

  // `fd` stays the caller's and must be open for writing at offset 0.
  // `interrupted`, when not null, is a flag another thread or a signal
  // handler may set (it must outlive the sink): each Write checks it
  // before and between its system calls. `on_medium` may be empty.
  explicit WritebackSink(int fd, const std::atomic<bool>* interrupted = nullptr,
                         OnMediumFn on_medium = {})
      : fd_(fd), interrupted_(interrupted), on_medium_(std::move(on_medium)) {}

  // Writes all of `bytes`. kIoError when the write fails (starting with
  // kMediumFull when the medium is full) or the medium reports a failed
  // writeback;
  // kFailedPrecondition (kWriteInterrupted) once the interrupt flag is set,
  // after which the caller discards the file.
  Status Write(std::span<const uint8_t> bytes) override;

 private:
  Status StartWindow();

  bool Interrupted() const {
    return interrupted_ != nullptr && interrupted_->load(std::memory_order_relaxed);
  }

  int fd_;
  const std::atomic<bool>* interrupted_;
  OnMediumFn on_medium_;
  uint64_t written_ = 0;  // bytes written so far
  uint64_t started_ = 0;  // of them, handed to writeback
  bool supported_ = true;
};

class BundleFile {
 public:
  // Creates the temporary file next to `final_path` (exclusively, 0600).
  // kIoError (with a hint about the medium; kMediumFull when it is full)
  // when it cannot.
  static Result<BundleFile> Create(std::string final_path,
                                   crypto::RandomSource& random);

  BundleFile(BundleFile&& other) noexcept;
  BundleFile& operator=(BundleFile&&) = delete;
  BundleFile(const BundleFile&) = delete;
  ~BundleFile();  // removes the temporary file unless renamed

  // The open temporary file, for writing. Owned by this object.
  int fd() const { return fd_; }
  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  // fsync of the file. kIoError.
  Status Flush();
  // Closes the file and renames it to its final name without replacing
  // anything; on success this object no longer removes it. kIoError.
  Status Rename();
  // fsync of the directory, so the new name survives a power loss.
  Status FlushDirectory();
  // Removes the file under its final name (after a failed directory flush).
  void RemoveFinal() const;

 private:
  BundleFile(int fd, std::string temp_path, std::string final_path)
      : fd_(fd), temp_path_(std::move(temp_path)),
        final_path_(std::move(final_path)) {}

  int fd_ = -1;
  std::string temp_path_;   // "" once renamed (nothing left to remove)
  std::string final_path_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_
