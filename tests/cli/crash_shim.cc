// An LD_PRELOAD library for CLI tests: crashes the real fieldvault binary
// (SIGKILL, as a power loss or `kill -9` would: no destructor, no cleanup)
// at the one point of an export or a repack that cannot clean up after
// itself: the rename of its temporary bundle file, or of the repacked copy
// of vault.db over vault.db. FIELDVAULT_TEST_CRASH chooses "before-rename"
// or "after-rename"; unset, renames go through untouched.
//
// FIELDVAULT_TEST_SIGNAL ("INT" or "TERM") instead sends the export that
// signal, as Ctrl-C or `kill` would, right after its second write (write
// or pwrite, as O_DIRECT blocks are written) into its temporary bundle
// file: mid-bundle, with part of it on the "stick".
#include <dlfcn.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

bool IsTemporaryFile(const char* path) {
  std::string_view p(path);
  return (p.find("/.fv-") != std::string_view::npos && p.ends_with(".part")) ||
         p.ends_with("/vault.db.repack");
}

bool CrashAt(const char* path, const char* moment) {
  const char* mode = std::getenv("FIELDVAULT_TEST_CRASH");
  return mode != nullptr && std::strcmp(mode, moment) == 0 && IsTemporaryFile(path);
}

// Whether `fd` is open on a temporary bundle file.
bool IsTemporaryFd(int fd) {
  char link[64];
  char path[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  std::string_view p(path, static_cast<size_t>(n));
  return p.find("/.fv-") != std::string_view::npos && p.ends_with(".part");
}

}  // namespace

namespace {

// Sends FIELDVAULT_TEST_SIGNAL after the second write into a temporary
// bundle file.
void CountWrite(int fd) {
  static const char* signal_name = std::getenv("FIELDVAULT_TEST_SIGNAL");
  static std::atomic<int> writes{0};
  if (signal_name != nullptr && fd > 2 && IsTemporaryFd(fd) && ++writes == 2) {
    ::raise(std::strcmp(signal_name, "TERM") == 0 ? SIGTERM : SIGINT);
  }
}

}  // namespace

extern "C" ssize_t write(int fd, const void* bytes, size_t size) {
  using Write = ssize_t (*)(int, const void*, size_t);
  static Write real = reinterpret_cast<Write>(dlsym(RTLD_NEXT, "write"));
  ssize_t result = real(fd, bytes, size);
  CountWrite(fd);
  return result;
}

extern "C" ssize_t pwrite(int fd, const void* bytes, size_t size, off_t offset) {
  using Pwrite = ssize_t (*)(int, const void*, size_t, off_t);
  static Pwrite real = reinterpret_cast<Pwrite>(dlsym(RTLD_NEXT, "pwrite"));
  ssize_t result = real(fd, bytes, size, offset);
  CountWrite(fd);
  return result;
}

extern "C" ssize_t pwrite64(int fd, const void* bytes, size_t size, off_t offset) {
  return pwrite(fd, bytes, size, offset);
}

extern "C" int renameat2(int old_dir, const char* old_path, int new_dir,
                         const char* new_path, unsigned int flags) noexcept {
  using Rename = int (*)(int, const char*, int, const char*, unsigned int);
  static Rename real = reinterpret_cast<Rename>(dlsym(RTLD_NEXT, "renameat2"));
  if (CrashAt(old_path, "before-rename")) ::raise(SIGKILL);
  int result = real(old_dir, old_path, new_dir, new_path, flags);
  if (result == 0 && CrashAt(old_path, "after-rename")) ::raise(SIGKILL);
  return result;
}

extern "C" int rename(const char* old_path, const char* new_path) noexcept {
  using Rename = int (*)(const char*, const char*);
  static Rename real = reinterpret_cast<Rename>(dlsym(RTLD_NEXT, "rename"));
  if (CrashAt(old_path, "before-rename")) ::raise(SIGKILL);
  int result = real(old_path, new_path);
  if (result == 0 && CrashAt(old_path, "after-rename")) ::raise(SIGKILL);
  return result;
}
