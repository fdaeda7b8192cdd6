// `fieldvault conflicts list|resolve`: records a bundle brought with edits
// this vault's copy lacks while lacking some of its edits (changed on both
// sides), and deletions of records another vault first recorded, which
// import holds for review (core/records/version_source.h). Import keeps
// them aside (never applied); here a person compares the two and chooses
// which one wins (core/records/conflict_resolution.h).
#include <cstdint>
#include <cstdio>
#include <map>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/clock.h"
#include "core/identity/keyrings.h"
#include "core/records/conflict_resolution.h"
#include "core/records/record_exchange.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

using nlohmann::json;

// A conflict next to the version this vault held when it arose.
struct ConflictView {
  core::RecordConflict conflict;
  json stored;                       // that version
  int64_t current_version = 0;       // the record's version now
  std::vector<std::string> differs;  // top-level fields that differ
  std::string signer;                // the label when trusted, else key id
};

using SignerLabels = std::map<std::string, std::string>;  // key id -> label

// The labels of every signer this vault trusts or trusted.
Result<SignerLabels> LoadSignerLabels(core::Database& db) {
  FV_ASSIGN_OR_RETURN(auto signers, core::ListSigners(db));
  SignerLabels labels;
  for (const auto& signer : signers) labels[signer.key_id] = signer.label;
  return labels;
}

// "label (key id)" for a known signer, else the key id alone.
std::string SignerName(const SignerLabels& labels, const std::string& key_id) {
  auto label = labels.find(key_id);
  return label == labels.end() ? key_id : label->second + " (" + key_id + ")";
}

Result<std::vector<ConflictView>> LoadViews(VaultSession& session) {
  core::Database& db = session.vault().db();
  FV_ASSIGN_OR_RETURN(auto conflicts, core::ListConflicts(db));
  FV_ASSIGN_OR_RETURN(SignerLabels labels, LoadSignerLabels(db));
  core::RecordStore store = session.Reader();
  std::vector<ConflictView> views;
  for (auto& conflict : conflicts) {
    ConflictView view;
    FV_ASSIGN_OR_RETURN(auto versions, store.History(conflict.record_type,
                                                     conflict.record_id));
    // The version the received copy conflicted with, not a later one: its
    // differences are what the choice is about. The last of that number
    // is this vault's own (a resolution's loser comes before it).
    if (!versions.empty()) view.current_version = versions.back().version;
    for (const auto& version : versions) {
      if (version.version == conflict.stored_version) view.stored = version.body;
    }
    if (view.stored.is_null() && !versions.empty()) view.stored = versions.back().body;
    for (const auto& [field, value] : conflict.body.items()) {
      if (!view.stored.contains(field) || view.stored[field] != value) {
        view.differs.push_back(field);
      }
    }
    // The table's FROM column: the label alone keeps lines readable; the
    // key id is in --json and in the `resolved` event.
    auto label = labels.find(conflict.signer);
    view.signer = label == labels.end() ? conflict.signer : label->second;
    view.conflict = std::move(conflict);
    views.push_back(std::move(view));
  }
  return views;
}

json ViewJson(const ConflictView& view) {
  const core::RecordConflict& c = view.conflict;
  return {{"conflict_id", c.conflict_id},   {"record_type", c.record_type},
          {"record_id", c.record_id},       {"version", c.version},
          {"signer", c.signer},             {"bundle_id", c.bundle_id},
          {"received_at", core::FormatTimestamp(c.received_at)},
          {"differs", view.differs},        {"received", c.body},
          {"stored", view.stored},          {"stored_version", c.stored_version},
          {"current_version", view.current_version},
          {"reason", c.reason.empty() ? "changed on both sides" : c.reason}};
}

