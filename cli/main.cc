// fieldvault's entry point: harden the process, start libsodium, dispatch
// to the subcommand named in argv[1].
#include <cstdio>
#include <cstring>
#include <span>
#include <string_view>

#include "cli/command.h"
#include "cli/process_hardening.h"
#include "crypto/init.h"

namespace {

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "Usage: fieldvault <command> [options]\n\n"
               "An encrypted vault for human-rights field monitors, and signed,"
               "\nencrypted export bundles for headquarters.\n\nCommands:\n");
  for (const auto& command : fieldvault::cli::AllCommands()) {
    std::fprintf(out, "  %-16.*s %.*s\n", static_cast<int>(command.name.size()),
                 command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(out,
               "\nRun `fieldvault <command> --help` for a command's options.\n"
               "Example: fieldvault init --vault ~/field-vault\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace fieldvault::cli;
  if (!HardenProcess()) {
    std::fprintf(stderr,
                 "fieldvault: error: cannot disable core dumps; refusing to "
                 "run\n");
    return kExitError;
  }
  if (!fieldvault::crypto::InitializeCrypto().ok()) {
    std::fprintf(stderr, "fieldvault: error: libsodium failed to start\n");
    return kExitError;
  }
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitError;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  for (const auto& command : AllCommands()) {
    if (command.name == name) {
      return command.run(std::span<char*>(argv + 1, argc - 1));
    }
  }
  std::fprintf(stderr, "fieldvault: error: unknown command '%s'\n", argv[1]);
  std::fprintf(stderr, "fieldvault: hint: run `fieldvault --help` for the list\n");
  return kExitError;
}
