#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"

namespace fieldvault::cli {

int RunVersion(std::span<char*> args) {
  CommandLine line({"version", "Print the version of fieldvault.", "fieldvault version",
                    false, false});
  Result<bool> proceed = line.Parse(args);
  if (!proceed.ok()) return ReportError(proceed.status());
  if (*proceed) std::printf("fieldvault %s\n", FIELDVAULT_VERSION);
  return kExitOk;
}

}  // namespace fieldvault::cli
