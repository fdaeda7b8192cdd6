// An LD_PRELOAD library for CLI tests: crashes the real fieldvault binary
// (SIGKILL, as a power loss or `kill -9` would: no destructor, no cleanup)
// at the one point of an export or a repack that cannot clean up after
// itself: the rename of its temporary bundle file, or of the repacked copy
// of vault.db over vault.db. FIELDVAULT_TEST_CRASH chooses "before-rename"
// or "after-rename"; unset, renames go through untouched.
#include <dlfcn.h>
#include <signal.h>

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

}  // namespace

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
