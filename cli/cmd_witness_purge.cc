// `fieldvault witness purge ID`: removes for good what a witness who
// refused or withdrew consent to storage said (core/records/witness_purge.h),
// after a typed confirmation.
#include <cstdio>
#include <string>

#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/passphrase.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/records/witness_purge.h"

namespace fieldvault::cli {
namespace {

// The custody event's detail: what was removed, counted; never content.
std::string PurgeDetail(const core::PurgeReport& r) {
  std::string detail =
      "at the witness's request (storage refused or withdrawn); version " +
      std::to_string(r.version) + "; removed: statement, " +
      std::to_string(r.versions_removed) + " earlier version(s), " +
      std::to_string(r.attachments_removed) + " attachment(s), " +
      std::to_string(r.conflicts_removed) + " received copy(ies) set aside";
  if (r.person_purged) detail += "; witness person " + r.person_id + " purged";
  if (!r.person_kept_because.empty()) {
    detail += "; witness person " + r.person_id + " kept (" +
              r.person_kept_because + ")";
  }
  return detail;
}

nlohmann::json ReportJson(const core::PurgeReport& r) {
  nlohmann::json out = {{"witness_account", r.account_id},
                        {"version", r.version},
                        {"versions_removed", r.versions_removed},
                        {"attachments_removed", r.attachments_removed},
                        {"conflicts_removed", r.conflicts_removed},
                        {"person_purged", r.person_purged}};
  out["person"] = r.person_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.person_id);
  if (!r.person_kept_because.empty()) out["person_kept_because"] = r.person_kept_because;
  return out;
}

void PrintReport(const core::PurgeReport& r) {
  std::printf("Purged witness account %s: its statement, %lld earlier version(s) "
              "and %lld file(s) are gone from this vault.\n",
              r.account_id.substr(0, 8).c_str(),
              static_cast<long long>(r.versions_removed),
              static_cast<long long>(r.attachments_removed));
  if (r.person_purged) {
    std::printf("Their person record %s is purged too (names, notes, files, "
                "history).\n", r.person_id.substr(0, 8).c_str());
  }
  std::printf("What remains: a notice that the account existed and was purged "
              "at the witness's request (`fieldvault witness show %s`). Your "
              "next export takes it to HQ, whose vault then purges its copy.\n",
              r.account_id.substr(0, 8).c_str());
  if (!r.person_kept_because.empty()) {
    PrintWarning("their person record " + r.person_id.substr(0, 8) +
                 " is kept: " + r.person_kept_because +
                 ". If its notes hold their contact details, remove them with "
                 "`fieldvault person edit " + r.person_id.substr(0, 8) +
                 " --notes-file FILE`.");
  }
  PrintWarning("bundles written before (on a stick, at HQ, in a backup) still "
               "hold what they held: destroy them, or ask HQ to.");
}

}  // namespace

Status WitnessPurge(std::span<char*> args) {
  CommandLine line(
      {"witness purge",
       "Remove for good a witness account whose witness refused or withdrew "
       "consent to storage: its statement, translation, pseudonym, files, "
       "earlier versions, and the witness's person record when nothing else "
       "names them. A notice that it existed and was purged stays, and goes "
       "to HQ with the next export. Asks you to type PURGE first.",
       "fieldvault witness consent 5e6f7a8b --withdraw store --date 2020-03-01\n"
       "  fieldvault witness purge 5e6f7a8b",
       true, true});
  AddIdOption(line, "the witness account");
  line.options().add_options()("yes", "do not ask for typed confirmation");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(std::string id,
                      ResolveRecord(*session, core::kWitnessAccountType, prefix));
  if (!line.Has("yes")) {
    FV_ASSIGN_OR_RETURN(
        bool confirmed,
        ConfirmOnTerminal("This removes witness account " + id.substr(0, 8) +
                              " for good: its statement, files and history "
                              "(there is no undo).\nType PURGE to confirm: ",
                          "PURGE"));
    if (!confirmed) {
      return Status::FailedPrecondition("not confirmed; nothing was purged");
    }
  }
  core::Vault& vault = session->vault();
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  FV_ASSIGN_OR_RETURN(
      core::PurgeReport report,
      core::PurgeWitnessAccount(write.db(), &session->search(), vault.vault_id(),
                                vault.clock().NowMicros(), id));
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"purged", std::string(core::kWitnessAccountType), id, "", PurgeDetail(report)}));
  FV_RETURN_IF_ERROR(write.Commit());
  if (line.global().json) {
    PrintJson(ReportJson(report));
  } else {
    PrintReport(report);
  }
  return Status::Ok();
}

}  // namespace fieldvault::cli
