#include "core/bundle/export_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace fieldvault::core::bundle {
namespace {

Result<int> OpenDirectory(const std::string& vault_dir) {
  int fd = ::open(vault_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return Status::IoError("cannot open the vault directory '" + vault_dir +
                           "': " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

Result<ExportLock> ExportLock::Acquire(const std::string& vault_dir) {
  FV_ASSIGN_OR_RETURN(int fd, OpenDirectory(vault_dir));
  // flock, not fcntl: fcntl locks belong to the process and would be
  // dropped when any descriptor of the file closes; flock locks belong to
  // this descriptor only and never touch SQLite's own locks on vault.db.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return Status::FailedPrecondition("another export of this vault is running")
          .WithHint("wait for it to finish, then export again");
    }
    return Status::IoError("cannot lock the vault directory '" + vault_dir +
                           "': " + std::strerror(error));
  }
  return ExportLock(fd);
}

Result<bool> ExportLock::IsHeld(const std::string& vault_dir) {
  FV_ASSIGN_OR_RETURN(int fd, OpenDirectory(vault_dir));
  // A shared lock conflicts only with an export's exclusive one, so two
  // `status` runs at once do not see each other as exports.
  const bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
  const int error = errno;
  ::close(fd);  // also releases the shared lock if it was taken
  if (free) return false;
  if (error == EWOULDBLOCK) return true;
  return Status::IoError("cannot check the vault directory's lock: " +
                         std::string(std::strerror(error)));
}

ExportLock::ExportLock(ExportLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)) {}

ExportLock::~ExportLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace fieldvault::core::bundle
