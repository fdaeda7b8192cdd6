// `fieldvault init`: creates a new vault protected by a passphrase.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "cli/passphrase.h"
#include "core/clock.h"
#include "core/vault/vault.h"
#include "core/vault/vault_files.h"
#include "crypto/random.h"

namespace fieldvault::cli {
namespace {

Result<core::KdfCost> ReadCost(const CommandLine& line) {
  FV_ASSIGN_OR_RETURN(uint64_t memory_mib,
                      line.GetUnsigned("kdf-memory", 1, 4096));
  FV_ASSIGN_OR_RETURN(uint64_t passes, line.GetUnsigned("kdf-passes", 1, 64));
  core::KdfCost cost;
  cost.opslimit = passes;
  cost.memlimit_bytes = static_cast<size_t>(memory_mib) << 20;
  return cost;
}

// What `init` prints once the vault exists: where, its id, the KDF cost,
// and the next step (a recovery key).
void PrintCreated(const GlobalOptions& global, const core::Vault& vault,
                  const core::KdfCost& cost) {
  if (global.json) {
    PrintJson({{"vault", global.vault_dir},
               {"vault_id", vault.vault_id()},
               {"kdf",
                {{"algorithm", "argon2id"},
                 {"memory_bytes", cost.memlimit_bytes},
                 {"passes", cost.opslimit}}}});
  } else {
    std::printf("Created vault %s\nVault id: %s\nKey derivation: %s\n"
                "Next: add a recovery key with `fieldvault recovery-key "
                "--vault %s` and keep it apart from this laptop.\n",
                global.vault_dir.c_str(), vault.vault_id().c_str(),
                DescribeKdfCost(cost).c_str(), global.vault_dir.c_str());
  }
}

Status Init(std::span<char*> args) {
  CommandLine line({"init", "Create a new, empty vault protected by a "
                            "passphrase (asked twice).",
                    "fieldvault init --vault ~/field-vault", true, true});
  line.options().add_options()(
      "kdf-memory", "Argon2id memory in MiB (lower is faster and weaker)",
      cxxopts::value<std::string>()->default_value("256"), "MIB")(
      "kdf-passes", "Argon2id passes",
      cxxopts::value<std::string>()->default_value("3"), "N");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::KdfCost cost, ReadCost(line));
  const GlobalOptions& global = line.global();
  // Before the passphrase is asked twice: a directory in use says so now.
  FV_RETURN_IF_ERROR(core::CheckNewVaultDirectory(global.vault_dir, core::kKeyslotsFile));
  WarnIfWeakKdf(cost);
  FV_ASSIGN_OR_RETURN(
      crypto::SecretBytes passphrase,
      ReadNewPassphrase(global.passphrase_file,
                        "New passphrase for " + global.vault_dir + ": "));
  FV_ASSIGN_OR_RETURN(core::Vault vault,
                      core::Vault::Create(global.vault_dir, passphrase, cost,
                                          crypto::SystemRandom(),
                                          core::SystemClock()));
  PrintCreated(global, vault, cost);
  return Status::Ok();
}

}  // namespace

int RunInit(std::span<char*> args) {
  Status status = Init(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
