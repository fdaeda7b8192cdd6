#include "core/vault/vault_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace fieldvault::core {
namespace {

// A repack replaces vault.db once per run; two replacements between our
// open() and our check would need two repacks in that instant.
constexpr int kAttempts = 3;

Status Errno(const std::string& what, const std::string& path, int error) {
  return Status::IoError(what + " " + path + ": " + std::strerror(error));
}

Status Busy(VaultAccess access) {
  if (access == VaultAccess::kShared) {
    return Status::FailedPrecondition(
               "`fieldvault repack` is rewriting this vault right now")
        .WithHint("wait for it to finish, then run the command again");
  }
  return Status::FailedPrecondition(
             "another fieldvault command is using this vault")
      .WithHint(
          "wait for it to finish (an export, import or attach can take "
          "minutes), then run repack again");
}

// Whether `fd` is still the file named `path`.
Result<bool> StillNamed(int fd, const std::string& path) {
  struct stat held, named;
  if (::fstat(fd, &held) != 0) return Errno("cannot stat", path, errno);
  if (::stat(path.c_str(), &named) != 0) {
    if (errno == ENOENT) return false;
    return Errno("cannot stat", path, errno);
  }
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

Result<VaultLock> VaultLock::Acquire(const std::string& path,
                                     VaultAccess access) {
  const int operation =
      (access == VaultAccess::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::NotFound("no file " + path);
      return Errno("cannot open", path, errno);
    }
    VaultLock lock(fd, access);
    if (::flock(fd, operation) != 0) {
      if (errno == EWOULDBLOCK) return Busy(access);
      return Errno("cannot lock", path, errno);
    }
    FV_ASSIGN_OR_RETURN(bool current, StillNamed(fd, path));
    if (current) return lock;
    // Replaced by a repack between open() and flock(): lock the new file.
  }
  return Busy(access);
}

Result<VaultLock> VaultLock::CreateExclusive(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " exists");
    return Errno("cannot create", path, errno);
  }
  VaultLock lock(fd, VaultAccess::kExclusive);
  // Nobody else can know the file yet, so this cannot block.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    return Errno("cannot lock", path, errno);
  }
  return lock;
}

VaultLock::VaultLock(VaultLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), access_(other.access_) {}

VaultLock& VaultLock::operator=(VaultLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    access_ = other.access_;
  }
  return *this;
}

VaultLock::~VaultLock() {
  if (fd_ >= 0) ::close(fd_);
}

Status VaultLock::Sync() const {
  if (fd_ < 0 || ::fsync(fd_) != 0) {
    return Status::IoError(std::string("cannot sync the new vault.db: ") +
                           std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
