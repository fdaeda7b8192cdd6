// `fieldvault log`: the custody log, oldest first; with --received, the
// custody events senders logged and sent in their bundles, kept apart.
#include <cstdio>
#include <map>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/bundle/received_audit.h"
#include "core/clock.h"
#include "core/identity/keyrings.h"
#include "core/vault/custody_log.h"
#include "crypto/encoding.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

nlohmann::json ToJson(const core::CustodyRecord& record) {
  return {{"sequence", record.sequence},
          {"time", core::FormatTimestamp(record.occurred_at_micros)},
          {"time_micros", record.occurred_at_micros},
          {"actor", record.actor},
          {"action", record.event.action},
          {"record_type", record.event.record_type},
          {"record_id", record.event.record_id},
          {"bundle_id", record.event.bundle_id},
          {"detail", record.event.detail},
          {"hash", crypto::HexEncode(record.hash)}};
}

// "incident 1a2b3c4d, bundle 5e6f7a8b": short id prefixes keep the table
// readable; --json has the full ids.
std::string Subject(const std::string& record_type, const std::string& record_id,
                    const std::string& bundle_id) {
  std::string subject = record_type;
  if (!record_id.empty()) subject.append(" ").append(record_id, 0, 8);
  if (!bundle_id.empty()) {
    subject.append(subject.empty() ? "bundle " : ", bundle ");
    subject.append(bundle_id, 0, 8);
  }
  return subject;
}

std::vector<std::string> ToRow(const core::CustodyRecord& record) {
  const core::CustodyEvent& e = record.event;
  return {std::to_string(record.sequence),
          core::FormatUtc(record.occurred_at_micros), e.action,
          Subject(e.record_type, e.record_id, e.bundle_id), e.detail};
}

nlohmann::json ReceivedJson(const core::bundle::ReceivedCustodyEvent& r,
                            const std::string& label) {
  const core::bundle::SentCustodyEvent& e = r.event;
  return {{"received_in_bundle", r.bundle_id}, {"signer_key_id", r.signer},
          {"signer_label", label}, {"received_at", core::FormatTimestamp(r.received_at)},
          {"sequence", e.sequence}, {"time", e.occurred_at}, {"actor", e.actor},
          {"action", e.action}, {"record_type", e.record_type},
          {"record_id", e.record_id}, {"bundle_id", e.bundle_id},
          {"detail", e.detail}, {"hash", e.hash}};
}

// The senders' own custody events, as received (core/bundle/received_audit.h).
Status ShowReceived(core::Database& db, const CommandLine& line) {
  std::string prefix;
  if (line.Has("bundle")) {
    FV_ASSIGN_OR_RETURN(prefix, line.Get<std::string>("bundle"));
  }
  FV_ASSIGN_OR_RETURN(auto events, core::bundle::ListReceivedCustodyEvents(db, prefix));
  std::map<std::string, std::string> labels;  // signer key id -> label
  FV_ASSIGN_OR_RETURN(auto signers, core::ListSigners(db));
  for (const auto& signer : signers) labels[signer.key_id] = signer.label;
  nlohmann::json json = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : events) {
    const std::string& label = labels.count(r.signer) ? labels[r.signer] : r.signer;
    const core::bundle::SentCustodyEvent& e = r.event;
    if (line.global().json) {
      json.push_back(ReceivedJson(r, label));
      continue;
    }
    rows.push_back({r.bundle_id.substr(0, 8), label, std::to_string(e.sequence),
                    e.occurred_at, e.action,
                    Subject(e.record_type, e.record_id, e.bundle_id), e.detail});
  }
  if (line.global().json) {
    PrintJson(json);
  } else {
    PrintTable({"Bundle", "Signer", "#", "Time (UTC)", "Action", "Subject", "Detail"},
               rows);
  }
  return Status::Ok();
}

Status ShowLog(std::span<char*> args) {
  CommandLine line({"log",
                    "Show the vault's custody log (what happened, when), "
                    "oldest first. `fieldvault check` verifies its hash chain. "
                    "--received shows instead the custody events monitors sent "
                    "in their bundles, as they logged them.",
                    "fieldvault log --vault ~/field-vault --after 10\n"
                    "  fieldvault log --received --bundle 3f9a1c2e", true,
                    true});
  line.options().add_options()(
      "after", "show only events after sequence number N",
      cxxopts::value<std::string>()->default_value("0"), "N")(
      "received", "the custody events received in bundles, not this vault's")(
      "bundle", "with --received: only those of the bundle whose id starts so",
      cxxopts::value<std::string>(), "ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (line.Has("bundle") && !line.Has("received")) {
    return line.UsageError("--bundle goes with --received");
  }
  if (line.Has("received")) {
    if (line.Has("after")) return line.UsageError("--after is for this vault's own log");
    FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
    return ShowReceived(vault.db(), line);
  }
  FV_ASSIGN_OR_RETURN(uint64_t after,
                      line.GetUnsigned("after", 0, uint64_t{1} << 62));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  nlohmann::json events = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  FV_RETURN_IF_ERROR(core::ForEachCustodyRecord(
      vault.db(), static_cast<int64_t>(after),
      [&](const core::CustodyRecord& record) {
        if (line.global().json) events.push_back(ToJson(record));
        else rows.push_back(ToRow(record));
        return Status::Ok();
      }));
  if (line.global().json) {
    PrintJson(events);
  } else {
    PrintTable({"#", "Time (UTC)", "Action", "Subject", "Detail"}, rows);
  }
  return Status::Ok();
}

}  // namespace

int RunLog(std::span<char*> args) {
  Status status = ShowLog(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
