#include "cli/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace fieldvault::cli {

bool HardenProcess() {
  ::umask(077);
  struct rlimit no_core = {0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) return false;
  // Also stops other processes of the same user from ptrace-reading keys.
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return false;
  return true;
}

}  // namespace fieldvault::cli
