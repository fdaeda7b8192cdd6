#include "core/bundle/bundle_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

Status Errno(const std::string& what) {
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

// The temporary name is kTempPrefix, 8 random bytes in hex, kTempSuffix.
constexpr std::string_view kTempPrefix = ".fv-";
constexpr std::string_view kTempSuffix = ".part";

// Closes a file descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

std::string DirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

}  // namespace

bool IsWriteInterrupted(const Status& status) {
  return status.code() == StatusCode::kFailedPrecondition &&
         status.message().find(kWriteInterrupted) != std::string::npos;
}

Status WritebackSink::Write(std::span<const uint8_t> bytes) {
  // Written here rather than through an FdSink, to tell a full medium
  // (errno) from other write errors. The interrupt flag is looked at
  // before each system call: a signal handler that set it may have cut a
  // write short (EINTR), and the export must stop before more of a bundle
  // nobody wants reaches the stick.
  for (auto rest = bytes; !rest.empty();) {
    if (Interrupted()) return Status::FailedPrecondition(std::string(kWriteInterrupted));
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("write the bundle");
    rest = rest.subspan(static_cast<size_t>(n));
  }
  written_ += bytes.size();
  while (supported_ && written_ - started_ >= kWritebackWindowBytes) {
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
      supported_ = false;
      return Status::Ok();
    }
    return Errno("write the bundle");
  }
  if (started_ >= window) {
    const off_t previous = static_cast<off_t>(started_ - window);
    if (::sync_file_range(fd_, previous, window,
                          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                              SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
      return Errno("write the bundle");
    }
    // Written back, so clean: dropping it keeps the page cache to two
    // windows, and the read-back has less to drop.
    ::posix_fadvise(fd_, previous, static_cast<off_t>(window), POSIX_FADV_DONTNEED);
    if (on_medium_) on_medium_(started_);
  }
  started_ += window;
  return Status::Ok();
}

Result<std::string> ChooseBundlePath(const std::string& target,
                                     crypto::RandomSource& random) {
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    std::array<uint8_t, 12> name;
    random.Fill(name);
    return target + "/" + crypto::HexEncode(name) + ".fvb";
  }
  if (std::filesystem::exists(target, error)) {
    return Status::AlreadyExists("'" + target + "' already exists")
        .WithHint("give a directory (the bundle gets a random name) or a new file name");
  }
  return target;
}

std::string BundleDirectory(const std::string& target) {
  std::error_code error;
  return std::filesystem::is_directory(target, error) ? target : DirectoryOf(target);
}

bool IsTemporaryBundleName(std::string_view name) {
  if (name.size() != kTempPrefix.size() + 16 + kTempSuffix.size() ||
      !name.starts_with(kTempPrefix) || !name.ends_with(kTempSuffix)) {
    return false;
  }
  std::string_view hex = name.substr(kTempPrefix.size(), 16);
  return std::all_of(hex.begin(), hex.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

Result<BundleFile> BundleFile::Create(std::string final_path,
                                      crypto::RandomSource& random) {
  std::array<uint8_t, 8> suffix;
  random.Fill(suffix);
  std::string temp =
      DirectoryOf(final_path) + "/" + std::string(kTempPrefix) +
      crypto::HexEncode(suffix) + std::string(kTempSuffix);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("create '" + temp + "'");
  return BundleFile(fd, std::move(temp), std::move(final_path));
}

BundleFile::BundleFile(BundleFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      temp_path_(std::exchange(other.temp_path_, "")),
      final_path_(std::move(other.final_path_)) {}

BundleFile::~BundleFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status BundleFile::Flush() {
  if (::fsync(fd_) != 0) return Errno("flush the bundle");
  return Status::Ok();
}

Status BundleFile::Rename() {
  ::close(std::exchange(fd_, -1));
  if (::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, final_path_.c_str(),
                  RENAME_NOREPLACE) != 0) {
    // FAT file systems (most USB sticks) do not know RENAME_NOREPLACE; the
    // name is random or was checked just before, so a plain rename is safe.
    if (errno != EINVAL || ::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      return Errno("rename the bundle to its final name");
    }
  }
  temp_path_.clear();
  return Status::Ok();
}

Status BundleFile::FlushDirectory() {
  Fd handle{::open(DirectoryOf(final_path_).c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (handle.fd < 0 || ::fsync(handle.fd) != 0) return Errno("flush directory");
  return Status::Ok();
}

void BundleFile::RemoveFinal() const { ::unlink(final_path_.c_str()); }

}  // namespace fieldvault::core::bundle
