// `fieldvault passwd`: changes the vault's passphrase (rewraps the master
// key; the data is not re-encrypted).
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "cli/passphrase.h"

namespace fieldvault::cli {
namespace {

Result<core::KdfCost> ReadCost(const CommandLine& line, core::KdfCost cost) {
  if (line.Has("kdf-memory")) {
    FV_ASSIGN_OR_RETURN(uint64_t mib, line.GetUnsigned("kdf-memory", 1, 4096));
    cost.memlimit_bytes = static_cast<size_t>(mib) << 20;
  }
  if (line.Has("kdf-passes")) {
    FV_ASSIGN_OR_RETURN(cost.opslimit, line.GetUnsigned("kdf-passes", 1, 64));
  }
  return cost;
}

Status ChangePassphrase(std::span<char*> args) {
  CommandLine line({"passwd",
                    "Change the vault's passphrase. The current passphrase "
                    "(or the recovery key) is asked first, then the new one "
                    "twice.",
                    "fieldvault passwd --vault ~/field-vault", false, true});
  line.options().add_options()(
      "new-passphrase-file", "read the new passphrase from FILE (scripts)",
      cxxopts::value<std::string>(), "FILE")(
      "kdf-memory", "Argon2id memory in MiB (default: keep the current)",
      cxxopts::value<std::string>(), "MIB")(
      "kdf-passes", "Argon2id passes (default: keep the current)",
      cxxopts::value<std::string>(), "N");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::VaultSummary summary, vault.Summarize());
  FV_ASSIGN_OR_RETURN(core::KdfCost cost,
                      ReadCost(line, summary.keyslots.front().cost));
  WarnIfWeakKdf(cost);
  std::string new_file;
  if (line.Has("new-passphrase-file")) {
    FV_ASSIGN_OR_RETURN(new_file, line.Get<std::string>("new-passphrase-file"));
  }
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes passphrase,
                      ReadNewPassphrase(new_file, "New passphrase: "));
  FV_RETURN_IF_ERROR(vault.ChangePassphrase(passphrase, cost));
  std::printf("Passphrase changed (%s). The old passphrase no longer opens "
              "the vault; a recovery key, if any, still does.\n",
              DescribeKdfCost(cost).c_str());
  return Status::Ok();
}

}  // namespace

int RunPasswd(std::span<char*> args) {
  Status status = ChangePassphrase(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
