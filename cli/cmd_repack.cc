// `fieldvault repack`: rewrites vault.db at the current page size and
// without free pages (core Vault::Repack), alone: it refuses to start
// while another fieldvault process has the vault open.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"

namespace fieldvault::cli {
namespace {

void PrintText(const std::string& dir, const core::RepackReport& report) {
  if (report.removed_leftover) {
    std::printf("Removed the unfinished copy an interrupted repack left.\n");
  }
  std::printf("Repacked %s\n", dir.c_str());
  std::printf(
      "  page size  %d -> %d bytes%s\n", report.old_page_size,
      report.new_page_size,
      report.old_page_size == report.new_page_size ? " (unchanged)" : "");
  std::printf("  vault.db   %s -> %s\n",
              HumanSize(report.old_file_bytes).c_str(),
              HumanSize(report.new_file_bytes).c_str());
}

Status Repack(std::span<char*> args) {
  CommandLine line(
      {"repack",
       "Rewrite vault.db as a new file: at the page size this version uses "
       "(16384 bytes; vaults made by earlier versions have 4096, which makes "
       "attachments and bundles slower) and without the free space left by "
       "deleted records. The copy is checked before it replaces vault.db; "
       "an interruption leaves the old or the new file, whole. Needs free "
       "disk space about the size of vault.db, and no other fieldvault "
       "command running on the vault.",
       "fieldvault repack --vault ~/field-vault", true, true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(
      core::Vault vault,
      OpenVaultFromOptions(line.global(), core::VaultAccess::kExclusive));
  FV_ASSIGN_OR_RETURN(core::RepackReport report, vault.Repack());
  if (line.global().json) {
    PrintJson({{"vault", line.global().vault_dir},
               {"page_size_before", report.old_page_size},
               {"page_size_after", report.new_page_size},
               {"bytes_before", report.old_file_bytes},
               {"bytes_after", report.new_file_bytes},
               {"removed_leftover", report.removed_leftover}});
  } else {
    PrintText(line.global().vault_dir, report);
  }
  return Status::Ok();
}

}  // namespace

int RunRepack(std::span<char*> args) {
  Status status = Repack(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
