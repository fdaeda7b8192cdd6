// What fieldvault prints: errors and hints on stderr with the exit code
// they map to, readable tables, and JSON on stdout.
//
// Exit codes (docs/cli.md): 0 ok; 1 authentication or verification
// failure (wrong passphrase, damaged or tampered data); 2 usage, input or
// I/O error.
#ifndef FIELDVAULT_CLI_OUTPUT_H_
#define FIELDVAULT_CLI_OUTPUT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::cli {

// The exit code for `status`: 0 when OK, 1 for kAuthFailed and
// kCorruption, 2 for everything else.
int ExitCodeFor(const Status& status);

// Prints "fieldvault: error: <message>" and, if the status has one,
// "fieldvault: hint: <hint>" to stderr. Returns ExitCodeFor(status).
int ReportError(const Status& status);

// The kIoError for a file named on the command line that could not be
// opened (`error` is its errno), starting "cannot read <what>". The name
// is repeated only when the file exists (a permission problem, say): a
// name that is no file may be a passphrase or a key typed in the wrong
// place, and errors end up in scrollback and screenshots.
Status CannotOpen(std::string_view what, const std::string& path, int error);

// Prints "fieldvault: warning: <message>" to stderr.
void PrintWarning(std::string_view message);

// Prints `rows` under `headers` (skipped when empty) as aligned columns,
// two spaces apart, each cell on one line (tabs and line breaks become
// spaces); widths count UTF-8 characters, not bytes.
void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows);

// Prints `value` as indented JSON and a newline on stdout.
void PrintJson(const nlohmann::json& value);

// "512 B", "1.5 KiB", "3.2 GiB": a size in bytes for people to read.
std::string HumanSize(uint64_t bytes);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_OUTPUT_H_
