// Reading and writing the small files the identity commands exchange:
// public keys given as text or as a file, secret key files (read into
// SecretBytes, written 0600 and never over an existing file), and
// sub-command dispatch for `id`, `recipients` and `signers`, and how their
// keyrings are listed.
#ifndef FIELDVAULT_CLI_KEY_FILES_H_
#define FIELDVAULT_CLI_KEY_FILES_H_

#include <cstdio>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "cli/output.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// Whether `text` looks like a secret key: an age identity
// (AGE-SECRET-KEY-1..., any case), a minisign secret key's base64 line,
// or a minisign secret key file's text. Such an argument is refused
// without being repeated.
bool LooksLikeSecretKey(std::string_view text);

// An "age1..." argument, or the path of a file whose first line that is
// neither empty nor a '#' comment is one (age -R's recipients file, or
// what `id export` writes). kInvalidArgument / kIoError with a hint; a
// secret key, or a name that is no file, is not repeated in the message.
Result<crypto::AgeRecipient> RecipientFromArgument(const std::string& argument);

// A minisign public key given as its base64 line ("RW...") or as the path
// of a minisign public key file.
Result<crypto::MinisignPublicKey> SignerFromArgument(const std::string& argument);

// The whole of a small file (at most 64 KiB) in locked memory. A path that
// looks like a secret key, or names no file, is not repeated in errors.
Result<crypto::SecretBytes> ReadSecretFile(const std::string& path);

// Creates `path` with `mode` (failing if it exists: kAlreadyExists),
// writes `bytes`, fsyncs. On error the partial file is removed.
Status WriteNewFile(const std::string& path, std::span<const uint8_t> bytes,
                    int mode);

// One action of a command group such as `recipients add`.
struct Action {
  std::string_view name;
  std::string_view summary;
  Status (*run)(std::span<char*> args);  // args[0] is the action name
};

// Runs args[1] from `actions` with the args after the group name, or
// prints the group's usage (--help, or no action: then kInvalidArgument).
int DispatchAction(std::string_view group, std::span<const Action> actions,
                   std::span<char*> args);

// Prints the keyring `entries` for a `list` action: a JSON array of
// `to_json` with --json, else a table of `row` under `headers`, or the
// line `empty` when there are none.
template <typename Entry>
void PrintKeyring(const CommandLine& line, const std::vector<Entry>& entries,
                  nlohmann::json (*to_json)(const Entry&),
                  const std::vector<std::string>& headers,
                  std::vector<std::string> (*row)(const Entry&),
                  const char* empty) {
  if (line.global().json) {
    nlohmann::json list = nlohmann::json::array();
    for (const Entry& entry : entries) list.push_back(to_json(entry));
    PrintJson(list);
    return;
  }
  if (entries.empty()) {
    std::printf("%s\n", empty);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Entry& entry : entries) rows.push_back(row(entry));
  PrintTable(headers, rows);
}

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_KEY_FILES_H_
