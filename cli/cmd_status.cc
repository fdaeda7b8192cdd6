// `fieldvault status`: opens the vault and shows what it is, and any
// export that did not finish.
#include <cstdio>

#include "cli/clock_lead.h"
#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/export_warnings.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/vault/vault_database.h"
#include "crypto/encoding.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

std::string KindName(core::KeyslotKind kind) {
  return kind == core::KeyslotKind::kPassphrase ? "passphrase" : "recovery";
}

void PrintJsonSummary(const std::string& dir, const core::VaultSummary& summary,
                      const std::vector<core::bundle::UnfinishedExport>& unfinished,
                      int64_t clock_lead) {
  nlohmann::json slots = nlohmann::json::array();
  for (const core::KeyslotInfo& slot : summary.keyslots) {
    slots.push_back({{"kind", KindName(slot.kind)},
                     {"kdf", "argon2id"},
                     {"memory_bytes", slot.cost.memlimit_bytes},
                     {"passes", slot.cost.opslimit}});
  }
  PrintJson({{"vault", dir},
             {"vault_id", summary.vault_id},
             {"created_at", core::FormatTimestamp(summary.created_at_micros)},
             {"schema_version", summary.schema_version},
             {"custody_events", summary.custody_head.sequence},
             {"custody_head", crypto::HexEncode(summary.custody_head.hash)},
             {"keyslots", slots},
             {"page_size", summary.page_size},
             {"repack_advised", summary.page_size != core::kVaultPageSize},
             {"clock_ahead_seconds", clock_lead / 1000000},
             {"clock_ahead", clock_lead > kClockLeadReportedMicros},
             {"unfinished_exports", UnfinishedJson(unfinished)}});
}

void PrintTextSummary(const std::string& dir, const core::VaultSummary& summary,
                      const std::vector<core::bundle::UnfinishedExport>& unfinished,
                      int64_t clock_lead) {
  std::vector<std::vector<std::string>> rows = {
      {"Vault", dir},
      {"Vault id", summary.vault_id},
      {"Created", core::FormatUtc(summary.created_at_micros)},
      {"Schema version", std::to_string(summary.schema_version)},
      {"Custody events",
       std::to_string(summary.custody_head.sequence) + " (head " +
           crypto::HexEncode(summary.custody_head.hash).substr(0, 16) + ")"}};
  for (size_t i = 0; i < summary.keyslots.size(); ++i) {
    const core::KeyslotInfo& slot = summary.keyslots[i];
    rows.push_back({i == 0 ? "Keyslots" : "",
                    KindName(slot.kind) + " (" + DescribeKdfCost(slot.cost) +
                        ")"});
  }
  rows.push_back({"Page size", std::to_string(summary.page_size) + " bytes"});
  // The warning on stderr says why and what to do; this row stays in the
  // summary a monitor may show or copy.
  if (clock_lead > kClockLeadReportedMicros) {
    rows.push_back({"Clock", DescribeLead(clock_lead) + " ahead of this "
                             "computer's (see the warning above)"});
  }
  PrintTable({}, rows);
  if (summary.page_size != core::kVaultPageSize) {
    std::printf("\nThis vault has the %d-byte pages of earlier versions; "
                "`fieldvault repack` rewrites it with %d-byte pages, which "
                "makes attachments and bundles faster.\n",
                summary.page_size, core::kVaultPageSize);
  }
  if (unfinished.empty()) return;
  std::printf("\nExports that did not finish:\n");
  for (const auto& bundle : unfinished) {
    std::printf("  %s\n", DescribeUnfinished(bundle, AdviceFor::kStatus).c_str());
  }
}

Status ShowStatus(std::span<char*> args) {
  CommandLine line({"status",
                    "Unlock the vault and show what it is, and any export "
                    "that did not finish.",
                    "fieldvault status --vault ~/field-vault", true, true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::VaultSummary summary, vault.Summarize());
  FV_ASSIGN_OR_RETURN(auto unfinished, core::bundle::FindUnfinishedExports(vault));
  const int64_t clock_lead = VaultClockLead(vault);
  if (line.global().json) {
    PrintJsonSummary(line.global().vault_dir, summary, unfinished, clock_lead);
  } else {
    PrintTextSummary(line.global().vault_dir, summary, unfinished, clock_lead);
  }
  return Status::Ok();
}

}  // namespace

int RunStatus(std::span<char*> args) {
  Status status = ShowStatus(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
