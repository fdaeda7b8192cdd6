#include <cstdio>

#include "cli/command.h"

namespace fieldvault::cli {

int RunVersion(std::span<char*> /*args*/) {
  std::printf("fieldvault %s\n", FIELDVAULT_VERSION);
  return kExitOk;
}

}  // namespace fieldvault::cli
