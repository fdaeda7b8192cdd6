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
  if (fd < 0) return MediumError("create '" + temp + "'");
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
  if (::fsync(fd_) != 0) return MediumError("flush the bundle");
  return Status::Ok();
}

Status BundleFile::Rename() {
  ::close(std::exchange(fd_, -1));
  if (::renameat2(AT_FDCWD, temp_path_.c_str(), AT_FDCWD, final_path_.c_str(),
                  RENAME_NOREPLACE) != 0) {
    // FAT file systems (most USB sticks) do not know RENAME_NOREPLACE; the
    // name is random or was checked just before, so a plain rename is safe.
    if (errno != EINVAL || ::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      return MediumError("rename the bundle to its final name");
    }
  }
  temp_path_.clear();
  return Status::Ok();
}

Status BundleFile::FlushDirectory() {
  Fd handle{::open(DirectoryOf(final_path_).c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (handle.fd < 0 || ::fsync(handle.fd) != 0) return MediumError("flush directory");
  return Status::Ok();
}

void BundleFile::RemoveFinal() const { ::unlink(final_path_.c_str()); }

}  // namespace fieldvault::core::bundle
