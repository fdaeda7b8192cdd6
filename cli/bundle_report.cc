#include "cli/bundle_report.h"

#include <cstdio>

#include "cli/output.h"
#include "cli/record_options.h"
#include "core/bundle/foreign_changes.h"
#include "core/records/model.h"
#include "core/records/record_exchange.h"

namespace fieldvault::cli {
namespace {

using core::bundle::Check;

std::string_view OutcomeName(Check::Outcome outcome) {
  switch (outcome) {
    case Check::Outcome::kPassed: return "passed";
    case Check::Outcome::kWarning: return "warning";
    case Check::Outcome::kFailed: return "FAILED";
    case Check::Outcome::kNotChecked: return "not checked";
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

// Who first recorded a record, by its stored origin (version_source.h).
std::string FirstRecordedBy(const core::ForeignChange& change,
                            const std::map<std::string, std::string>& labels) {
  if (!change.origin) return "unknown (recorded before this vault noted it)";
  if (change.origin->empty()) return "this vault";
  auto label = labels.find(*change.origin);
  return label != labels.end() ? label->second : "a signer no longer listed";
}

nlohmann::json ForeignChangesJson(const core::bundle::ReceiveReport& report) {
  nlohmann::json records = nlohmann::json::array();
  std::map<std::string, uint64_t> by_type;
  uint64_t deletions = 0, held = 0;
  for (const core::ForeignChange& change : report.foreign_changes) {
    ++by_type[change.record_type];
    deletions += change.deletion ? 1 : 0;
    held += change.held ? 1 : 0;
    records.push_back({{"record_type", change.record_type},
                       {"record_id", change.record_id},
                       {"first_recorded_by", FirstRecordedBy(change, report.signer_labels)},
                       {"first_recorded_here", change.origin && change.origin->empty()},
                       {"deletion", change.deletion},
                       {"held", change.held}});
  }
  return {{"changed", report.foreign_changes.size()}, {"by_type", by_type},
          {"deletions", deletions}, {"held", held}, {"records", records}};
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
  // What the bundle does (import) or would do (verify) to records first
  // recorded here by another than its signer.
  if (report.passed()) json["others_records"] = ForeignChangesJson(report);
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

// Received records with `outcome`, of every type.
uint64_t OutcomeCount(const core::bundle::ReceiveReport& report,
                      core::ImportOutcome outcome) {
  const std::string name(core::ImportOutcomeName(outcome));
  uint64_t total = 0;
  for (const auto& [type, outcomes] : report.outcomes) {
    auto count = outcomes.find(name);
    if (count != outcomes.end()) total += count->second;
  }
  return total;
}

// At most this many records are named in the text report (--json names
// every one).
constexpr size_t kForeignChangesShown = 20;

// The records the bundle changes (or, verified, would change) that another
// than its signer first recorded here, and what to do about them.
void PrintForeignChanges(const core::bundle::ReceiveReport& report) {
  const auto& changes = report.foreign_changes;
  if (changes.empty()) return;
  std::printf("\nRecords the sender did not first record:\n  This bundle %s%s.\n",
              core::bundle::DescribeForeignChanges(changes).c_str(),
              report.imported ? "" : " (when imported)");
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < changes.size() && i < kForeignChangesShown; ++i) {
    const core::ForeignChange& c = changes[i];
    std::string what = c.deletion ? "deletes it" : "changes it";
    if (c.held) what += c.deletion ? ": held for review" : ": conflict";
    rows.push_back({"  " + std::string(core::RecordNoun(c.record_type)),
                    ShortId(c.record_id),
                    "first recorded by " + FirstRecordedBy(c, report.signer_labels), what});
  }
  PrintTable({}, rows);
  if (changes.size() > kForeignChangesShown) {
    std::printf("  ... and %zu more (--json lists every one)\n",
                changes.size() - kForeignChangesShown);
  }
  std::printf("  Changes are applied (the previous versions stay in `show ID --history`); "
              "a deletion is held as a conflict until you decide it with `fieldvault "
              "conflicts resolve ID --keep received` (delete) or `--keep stored` (keep).\n");
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
  const uint64_t conflicts = OutcomeCount(report, core::ImportOutcome::kConflict);
  const uint64_t held = OutcomeCount(report, core::ImportOutcome::kDeletionHeld);
  if (conflicts == 0 && held == 0) return;
  // Import exits 0 with conflicts set aside: say what the person has to do.
  if (conflicts > 0) {
    std::printf("  conflicts set aside, not applied: %llu (changed here and by the "
                "sender)\n",
                static_cast<unsigned long long>(conflicts));
  }
  if (held > 0) {
    std::printf("  deletions held as conflicts, not applied: %llu (records the "
                "sender did not first record)\n",
                static_cast<unsigned long long>(held));
  }
  std::printf("  Compare them with `fieldvault conflicts list`, then choose each with "
              "`fieldvault conflicts resolve ID --keep stored|received`.\n");
}

bool OnlyRegisterFailed(const std::vector<Check>& checks) {
  for (const Check& check : checks) {
    if (check.outcome == Check::Outcome::kNotChecked) return false;
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
  if (report.passed()) PrintForeignChanges(report);
  std::printf("\nResult: %s\n", ResultText(report).c_str());
}

}  // namespace fieldvault::cli
