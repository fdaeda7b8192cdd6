// `fieldvault wipe`: crypto-erases the vault. No passphrase needed.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/passphrase.h"
#include "core/vault/vault.h"
#include "crypto/random.h"

namespace fieldvault::cli {
namespace {

Status Wipe(std::span<char*> args) {
  CommandLine line({"wipe",
                    "Destroy the vault for ever, in well under a second: its "
                    "key file is overwritten and removed (crypto-erase), then "
                    "vault.db is removed. No passphrase is needed. There is "
                    "no undo.",
                    "fieldvault wipe --vault ~/field-vault --yes", false,
                    true, {}, false});
  line.options().add_options()("yes", "do not ask for typed confirmation");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  const std::string& dir = line.global().vault_dir;
  FV_RETURN_IF_ERROR(core::Vault::CheckPresent(dir));
  if (!line.Has("yes")) {
    FV_ASSIGN_OR_RETURN(
        bool confirmed,
        ConfirmOnTerminal("This destroys the vault at " + dir +
                              " for ever.\nType WIPE to confirm: ",
                          "WIPE"));
    if (!confirmed) {
      return Status::FailedPrecondition("not confirmed; nothing was wiped");
    }
  }
  FV_RETURN_IF_ERROR(core::Vault::Wipe(dir, crypto::SystemRandom()));
  std::printf("Wiped %s: it can no longer be opened, with or without the "
              "passphrase.\n", dir.c_str());
  return Status::Ok();
}

}  // namespace

int RunWipe(std::span<char*> args) {
  Status status = Wipe(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
