#include "core/vault/vault_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fieldvault::core {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

bool DirectoryIsEmpty(const std::string& dir) {
  std::error_code error;
  return std::filesystem::is_empty(dir, error) && !error;
}

std::string ParentOf(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

Status WriteAll(int fd, std::span<const uint8_t> bytes,
                const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Errno("cannot write", path);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status CheckNewVaultDirectory(const std::string& dir, std::string_view vault_marker) {
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0) return Status::Ok();
  const std::string elsewhere =
      "choose an empty or new directory for the vault (init creates it), "
      "e.g. --vault ~/field-vault";
  if (!S_ISDIR(st.st_mode)) {
    return Status::AlreadyExists(dir + " exists and is not a directory")
        .WithHint(elsewhere);
  }
  if (DirectoryIsEmpty(dir)) return Status::Ok();
  if (::access((dir + "/" + std::string(vault_marker)).c_str(), F_OK) == 0) {
    return Status::AlreadyExists(dir + " already holds a vault")
        .WithHint("open it with any command and --vault " + dir + "; for a new "
                  "vault, " + elsewhere);
  }
  return Status::AlreadyExists(dir + " is not empty, and it is not a vault")
      .WithHint(elsewhere + "; nothing in " + dir + " was changed");
}

Status CreatePrivateDirectory(const std::string& dir) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    // CheckNewVaultDirectory said why, with a hint; this is for a
    // directory filled since.
    if (!S_ISDIR(st.st_mode) || !DirectoryIsEmpty(dir)) {
      return Status::AlreadyExists(dir + " is not empty");
    }
  } else {
    std::error_code error;
    std::string parent = ParentOf(dir);
    std::filesystem::create_directories(parent, error);
    if (error) return Status::IoError("cannot create " + parent);
    if (::mkdir(dir.c_str(), 0700) != 0) return Errno("cannot create", dir);
  }
  // An existing directory may have been created with a looser mode.
  if (::chmod(dir.c_str(), 0700) != 0) return Errno("cannot protect", dir);
  return Status::Ok();
}

Result<std::vector<uint8_t>> ReadSmallFile(const std::string& path,
                                           size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no file " + path);
    return Errno("cannot open", path);
  }
  std::vector<uint8_t> bytes;
  uint8_t buffer[4096];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status status = Errno("cannot read", path);
      ::close(fd);
      return status;
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), buffer, buffer + n);
    if (bytes.size() > max_bytes) {
      ::close(fd);
      return Status::Corruption(path + " is larger than expected");
    }
  }
  ::close(fd);
  return bytes;
}

Result<uint64_t> FileSize(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("no file " + path);
    return Errno("cannot stat", path);
  }
  return static_cast<uint64_t>(st.st_size);
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot sync", dir);
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path,
                           std::span<const uint8_t> bytes) {
  const std::string temp = path + ".tmp";
  // A leftover from a crash may carry a different owner or mode: start
  // afresh with O_EXCL so the new file is certainly ours and 0600.
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("cannot create", temp);
  Status status = WriteAll(fd, bytes, temp);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("cannot sync", temp);
  ::close(fd);
  if (status.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    status = Errno("cannot replace", path);
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return SyncDirectory(ParentOf(path));
}

}  // namespace fieldvault::core
