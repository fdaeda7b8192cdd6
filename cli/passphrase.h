// Reading passphrases: from the terminal with echo off, or from the file
// named by --passphrase-file. Never from argv or the environment. Also the
// typed confirmations destructive commands ask for.
//
// The bytes go straight from the terminal or file into locked memory
// (SecretBytes); no std::string ever holds them. A trailing newline is not
// part of the passphrase.
#ifndef FIELDVAULT_CLI_PASSPHRASE_H_
#define FIELDVAULT_CLI_PASSPHRASE_H_

#include <string>
#include <string_view>

#include "cli/global_options.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// Longest passphrase accepted, in bytes.
inline constexpr size_t kMaxPassphraseBytes = 1024;

// The first line of `path`, without its line ending. kNotFound / kIoError
// when the file cannot be read; kInvalidArgument when the line is longer
// than kMaxPassphraseBytes or empty.
Result<crypto::SecretBytes> ReadPassphraseFile(const std::string& path);

// Shows `prompt` on the terminal (/dev/tty, not stdout) and reads one line
// with echo off. kFailedPrecondition when there is no terminal (with a
// hint to use --passphrase-file).
Result<crypto::SecretBytes> ReadPassphraseFromTerminal(std::string_view prompt);

// The passphrase for an existing vault: from options.passphrase_file if
// set, else from the terminal after `prompt`.
Result<crypto::SecretBytes> ReadPassphrase(const GlobalOptions& options,
                                           std::string_view prompt);

// A new passphrase: from `file` if not empty, else asked twice on the
// terminal. kInvalidArgument when it is empty or the two entries differ.
Result<crypto::SecretBytes> ReadNewPassphrase(const std::string& file,
                                              std::string_view prompt);

// Shows `prompt` on the terminal and reads one line with echo on. Returns
// true when the line is exactly `expected`. kFailedPrecondition when there
// is no terminal.
Result<bool> ConfirmOnTerminal(std::string_view prompt,
                               std::string_view expected);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_PASSPHRASE_H_
