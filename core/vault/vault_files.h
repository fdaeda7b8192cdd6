// File-system steps of the vault directory: a private directory, small
// whole-file reads, and atomic replacement of a file.
//
// Everything created here is private to the user (directory 0700, files
// 0600), whatever the process umask.
#ifndef FIELDVAULT_CORE_VAULT_VAULT_FILES_H_
#define FIELDVAULT_CORE_VAULT_VAULT_FILES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::core {

// Whether a new vault may be made in `dir`: OK when it does not exist or
// is an empty directory. kAlreadyExists otherwise, with a hint: `dir`
// already holds a vault (a file named `vault_marker` is in it), holds
// other files, or is not a directory. `init` asks before the passphrase.
Status CheckNewVaultDirectory(const std::string& dir, std::string_view vault_marker);

// Creates `dir` (and missing parents) with mode 0700; an existing empty
// directory is accepted and set to 0700. kAlreadyExists when `dir` holds
// anything; kIoError when the system refuses.
Status CreatePrivateDirectory(const std::string& dir);

// The whole file at `path`. kNotFound when missing; kCorruption when it is
// larger than `max_bytes`; kIoError otherwise.
Result<std::vector<uint8_t>> ReadSmallFile(const std::string& path,
                                           size_t max_bytes);

// The file's size in bytes. kNotFound when missing, kIoError otherwise.
Result<uint64_t> FileSize(const std::string& path);

// Replaces `path` with `bytes` so that a crash leaves either the old or the
// new contents: writes `path`.tmp (mode 0600), fsyncs it, renames it over
// `path`, then fsyncs the directory. kIoError on any failure, after which
// `path` is unchanged.
Status WriteFileAtomically(const std::string& path,
                           std::span<const uint8_t> bytes);

// fsync of a directory, making renames and removals in it durable.
Status SyncDirectory(const std::string& dir);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_FILES_H_
