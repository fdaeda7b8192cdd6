#include "cli/command.h"

#include <array>

namespace fieldvault::cli {

int RunVersion(std::span<char*> args);

std::span<const Command> AllCommands() {
  static const std::array kCommands = {
      Command{"version", "print the version of fieldvault", RunVersion},
  };
  return kCommands;
}

}  // namespace fieldvault::cli
