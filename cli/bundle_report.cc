#include "cli/bundle_report.h"

#include <cstdio>

#include "cli/output.h"
#include "core/records/record_exchange.h"

namespace fieldvault::cli {
namespace {

using core::bundle::Check;

std::string_view OutcomeName(Check::Outcome outcome) {
  switch (outcome) {
    case Check::Outcome::kPassed: return "passed";
    case Check::Outcome::kWarning: return "warning";
    case Check::Outcome::kFailed: return "FAILED";
  }
  return "";
}

nlohmann::json ManifestJson(const core::bundle::Manifest& m) {
  return {{"bundle_id", m.bundle_id},
          {"created_at", m.created_at},
          {"sequence", m.sequence},
          {"sender", {{"key_id", m.sender.key_id},
                      {"display_name", m.sender.display_name}}},
          {"profile", m.profile},
          {"scope", {{"kind", m.scope.kind}, {"since", m.scope.since},
                     {"incident_ids", m.scope.incident_ids}}},
          {"record_counts", m.record_counts},
          {"left_out", m.left_out}};
}

}  // namespace

std::string DescribeCounts(const std::map<std::string, uint64_t>& counts) {
  std::string text;
  for (const auto& [name, count] : counts) {
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
  }
  return text.empty() ? "none" : text;
}

nlohmann::json ReportJson(const core::bundle::ReceiveReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const Check& check : report.checks) {
    checks.push_back({{"check", check.name},
                      {"result", OutcomeName(check.outcome)},
                      {"detail", check.detail}});
  }
  nlohmann::json json = {{"file", report.path},
                         {"passed", report.passed()},
                         {"bundle_blake2b", report.bundle_blake2b},
                         {"signer_label", report.signer_label},
                         {"signer_fingerprint", report.signer_fingerprint},
                         {"sequence_status", report.sequence_text},
                         {"already_imported", report.already_imported},
                         {"imported", report.imported},
                         {"refused", report.refused},
                         {"registered", report.registered},
                         {"checks", checks}};
  if (!report.passed()) {
    json["error"] = report.error.message();
    json["hint"] = report.error.hint();
  }
  if (report.manifest) json.update(ManifestJson(*report.manifest));
  if (report.imported) {
    json["import_outcomes"] = report.outcomes;
    json["attachments_stored"] = report.attachments;
    json["attachments_already_held"] = report.attachments_held;
    json["audit_events"] = report.audit_events;
  }
  return json;
}

namespace {

// The rows naming the bundle, its signer and what its manifest declares.
std::vector<std::vector<std::string>> ManifestRows(
    const core::bundle::ReceiveReport& report) {
  std::vector<std::vector<std::string>> rows = {{"Bundle file", report.path}};
  if (!report.bundle_blake2b.empty()) rows.push_back({"BLAKE2b", report.bundle_blake2b});
  if (!report.manifest) return rows;
  const auto& m = *report.manifest;
  std::string signer = report.signer_label.empty() ? "(not trusted)" : report.signer_label;
  rows.push_back({"Signer", signer + ", key id " + m.sender.key_id});
  rows.push_back({"  fingerprint", report.signer_fingerprint});
  if (!m.sender.display_name.empty()) rows.push_back({"  sender name", m.sender.display_name});
  rows.push_back({"Bundle id", m.bundle_id});
  rows.push_back({"Created", m.created_at});
  rows.push_back({"Sequence", report.sequence_text.empty()
                                  ? std::to_string(m.sequence)
                                  : report.sequence_text});
  rows.push_back({"Profile", m.profile + " (" + m.scope.kind + ")"});
  if (!m.scope.incident_ids.empty()) {
    std::string ids;
    for (const auto& id : m.scope.incident_ids) ids += (ids.empty() ? "" : ", ") + id;
    rows.push_back({"Incidents", ids});
  }
  rows.push_back({"Records", DescribeCounts(m.record_counts)});
  rows.push_back({"Left out", DescribeCounts(m.left_out)});
  return rows;
}

void PrintChecks(const std::vector<Check>& checks) {
  std::printf("\nChecks:\n");
  for (const Check& check : checks) {
    std::printf("  [%-7s] %s%s%s\n", std::string(OutcomeName(check.outcome)).c_str(),
                check.name.c_str(), check.detail.empty() ? "" : ": ",
                check.detail.c_str());
  }
}

// Received records set aside as conflicts, of every type.
uint64_t ConflictCount(const core::bundle::ReceiveReport& report) {
  const std::string conflict(core::ImportOutcomeName(core::ImportOutcome::kConflict));
  uint64_t conflicts = 0;
  for (const auto& [type, outcomes] : report.outcomes) {
    auto count = outcomes.find(conflict);
    if (count != outcomes.end()) conflicts += count->second;
  }
  return conflicts;
}

void PrintImported(const core::bundle::ReceiveReport& report) {
  std::printf("\nImported:\n");
  for (const auto& [type, outcomes] : report.outcomes) {
    std::printf("  %s: %s\n", type.c_str(), DescribeCounts(outcomes).c_str());
  }
  std::printf("  attachments stored: %llu (already held: %llu)\n"
              "  sender's custody events kept: %llu (fieldvault log --received)\n",
              static_cast<unsigned long long>(report.attachments),
              static_cast<unsigned long long>(report.attachments_held),
              static_cast<unsigned long long>(report.audit_events));
  const uint64_t conflicts = ConflictCount(report);
  if (conflicts == 0) return;
  // Import exits 0 with conflicts set aside: say what the person has to do.
  std::printf("  conflicts set aside, not applied: %llu (changed here and by the "
              "sender)\n"
              "  Compare them with `fieldvault conflicts list`, then choose each with "
              "`fieldvault conflicts resolve ID --keep stored|received`.\n",
              static_cast<unsigned long long>(conflicts));
}

bool OnlyRegisterFailed(const std::vector<Check>& checks) {
  for (const Check& check : checks) {
    if (check.outcome == Check::Outcome::kFailed && check.name != "register") return false;
  }
  return true;
}

// The report's last line. A failure that judged nothing (the file or the
// vault could not be read or written) says that nothing was registered,
// so that no one takes it for a refusal.
std::string ResultText(const core::bundle::ReceiveReport& report) {
  if (report.refused) {
    return report.registered ? "REFUSED (registered as refused)"
                             : "REFUSED (but it could not be registered)";
  }
  if (!report.passed() && OnlyRegisterFailed(report.checks)) {
    return "all checks passed, but the verdict could not be registered; run "
           "verify again once the error is fixed";
  }
  if (!report.passed()) {
    return "NOT CHECKED: the bundle could not be judged; nothing was imported "
           "or registered, the vault is unchanged. Fix what the error says, "
           "then run the command again";
  }
  if (report.imported) return "imported";
  if (report.already_imported) return "already imported; nothing changed";
  return "all checks passed";
}

}  // namespace

void PrintReport(const core::bundle::ReceiveReport& report) {
  PrintTable({}, ManifestRows(report));
  PrintChecks(report.checks);
  if (report.imported) PrintImported(report);
  std::printf("\nResult: %s\n", ResultText(report).c_str());
}

}  // namespace fieldvault::cli
