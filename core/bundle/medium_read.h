// Reading a bundle back from the medium, to check it against what was
// written (crypto/copy_check.h), while it is still being written.
//
// The exporter's WritebackSink (writeback_sink.h) says how much of the
// bundle the medium holds as it writes; a MediumFollower reads that back
// on a thread of its own, so the medium's reads and the tag overlap the
// rest of the export instead of following it, and only the last few MiB
// are read once the file is flushed. The file is opened with O_DIRECT where the file system allows
// it: the bytes then come from the device itself, never from the page
// cache. Where it does not, the whole file is read at the end through the
// page cache, after asking the kernel to drop its cached copy (only
// advice). Memory: one block of kMediumReadBlockBytes, whatever the size.
#ifndef FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_
#define FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "crypto/copy_check.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

inline constexpr size_t kMediumReadBlockBytes = 4 << 20;

enum class MediumRead {
  kDirectWherePossible,  // O_DIRECT, else as kBuffered
  kBuffered,             // the page cache, after asking it to drop the file
};

class MediumFollower {
 public:
  // Starts following the file at `path`, which another descriptor is
  // writing from offset 0. `check` must outlive the follower. kIoError
  // (with a hint about the medium) when the file cannot be opened.
  static Result<std::unique_ptr<MediumFollower>> Start(
      const std::string& path, const crypto::CopyCheck& check,
      MediumRead how = MediumRead::kDirectWherePossible);

  ~MediumFollower();  // stops reading (the tag is then never known)
  MediumFollower(const MediumFollower&) = delete;
  MediumFollower& operator=(const MediumFollower&) = delete;

  // The medium now holds the file's first `bytes` (written back, not just
  // cached), which may be read back at once. From any one thread at a time.
  void OnMedium(uint64_t bytes);

  // Once the whole file is written and flushed: reads what is left and
  // returns the tag of the whole file. kIoError (with a hint about the
  // medium) when a read failed. Call at most once.
  Result<crypto::CopyTag> Finish();

 private:
  MediumFollower(std::string path, const crypto::CopyCheck& check, int fd);
  void Run();

  struct FreeBlock {
    void operator()(uint8_t* block) const;
  };

  const std::string path_;
  const crypto::CopyCheck& check_;
  int fd_;  // O_DIRECT, or -1: everything is read buffered in Finish
  std::unique_ptr<uint8_t, FreeBlock> block_;
  crypto::CopyCheck::TaggingSink tag_;  // the reading thread's until joined
  // The reading thread's until joined: bytes read and tagged so far,
  // whether the file system refused direct reads, and a read's errno.
  uint64_t read_ = 0;
  bool direct_refused_ = false;
  int error_ = 0;
  // Under mutex_.
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t on_medium_ = 0;
  bool finishing_ = false;  // read to the end of the file, then stop
  bool stopping_ = false;   // stop now
  std::thread reader_;      // last: started once the rest exists
};

// The tag under `check` of the whole file at `path` (written and flushed
// before). kIoError (with a hint about the medium) when it cannot be
// opened or read.
Result<crypto::CopyTag> TagFromMedium(const std::string& path,
                                      const crypto::CopyCheck& check,
                                      MediumRead how = MediumRead::kDirectWherePossible);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_
