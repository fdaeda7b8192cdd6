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

namespace fieldvault::cli {
namespace {

Result<std::string> Positional(const CommandLine& line, const std::string& name,
                               const std::string& shown) {
  if (!line.Has(name)) return line.UsageError("missing " + shown);
  return line.Get<std::string>(name);
}

nlohmann::json ToJson(const core::RecipientEntry& entry) {
  return {{"label", entry.label},
          {"age_recipient", entry.age_recipient},
          {"fingerprint", entry.fingerprint},
          {"added_at", core::FormatUtc(entry.added_at)}};
}

Status Add(std::span<char*> args) {
  CommandLine line({"recipients add",
                    "Add an age recipient (HQ's key) that bundles may be "
                    "encrypted to. Compare the fingerprint with HQ by phone "
                    "or in person before you export.",
                    "fieldvault recipients add hq-geneva hq-identity.age", true});
  line.options().add_options()("label", "name for this recipient",
                               cxxopts::value<std::string>())(
      "key", "age1... or a file holding it", cxxopts::value<std::string>());
  line.options().parse_positional({"label", "key"});
  line.options().positional_help("LABEL age1...|FILE");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, Positional(line, "label", "LABEL"));
  FV_ASSIGN_OR_RETURN(std::string key, Positional(line, "key", "age1...|FILE"));
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

Status List(std::span<char*> args) {
  CommandLine line({"recipients list", "List the recipients bundles can be "
                                       "encrypted to.",
                    "fieldvault recipients list", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto entries, core::ListRecipients(vault.db()));
  if (line.global().json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : entries) list.push_back(ToJson(entry));
    PrintJson(list);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& entry : entries) {
    rows.push_back({entry.label, entry.fingerprint, entry.age_recipient});
  }
  if (rows.empty()) {
    std::printf("No recipients yet. Add one with `fieldvault recipients add`.\n");
  } else {
    PrintTable({"LABEL", "FINGERPRINT", "RECIPIENT"}, rows);
  }
  return Status::Ok();
}

Status Remove(std::span<char*> args) {
  CommandLine line({"recipients remove", "Remove a recipient from the keyring.",
                    "fieldvault recipients remove hq-geneva", true});
  line.options().add_options()("label", "the recipient's label",
                               cxxopts::value<std::string>());
  line.options().parse_positional({"label"});
  line.options().positional_help("LABEL");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, Positional(line, "label", "LABEL"));
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
