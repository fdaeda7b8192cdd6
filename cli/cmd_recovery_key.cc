// `fieldvault recovery-key`: adds (or replaces) the recovery keyslot and
// prints the new recovery key once.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"

namespace fieldvault::cli {
namespace {

// Whether standard output is a regular file (`recovery-key > key.txt`):
// the key would then lie on disk in the clear, outside the vault.
bool StdoutIsAFile() {
  struct stat out {};
  return ::fstat(STDOUT_FILENO, &out) == 0 && S_ISREG(out.st_mode);
}

Status AddRecoveryKey(std::span<char*> args) {
  CommandLine line({"recovery-key",
                    "Add a recovery key to the vault, or replace the one it "
                    "has. The key is printed once: write it on paper and keep "
                    "it away from this laptop. It opens the vault instead of "
                    "the passphrase.",
                    "fieldvault recovery-key --vault ~/field-vault", false,
                    true});
  line.options().add_options()(
      "yes", "print the key even when standard output is a file");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (StdoutIsAFile() && !line.Has("yes")) {
    return Status::FailedPrecondition(
               "standard output is a file: the recovery key would be written "
               "to disk in the clear")
        .WithHint("run it in a terminal and write the key on paper; add --yes "
                  "only if that file is on an encrypted medium you control");
  }
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::VaultSummary summary, vault.Summarize());
  bool replacing = summary.keyslots.size() > 1;
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes text, vault.AddRecoveryKey());
  // The user asked for exactly this secret: write it straight from locked
  // memory to stdout, never through a std::string.
  std::printf("Recovery key for %s:\n\n    ", line.global().vault_dir.c_str());
  std::fwrite(text.Reveal().data(), 1, text.size(), stdout);
  std::printf("\n\nWrite it down now; it is not stored anywhere and will not "
              "be shown again.\nIt opens the vault wherever a passphrase is "
              "asked.%s\n",
              replacing ? " The previous recovery key no longer works." : "");
  std::fflush(stdout);
  return Status::Ok();
}

}  // namespace

int RunRecoveryKey(std::span<char*> args) {
  Status status = AddRecoveryKey(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