// The WHY column: "both changed", or "deletion held" for a deletion of a
// record another vault first recorded.
std::string WhyText(const core::RecordConflict& c) {
  return c.reason.empty() ? "both changed" : "deletion held";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

Status List(std::span<char*> args) {
  CommandLine line({"conflicts list", "List records a bundle brought that "
                    "were changed both here and by the sender, and deletions "
                    "of records their sender did not first record, held for "
                    "review. --json shows both versions in full.",
                    "fieldvault conflicts list --json", true, true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(auto views, LoadViews(*session));
  if (line.global().json) {
    json out = json::array();
    for (const auto& view : views) out.push_back(ViewJson(view));
    PrintJson(out);
    return Status::Ok();
  }
  if (views.empty()) {
    std::printf("No open conflicts.\n");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& v : views) {
    const core::RecordConflict& c = v.conflict;
    rows.push_back({std::to_string(c.conflict_id),
                    c.record_type + " " + ShortId(c.record_id),
                    std::to_string(c.version), v.signer,
                    ShortId(c.bundle_id), core::FormatUtc(c.received_at),
                    WhyText(c), Join(v.differs)});
  }
  PrintTable({"ID", "RECORD", "VERSION", "FROM", "BUNDLE", "RECEIVED (UTC)",
              "WHY", "DIFFERS IN"},
             rows);
  std::printf("\nResolve each with `fieldvault conflicts resolve ID --keep "
              "stored|received`.\n");
  return Status::Ok();
}

Result<uint64_t> ReadConflictNumber(const CommandLine& line) {
  if (!line.Has("id")) return line.UsageError("give the conflict's number");
  Result<uint64_t> number = line.GetUnsigned("id", 1, INT64_MAX);
  if (!number.ok()) {
    return line.UsageError("ID is the conflict's number, as `fieldvault "
                           "conflicts list` shows it");
  }
  return number;
}

Result<core::ConflictChoice> ReadChoice(const CommandLine& line) {
  if (!line.Has("keep")) {
    return line.UsageError("say which version wins: --keep stored or "
                           "--keep received");
  }
  FV_ASSIGN_OR_RETURN(std::string keep, line.Get<std::string>("keep"));
  if (keep == "stored") return core::ConflictChoice::kStored;
  if (keep == "received") return core::ConflictChoice::kReceived;
  return line.UsageError("--keep takes stored or received");
}

// "kept the received version; the stored one is version 1 in the history"
std::string Outcome(const core::ConflictResolution& r, bool received) {
  return std::string("kept the ") + (received ? "received" : "stored") +
         " version as version " + std::to_string(r.new_version) + "; the " +
         (received ? "stored" : "received") + " one is version " +
         std::to_string(r.loser_version) + " in its history";
}

// Resolves conflict `id` and logs a `resolved` custody event, in one
// VaultWrite.
Result<core::ConflictResolution> ResolveInOneWrite(VaultSession& session,
                                                   uint64_t id,
                                                   core::ConflictChoice keep) {
  core::Vault& vault = session.vault();
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  FV_ASSIGN_OR_RETURN(
      core::ConflictResolution r,
      core::ResolveConflict(write.db(), &session.search(),
                            static_cast<int64_t>(id), keep,
                            vault.clock().NowMicros(), vault.vault_id()));
  FV_ASSIGN_OR_RETURN(SignerLabels labels, LoadSignerLabels(write.db()));
  // The event names the bundle and signer the other copy came from, so
  // that the log alone tells which received copy the choice was about.
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"resolved", r.record_type, r.record_id, r.bundle_id,
       "conflict " + std::to_string(id) + ", copy from " +
           SignerName(labels, r.signer) + ": " +
           Outcome(r, keep == core::ConflictChoice::kReceived)}));
  FV_RETURN_IF_ERROR(write.Commit());
  return r;
}

Status Resolve(std::span<char*> args) {
  CommandLine line({"conflicts resolve", "Choose which of two conflicting "
                    "versions of a record wins: it becomes the next version, "
                    "the other is kept in the record's history.",
                    "fieldvault conflicts resolve 3 --keep received", true,
                    true});
  line.AddPositional({{"id", "the conflict's number"}}, "ID");
  line.options().add_options()("keep", "stored or received",
                               cxxopts::value<std::string>());
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(uint64_t id, ReadConflictNumber(line));
  FV_ASSIGN_OR_RETURN(core::ConflictChoice keep, ReadChoice(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(core::ConflictResolution r,
                      ResolveInOneWrite(*session, id, keep));
  const bool received = keep == core::ConflictChoice::kReceived;
  if (line.global().json) {
    PrintJson({{"conflict_id", id}, {"record_type", r.record_type},
               {"record_id", r.record_id}, {"bundle_id", r.bundle_id},
               {"signer", r.signer},
               {"kept", received ? "received" : "stored"},
               {"version", r.new_version}});
  } else {
    std::printf("Conflict %llu (%s %s, received in bundle %s): %s\n",
                static_cast<unsigned long long>(id), r.record_type.c_str(),
                ShortId(r.record_id).c_str(), ShortId(r.bundle_id).c_str(),
                Outcome(r, received).c_str());
  }
  return Status::Ok();
}

constexpr Subcommand kSubcommands[] = {{"list", List}, {"resolve", Resolve}};

}  // namespace

int RunConflicts(std::span<char*> args) {
  return RunSubcommand(
      args, "conflicts", kSubcommands,
      "usage: fieldvault conflicts list [--json]\n"
      "       fieldvault conflicts resolve ID --keep stored|received\n"
      "Run `fieldvault conflicts <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
