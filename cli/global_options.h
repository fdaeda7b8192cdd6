// The options every vault command shares: --vault DIR, --passphrase-file
// FILE and, where the output is data, --json.
#ifndef FIELDVAULT_CLI_GLOBAL_OPTIONS_H_
#define FIELDVAULT_CLI_GLOBAL_OPTIONS_H_

#include <cxxopts.hpp>
#include <string>

namespace fieldvault::cli {

struct GlobalOptions {
  std::string vault_dir;        // never empty after parsing
  std::string passphrase_file;  // empty: ask on the terminal
  bool json = false;            // machine-readable output on stdout
};

// The vault directory used when --vault is not given: $FIELDVAULT_VAULT if
// set, else $XDG_DATA_HOME/fieldvault/vault, else
// $HOME/.local/share/fieldvault/vault (else ./fieldvault-vault).
std::string DefaultVaultDir();

// Adds --vault, --passphrase-file when `with_passphrase`, and --json when
// `with_json`.
void AddGlobalOptions(cxxopts::Options& options, bool with_json,
                      bool with_passphrase = true);

// Reads the global options out of a parse result. Cannot fail: every
// option has a default.
GlobalOptions ReadGlobalOptions(const cxxopts::ParseResult& parsed,
                                bool with_json);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_GLOBAL_OPTIONS_H_
