// `fieldvault recipients add|list|remove`: the field side's keyring of age
// recipients that bundles are encrypted to.
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/key_files.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/clock.h"
#include "core/identity/identity_ops.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

nlohmann::json ToJson(const core::RecipientEntry& entry) {
  return {{"label", entry.label},
          {"age_recipient", entry.age_recipient},
          {"fingerprint", entry.fingerprint},
          {"added_at", core::FormatTimestamp(entry.added_at)}};
}

Status Add(std::span<char*> args) {
  CommandLine line({"recipients add",
                    "Add an age recipient (HQ's key) that bundles may be "
                    "encrypted to. Compare the fingerprint with HQ by phone "
                    "or in person before you export.",
                    "fieldvault recipients add hq-geneva hq-identity.age", true});
  line.AddPositional({{"label", "name for this recipient"},
                      {"key", "age1... or a file holding it"}},
                     "LABEL age1...|FILE");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(std::string key, line.Positional("key", "age1...|FILE"));
  FV_ASSIGN_OR_RETURN(crypto::AgeRecipient recipient, RecipientFromArgument(key));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::RecipientEntry entry,
                      core::AddRecipientToVault(vault, label, recipient));
  if (line.global().json) {
    PrintJson(ToJson(entry));
  } else {
    std::printf("Added recipient %s\n  %s\n  fingerprint: %s\n"
                "Read the fingerprint aloud with the recipient before exporting.\n",
                entry.label.c_str(), entry.age_recipient.c_str(),
                entry.fingerprint.c_str());
  }
  return Status::Ok();
}

std::vector<std::string> Row(const core::RecipientEntry& entry) {
  return {entry.label, entry.fingerprint, entry.age_recipient};
}

Status List(std::span<char*> args) {
  CommandLine line({"recipients list", "List the recipients bundles can be "
                                       "encrypted to.",
                    "fieldvault recipients list", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto entries, core::ListRecipients(vault.db()));
  PrintKeyring(line, entries, ToJson, {"LABEL", "FINGERPRINT", "RECIPIENT"},
               Row,
               "No recipients yet. Add one with `fieldvault recipients add`.");
  return Status::Ok();
}

Status Remove(std::span<char*> args) {
  CommandLine line({"recipients remove", "Remove a recipient from the keyring.",
                    "fieldvault recipients remove hq-geneva", true});
  line.AddPositional({{"label", "the recipient's label"}}, "LABEL");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::RecipientEntry entry,
                      core::RemoveRecipientFromVault(vault, label));
  if (line.global().json) PrintJson(ToJson(entry));
  else std::printf("Removed recipient %s\n", entry.label.c_str());
  return Status::Ok();
}

constexpr Action kActions[] = {
    {"add", "add an age recipient (LABEL age1...|FILE)", Add},
    {"list", "list recipients with their fingerprints", List},
    {"remove", "remove a recipient (LABEL)", Remove},
};

}  // namespace

int RunRecipients(std::span<char*> args) {
  return DispatchAction("recipients", kActions, args);
}

}  // namespace fieldvault::cli
