#include "cli/command.h"

#include <array>

namespace fieldvault::cli {

int RunInit(std::span<char*> args);
int RunStatus(std::span<char*> args);
int RunVersion(std::span<char*> args);

std::span<const Command> AllCommands() {
  static const std::array kCommands = {
      Command{"init", "create a new vault protected by a passphrase", RunInit},
      Command{"status", "unlock the vault and show what it is", RunStatus},
      Command{"version", "print the version of fieldvault", RunVersion},
  };
  return kCommands;
}

}  // namespace fieldvault::cli
