// Opening the vault named by the global options: checks it exists, asks
// for the passphrase (or reads --passphrase-file), opens it with the
// system's random source and clock, and gives errors a hint a monitor can
// act on.
#ifndef FIELDVAULT_CLI_OPEN_VAULT_H_
#define FIELDVAULT_CLI_OPEN_VAULT_H_

#include <string>

#include "cli/global_options.h"
#include "core/vault/vault.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// The open vault at options.vault_dir, shared with other fieldvault
// processes or, for repack, kExclusive. Errors as Vault::Open, with
// monitor-friendly hints (print them with ReportError). Warns on stderr
// when the vault's clock runs ahead of the computer's (cli/clock_lead.h).
Result<core::Vault> OpenVaultFromOptions(
    const GlobalOptions& options,
    core::VaultAccess access = core::VaultAccess::kShared);

// "Argon2id, 256 MiB, 3 passes" (memory below 1 MiB shown in KiB).
std::string DescribeKdfCost(const core::KdfCost& cost);

// Warns on stderr when `cost` (of a passphrase slot about to be made, by
// `init` or `passwd`) is below the default memory or passes.
void WarnIfWeakKdf(const core::KdfCost& cost);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_OPEN_VAULT_H_
