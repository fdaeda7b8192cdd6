#include "cli/open_vault.h"

#include "cli/clock_lead.h"
#include "cli/output.h"
#include "cli/passphrase.h"
#include "core/clock.h"
#include "crypto/random.h"

namespace fieldvault::cli {

Result<core::Vault> OpenVaultFromOptions(const GlobalOptions& options,
                                         core::VaultAccess access) {
  // Fail before prompting: asking for a passphrase for a vault that is not
  // there only confuses.
  FV_RETURN_IF_ERROR(core::Vault::CheckPresent(options.vault_dir));
  FV_RETURN_IF_ERROR(core::Vault::CheckWritable(options.vault_dir));
  FV_ASSIGN_OR_RETURN(
      crypto::SecretBytes secret,
      ReadPassphrase(options,
                     "Passphrase (or recovery key) for " + options.vault_dir +
                         ": "));
  Result<core::Vault> vault = core::Vault::Open(
      options.vault_dir, secret, crypto::SystemRandom(), core::SystemClock(),
      access);
  if (!vault.ok() && vault.status().code() == StatusCode::kAuthFailed) {
    return Status::AuthFailed(
               "wrong passphrase, or the vault's key file is damaged")
        .WithHint("check Caps Lock and the keyboard layout, then try again; "
                  "if you have the recovery key, enter it instead");
  }
  if (vault.ok()) WarnIfClockAhead(*vault);
  return vault;
}

std::string DescribeKdfCost(const core::KdfCost& cost) {
  std::string memory = cost.memlimit_bytes >= (size_t{1} << 20)
                           ? std::to_string(cost.memlimit_bytes >> 20) + " MiB"
                           : std::to_string(cost.memlimit_bytes >> 10) + " KiB";
  return "Argon2id, " + memory + ", " + std::to_string(cost.opslimit) +
         (cost.opslimit == 1 ? " pass" : " passes");
}

void WarnIfWeakKdf(const core::KdfCost& cost) {
  if (cost.memlimit_bytes < core::KdfCost().memlimit_bytes ||
      cost.opslimit < core::KdfCost().opslimit) {
    PrintWarning("a key derivation cost below the default makes guessing "
                 "the passphrase cheaper");
  }
}

}  // namespace fieldvault::cli
