// `fieldvault log`: the custody log, oldest first.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/vault/custody_log.h"
#include "crypto/encoding.h"

namespace fieldvault::cli {
namespace {

nlohmann::json ToJson(const core::CustodyRecord& record) {
  return {{"sequence", record.sequence},
          {"time", core::FormatUtc(record.occurred_at_micros)},
          {"time_micros", record.occurred_at_micros},
          {"actor", record.actor},
          {"action", record.event.action},
          {"record_type", record.event.record_type},
          {"record_id", record.event.record_id},
          {"bundle_id", record.event.bundle_id},
          {"detail", record.event.detail},
          {"hash", crypto::HexEncode(record.hash)}};
}

std::vector<std::string> ToRow(const core::CustodyRecord& record) {
  // Short id prefixes keep the table readable; --json has the full ids.
  std::string subject = record.event.record_type;
  if (!record.event.record_id.empty()) {
    subject.append(" ").append(record.event.record_id, 0, 8);
  }
  if (!record.event.bundle_id.empty()) {
    subject.append(subject.empty() ? "bundle " : ", bundle ");
    subject.append(record.event.bundle_id, 0, 8);
  }
  return {std::to_string(record.sequence),
          core::FormatUtc(record.occurred_at_micros), record.event.action,
          subject, record.event.detail};
}

Status ShowLog(std::span<char*> args) {
  CommandLine line({"log",
                    "Show the vault's custody log (what happened, when), "
                    "oldest first. `fieldvault check` verifies its hash chain.",
                    "fieldvault log --vault ~/field-vault --after 10", true,
                    true});
  line.options().add_options()(
      "after", "show only events after sequence number N",
      cxxopts::value<std::string>()->default_value("0"), "N");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
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
