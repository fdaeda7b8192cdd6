// VaultLock: keeps `fieldvault repack`, which replaces vault.db with a new
// file, apart from every other process that has the vault open.
//
// Every Vault holds a shared flock() on vault.db for as long as it lives;
// repack holds an exclusive one, taken before it reads anything and kept
// until it ends. A process that opened vault.db before repack renamed the
// new file over it would otherwise go on writing to the old, unlinked
// file, and its changes would be lost without a word. The new file is
// locked exclusively before it gets the name vault.db, so no moment exists
// when the name is unlocked during a repack.
//
// flock() locks belong to the open file description, not the process, and
// never conflict with SQLite's own fcntl() locks on local file systems. But
// closing any descriptor of vault.db drops the fcntl() locks the process
// holds on it, SQLite's included: a VaultLock must be released only after
// the SQLite connection on the same file is closed (Vault declares its lock
// before its database for that reason).
#ifndef FIELDVAULT_CORE_VAULT_VAULT_LOCK_H_
#define FIELDVAULT_CORE_VAULT_VAULT_LOCK_H_

#include <string>

#include "crypto/status.h"

namespace fieldvault::core {

enum class VaultAccess {
  kShared,     // every command: any number at once
  kExclusive,  // repack: nobody else
};

class VaultLock {
 public:
  // An unlocked placeholder (a moved-from Vault's).
  VaultLock() = default;

  // Locks the existing file at `path` (vault.db) without waiting, and
  // checks that `path` still names the file locked (a repack that just
  // finished has replaced it; then the new file is locked instead).
  // Errors: kNotFound when there is no file; kFailedPrecondition with a
  // hint when the lock is taken (by a repack for kShared, by any other
  // fieldvault process for kExclusive); kIoError.
  static Result<VaultLock> Acquire(const std::string& path, VaultAccess access);

  // Creates `path` (mode 0600, empty; kAlreadyExists when present) and
  // locks it exclusively: the file repack writes before naming it vault.db.
  static Result<VaultLock> CreateExclusive(const std::string& path);

  VaultLock(VaultLock&& other) noexcept;
  VaultLock& operator=(VaultLock&& other) noexcept;
  VaultLock(const VaultLock&) = delete;
  VaultLock& operator=(const VaultLock&) = delete;
  ~VaultLock();  // releases the lock

  VaultAccess access() const { return access_; }

  // fsync of the locked file. kIoError when it fails.
  Status Sync() const;

 private:
  VaultLock(int fd, VaultAccess access) : fd_(fd), access_(access) {}

  int fd_ = -1;
  VaultAccess access_ = VaultAccess::kShared;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_LOCK_H_
