// Process-wide protections applied before anything else runs.
#ifndef FIELDVAULT_CLI_PROCESS_HARDENING_H_
#define FIELDVAULT_CLI_PROCESS_HARDENING_H_

namespace fieldvault::cli {

// Disables core dumps (RLIMIT_CORE = 0 and PR_SET_DUMPABLE = 0, so no
// memory image holding keys reaches disk) and sets umask 077 so every file
// fieldvault creates is private. Returns false if core dumps could not be
// disabled; the caller must then refuse to run.
bool HardenProcess();

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_PROCESS_HARDENING_H_
