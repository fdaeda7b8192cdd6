// ExportLock: one export at a time per vault, and a way for `status` to
// tell an export running now from one that was interrupted.
//
// An export registers its bundle as "pending" before the file gets its
// final name (exporter.h). Only while it runs is "pending" true; after a
// crash the row stays "pending" for good. The lock is an advisory flock()
// on the vault directory itself (no extra file in the vault), held for
// the whole export and released by the kernel when the process ends,
// however it ends. So a pending row seen while holding the lock, or while
// nobody holds it, belongs to an export that will never finish.
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORT_LOCK_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORT_LOCK_H_

#include <string>

#include "crypto/status.h"

namespace fieldvault::core::bundle {

class ExportLock {
 public:
  // Takes the lock on `vault_dir` without waiting. kFailedPrecondition
  // (with a hint) when another export of this vault holds it; kIoError
  // when the directory cannot be opened or locked.
  static Result<ExportLock> Acquire(const std::string& vault_dir);

  // Whether an export of the vault in `vault_dir` holds the lock now (a
  // momentary answer). kIoError as Acquire.
  static Result<bool> IsHeld(const std::string& vault_dir);

  ExportLock(ExportLock&& other) noexcept;
  ExportLock& operator=(ExportLock&&) = delete;
  ExportLock(const ExportLock&) = delete;
  ~ExportLock();  // releases the lock

 private:
  explicit ExportLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORT_LOCK_H_
