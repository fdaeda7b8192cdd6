// `fieldvault check`: verifies the custody chain, the database's integrity
// and the key file; with --attachments also re-hashes every attachment
// against the BLAKE2b-512 recorded when it was added (the full content
// check an export does not make: docs/threat-model.md). Exit 1 when
// anything is wrong.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/attachments/attachment_store.h"
#include "core/records/merge_loops.h"
#include "core/vault/integrity_check.h"

namespace fieldvault::cli {
namespace {

// What the attachment check found, when it was asked for.
struct AttachmentCheck {
  bool ran = false;
  core::AttachmentCheckReport report;
};

// A one-line progress bar on stderr, only when it is a terminal.
core::CheckProgressFn ProgressBar() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [last = -1](uint64_t done, uint64_t total) mutable {
    int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
    if (percent == last) return;
    last = percent;
    std::fprintf(stderr, "\rchecking attachments [%-40s] %3d%%",
                 std::string(static_cast<size_t>(percent * 40 / 100), '#').c_str(),
                 percent);
    if (percent == 100) std::fprintf(stderr, "\n");
  };
}

// "attachment <id> (<name>): <problem>", the line a monitor reads.
std::string Describe(const core::DamagedAttachment& a) {
  return "attachment " + a.id + " (" +
         a.original_name.value_or("name redacted") + "): " + a.problem;
}

void PrintJsonReport(const core::CheckReport& report,
                     const std::vector<std::string>& database_details,
                     const AttachmentCheck& attachments) {
  nlohmann::json json = {{"ok", report.ok() && attachments.report.damaged.empty()},
                         {"custody_events", report.custody_events},
                         {"problems", report.problems},
                         {"database_details", database_details}};
  if (attachments.ran) {
    nlohmann::json damaged = nlohmann::json::array();
    for (const core::DamagedAttachment& a : attachments.report.damaged) {
      damaged.push_back({{"id", a.id},
                         {"original_name", a.original_name
                                               ? nlohmann::json(*a.original_name)
                                               : nlohmann::json(nullptr)},
                         {"problem", a.problem}});
    }
    json["attachments"] = {{"checked", attachments.report.checked},
                           {"bytes", attachments.report.bytes},
                           {"damaged", damaged}};
  }
  PrintJson(json);
}

void PrintTextReport(const core::CheckReport& report,
                     const std::vector<std::string>& database_details,
                     const AttachmentCheck& attachments) {
  if (report.ok() && attachments.report.damaged.empty()) {
    std::printf("Vault check passed: custody log of %lld events intact, "
                "database integrity ok, key file ok",
                static_cast<long long>(report.custody_events));
    if (attachments.ran) {
      std::printf(", %llu attachments (%s) re-hashed and as recorded",
                  static_cast<unsigned long long>(attachments.report.checked),
                  HumanSize(attachments.report.bytes).c_str());
    }
    std::printf(".\n");
    return;
  }
  for (const std::string& problem : report.problems) {
    std::printf("FAILED  %s\n", problem.c_str());
  }
  {
    for (const std::string& line : database_details) {
      std::printf("        SQLite: %s\n", line.c_str());
    }
  }
  for (const core::DamagedAttachment& a : attachments.report.damaged) {
    std::printf("FAILED  %s\n", Describe(a).c_str());
  }
}

// Adds a problem for each person-merge loop (core/records/merge_loops.h),
// which a bundle may have brought in before import refused them; returns
// how many.
Result<size_t> AddMergeLoops(core::Vault& vault, core::CheckReport& report) {
  FV_ASSIGN_OR_RETURN(auto loops, core::FindMergeLoops(vault.db()));
  for (const auto& loop : loops) {
    std::string ring;
    for (const std::string& id : loop) ring += id.substr(0, 8) + " -> ";
    report.problems.push_back(
        "persons merged into each other: " + ring + loop.front().substr(0, 8) +
        " (none of them counts as the others in reports)");
  }
  return loops.size();
}

Status CheckVault(std::span<char*> args) {
  CommandLine line({"check",
                    "Verify the vault: the custody log's hash chain, the "
                    "database's integrity, the key file (including that "
                    "vault.db was not rolled back), and that no persons are "
                    "merged into each other in a loop. --attachments also reads "
                    "every attachment back and compares it with the "
                    "BLAKE2b-512 recorded when it was added.",
                    "fieldvault check --vault ~/field-vault\n"
                    "  fieldvault check --attachments   (before a handover)",
                    true, true});
  line.options().add_options()(
      "attachments", "also re-hash every attachment (reads all of them)")(
      "verbose", "also print what SQLite's integrity check reported, line by line");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::CheckReport report, vault.Check());
  FV_ASSIGN_OR_RETURN(const size_t merge_loops, AddMergeLoops(vault, report));
  AttachmentCheck attachments;
  if (line.Has("attachments")) {
    attachments.ran = true;
    FV_ASSIGN_OR_RETURN(attachments.report,
                        core::CheckAttachmentContents(vault.db(), ProgressBar()));
  }
  // SQLite's own lines, asked again only when they are wanted and the
  // summary says there are some.
  std::vector<std::string> details;
  const bool damaged = std::any_of(report.problems.begin(), report.problems.end(),
                                   [](const std::string& p) {
                                     return p.starts_with("database: vault.db is damaged");
                                   });
  if (damaged && (line.global().json || line.Has("verbose"))) {
    FV_ASSIGN_OR_RETURN(details, core::IntegrityCheckLines(vault.db()));
  }
  if (line.global().json) {
    PrintJsonReport(report, details, attachments);
  } else {
    PrintTextReport(report, details, attachments);
  }
  const size_t failed = report.problems.size() + attachments.report.damaged.size();
  if (failed != 0 && failed == merge_loops) {
    // Nothing is damaged: two merges undo each other, and one unmerge
    // repairs it.
    return Status::Corruption("the vault failed " + std::to_string(failed) +
                              (failed == 1 ? " check" : " checks"))
        .WithHint("undo one merge of each loop with `fieldvault person edit "
                  "ID --unmerge`, then run `fieldvault person duplicates`");
  }
  if (failed != 0) {
    return Status::Corruption("the vault failed " + std::to_string(failed) +
                              (failed == 1 ? " check" : " checks"))
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
