// `fieldvault check`: verifies the custody chain, the database's integrity
// and the key file. Exit 1 when anything is wrong.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"

namespace fieldvault::cli {
namespace {

Status CheckVault(std::span<char*> args) {
  CommandLine line({"check",
                    "Verify the vault: the custody log's hash chain, the "
                    "database's integrity, and the key file (including that "
                    "vault.db was not rolled back).",
                    "fieldvault check --vault ~/field-vault", true, true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::CheckReport report, vault.Check());
  if (line.global().json) {
    PrintJson({{"ok", report.ok()},
               {"custody_events", report.custody_events},
               {"problems", report.problems}});
  } else if (report.ok()) {
    std::printf("Vault check passed: custody log of %lld events intact, "
                "database integrity ok, key file ok.\n",
                static_cast<long long>(report.custody_events));
  } else {
    for (const std::string& problem : report.problems) {
      std::printf("FAILED  %s\n", problem.c_str());
    }
  }
  if (!report.ok()) {
    return Status::Corruption("the vault failed " +
                              std::to_string(report.problems.size()) +
                              (report.problems.size() == 1 ? " check"
                                                           : " checks"))
        .WithHint("keep this vault as it is for investigation and restore "
                  "your latest backup to go on working");
  }
  return Status::Ok();
}

}  // namespace

int RunCheck(std::span<char*> args) {
  Status status = CheckVault(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
