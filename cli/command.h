// The subcommand table: every `fieldvault <command>` is one entry here,
// implemented in its own cli/cmd_<name>.cc file. No self-registration: the
// table in command_table.cc is the one list.
#ifndef FIELDVAULT_CLI_COMMAND_H_
#define FIELDVAULT_CLI_COMMAND_H_

#include <span>
#include <string_view>

namespace fieldvault::cli {

// Exit codes, documented in docs/cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitVerifyFailed = 1;  // auth or verification failure
inline constexpr int kExitError = 2;         // usage, input or I/O error

struct Command {
  std::string_view name;     // e.g. "init", or "incident" for a group
  std::string_view summary;  // one line for `fieldvault --help`
  // Runs the command. `args` starts with the command name itself (argv[0]
  // of the subcommand). Returns the process exit code.
  int (*run)(std::span<char*> args);
};

// Every command, in the order `fieldvault --help` lists them.
std::span<const Command> AllCommands();

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_COMMAND_H_
