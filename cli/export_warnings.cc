#include "cli/export_warnings.h"

#include "cli/output.h"
#include "core/clock.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

using core::bundle::UnfinishedState;

std::string StateName(UnfinishedState state) {
  switch (state) {
    case UnfinishedState::kRunning: return "running";
    case UnfinishedState::kInterrupted: return "interrupted";
    case UnfinishedState::kFailed: return "failed";
  }
  return "failed";
}

// "bundle 3", or "public bundle 3": each profile has its own numbers.
std::string BundleName(const std::string& profile, uint64_t sequence) {
  return (profile == "hq" ? "" : profile + " ") + "bundle " + std::to_string(sequence);
}

// What a gap means at HQ, in the monitor's words. HQ checks the numbers
// of HQ bundles only.
std::string Gap(const std::string& profile, const std::string& n) {
  if (profile != "hq") return "";
  return " HQ will see number " + n + " missing; that is expected.";
}

}  // namespace

std::string DescribeUnfinished(const core::bundle::UnfinishedExport& bundle,
                               AdviceFor where) {
  const std::string n = std::to_string(bundle.sequence);
  const std::string name = BundleName(bundle.profile, bundle.sequence);
  const std::string gap = Gap(bundle.profile, n);
  const std::string started =
      " (export started " + core::FormatUtc(bundle.started_at) + ")";
  const bool now = where == AdviceFor::kExport;
  switch (bundle.state) {
    case UnfinishedState::kRunning:
      return name + " is being written by an export that is still "
             "running" + started + ". Wait for it to finish.";
    case UnfinishedState::kInterrupted:
      return name + " was not finished" + started +
             ": the computer or fieldvault stopped during the export. Number " +
             n + " stays used." + gap +
             (now ? " It is now marked failed; this export goes ahead."
                  : " Export again (the next export marks it failed).");
    case UnfinishedState::kFailed:
      return name + " failed" + started +
             ": it was never confirmed on the medium. Number " + n +
             " stays used." + gap +
             (now ? " This export goes ahead." : " Export again.");
  }
  return "";
}

nlohmann::json UnfinishedJson(
    const std::vector<core::bundle::UnfinishedExport>& bundles) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& bundle : bundles) {
    list.push_back({{"profile", bundle.profile},
                    {"sequence", bundle.sequence},
                    {"bundle_id", bundle.bundle_id},
                    {"started_at", core::FormatTimestamp(bundle.started_at)},
                    {"state", StateName(bundle.state)},
                    {"advice", DescribeUnfinished(bundle, AdviceFor::kStatus)}});
  }
  return list;
}

void PrintExportWarnings(const core::bundle::ExportWarnings& warnings) {
  for (const auto& bundle : warnings.bundles) {
    PrintWarning(DescribeUnfinished(bundle, AdviceFor::kExport));
  }
  for (const auto& leftover : warnings.leftovers) {
    if (leftover.removed) {
      PrintWarning("removed " + leftover.path + ", the temporary file of " +
                   BundleName(leftover.profile, leftover.sequence) +
                   " (only its encrypted bytes; it never became a bundle).");
    } else if (leftover.sequence != 0) {
      PrintWarning(leftover.path + " is the temporary file of " +
                   BundleName(leftover.profile, leftover.sequence) +
                   " but could not be removed; delete it. It is not a bundle.");
    } else {
      PrintWarning(leftover.path + " (" + std::to_string(leftover.bytes) +
                   " bytes) was left by an export that did not finish, from "
                   "this vault or another. It is not a bundle: do not send "
                   "it. If no other export to this place is running, delete it.");
    }
  }
}

}  // namespace fieldvault::cli
