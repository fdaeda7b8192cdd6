// `fieldvault id show|export|set-name|import-age|export-age-identity|
// new-receiving-key|receiving-keys|retire-receiving-key`: the vault's own
// signing key and receiving identities.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/key_files.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "cli/passphrase.h"
#include "core/clock.h"
#include "core/identity/identity_ops.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

void AddFileArgument(CommandLine& line) {
  line.AddPositional({{"file", "file to write or read"}}, "FILE");
}

Status Show(std::span<char*> args) {
  CommandLine line({"id show", "Show this vault's public keys and their "
                               "fingerprints, to read aloud to the other side.",
                    "fieldvault id show", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::VaultIdentity id, core::GetVaultIdentity(vault.db()));
  if (line.global().json) {
    PrintJson({{"display_name", id.display_name},
               {"age_recipient", id.age_recipient},
               {"recipient_fingerprint", id.recipient_fingerprint},
               {"minisign_public_key", id.minisign_public_key},
               {"key_id", id.key_id},
               {"signing_fingerprint", id.signing_fingerprint}});
    return Status::Ok();
  }
  PrintTable({}, {{"Display name", id.display_name.empty() ? "(none)" : id.display_name},
                  {"Receiving (age)", id.age_recipient},
                  {"  fingerprint", id.recipient_fingerprint},
                  {"Signing (minisign)", id.minisign_public_key},
                  {"  key id", id.key_id},
                  {"  fingerprint", id.signing_fingerprint}});
  return Status::Ok();
}

Status Export(std::span<char*> args) {
  CommandLine line({"id export",
                    "Write this vault's public keys for the other side: FILE "
                    "(minisign public key) and FILE.age (age recipient).",
                    "fieldvault id export /media/usb/monitor-7.pub", false});
  AddFileArgument(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string file, line.Positional("file", "FILE"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::VaultIdentity id, core::GetVaultIdentity(vault.db()));
  FV_ASSIGN_OR_RETURN(auto key, crypto::MinisignPublicKey::ParseBase64(
                                    id.minisign_public_key));
  const std::string minisign = key.ToFileText();
  const std::string age = "# fieldvault receiving key, fingerprint " +
                          id.recipient_fingerprint + "\n" + id.age_recipient + "\n";
  FV_RETURN_IF_ERROR(WriteNewFile(file, crypto::AsBytes(minisign), 0644));
  FV_RETURN_IF_ERROR(WriteNewFile(file + ".age", crypto::AsBytes(age), 0644));
  std::printf("Wrote %s (signing key, fingerprint %s)\nWrote %s.age "
              "(receiving key, fingerprint %s)\n",
              file.c_str(), id.signing_fingerprint.c_str(), file.c_str(),
              id.recipient_fingerprint.c_str());
  return Status::Ok();
}

Status SetName(std::span<char*> args) {
  CommandLine line({"id set-name", "Set the name recipients see as the "
                                   "sender of this vault's bundles.",
                    "fieldvault id set-name \"Monitor 7\"", false});
  line.AddPositional({{"name", "display name"}}, "NAME");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string name, line.Positional("name", "NAME"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_RETURN_IF_ERROR(core::SetVaultDisplayName(vault, name));
  std::printf("Display name set.\n");
  return Status::Ok();
}

Status ImportAge(std::span<char*> args) {
  CommandLine line({"id import-age",
                    "Bring an existing age identity file (age-keygen format) "
                    "into this vault, so bundles encrypted to it can be opened.",
                    "fieldvault id import-age hq.key --label hq-2019", false});
  AddFileArgument(line);
  line.options().add_options()("label", "name for the identity",
                               cxxopts::value<std::string>()->default_value("imported"));
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string file, line.Positional("file", "FILE"));
  FV_ASSIGN_OR_RETURN(std::string label, line.Get<std::string>("label"));
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes contents, ReadSecretFile(file));
  FV_ASSIGN_OR_RETURN(auto identities, crypto::ParseIdentityFile(contents.Reveal()));
  if (identities.size() != 1) {
    return Status::InvalidArgument("the file holds " +
                                   std::to_string(identities.size()) +
                                   " identities; import one at a time");
  }
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_RETURN_IF_ERROR(core::ImportAgeIdentityIntoVault(vault, identities[0], label));
  std::printf("Imported age identity %s (%s)\nYou may now delete %s securely.\n",
              label.c_str(), identities[0].Recipient().ToString().c_str(),
              file.c_str());
  return Status::Ok();
}

Status ConfirmSecretExport(bool yes) {
  std::fprintf(stderr,
               "fieldvault: warning: this writes the vault's SECRET receiving "
               "key to a file.\nAnyone who copies that file can read every "
               "bundle sent to this vault.\nKeep it on encrypted storage and "
               "delete it when no longer needed.\n");
  if (yes) return Status::Ok();
  if (!::isatty(STDIN_FILENO)) {
    return Status::FailedPrecondition("not confirmed")
        .WithHint("add --yes to confirm when not at a terminal");
  }
  std::fprintf(stderr, "Type 'yes' to continue: ");
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "yes") return Status::FailedPrecondition("cancelled");
  return Status::Ok();
}

Status ExportAgeIdentity(std::span<char*> args) {
  CommandLine line({"id export-age-identity",
                    "Write this vault's receiving identity in age-keygen "
                    "format (file mode 0600), for staff who must open "
                    "bundles with stock age.",
                    "fieldvault id export-age-identity hq.key", false});
  AddFileArgument(line);
  line.options().add_options()("yes", "confirm without asking");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string file, line.Positional("file", "FILE"));
  FV_RETURN_IF_ERROR(ConfirmSecretExport(line.Has("yes")));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  if (::access(file.c_str(), F_OK) == 0) {
    return Status::AlreadyExists("'" + file + "' already exists")
        .WithHint("choose another file name; nothing was overwritten");
  }
  FV_ASSIGN_OR_RETURN(crypto::AgeIdentity identity, core::ExportOwnAgeIdentity(vault));
  crypto::SecretBytes text = crypto::FormatIdentityFile(
      identity, core::FormatUtc(vault.clock().NowMicros()));
  FV_RETURN_IF_ERROR(WriteNewFile(file, text.Reveal(), 0600));
  std::printf("Wrote %s (mode 0600). Use it with: age -d -i %s BUNDLE\n",
              file.c_str(), file.c_str());
  return Status::Ok();
}

std::string AddedAt(const core::ReceivingKey& key) {
  return key.added_at == 0 ? "" : core::FormatUtc(key.added_at);
}

Status NewReceivingKey(std::span<char*> args) {
  CommandLine line({"id new-receiving-key",
                    "Replace this vault's receiving key (when its secret may "
                    "have leaked). The old key is kept under a label, so "
                    "bundles already sent to it still open; the senders must "
                    "switch to the new one.",
                    "fieldvault id new-receiving-key --old-label hq-until-2026-11",
                    false});
  line.options().add_options()("old-label", "label for the old key (kept)",
                               cxxopts::value<std::string>());
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  std::string old_label = line.Has("old-label") ? *line.Get<std::string>("old-label")
                                                : "replaced-" + core::FormatUtc(
                                                      vault.clock().NowMicros()).substr(0, 10);
  FV_ASSIGN_OR_RETURN(core::ReplacedKey replaced,
                      core::ReplaceReceivingKeyInVault(vault, old_label));
  if (line.global().json) {
    PrintJson({{"age_recipient", replaced.new_key.age_recipient},
               {"recipient_fingerprint", replaced.new_key.fingerprint},
               {"old_age_recipient", replaced.old_key.age_recipient},
               {"old_label", replaced.old_key.label}});
    return Status::Ok();
  }
  std::printf("New receiving key %s\n  fingerprint %s\n"
              "The old key %s is kept as '%s': bundles already sent to it still open.\n"
              "Next: fieldvault id export FILE, give FILE.age to every sender, and\n"
              "compare the fingerprint aloud; each sender runs\n"
              "  fieldvault recipients remove LABEL\n"
              "  fieldvault recipients add LABEL FILE.age\n"
              "Once every bundle sent before has arrived:\n"
              "  fieldvault id retire-receiving-key %s\n",
              replaced.new_key.age_recipient.c_str(), replaced.new_key.fingerprint.c_str(),
              replaced.old_key.age_recipient.c_str(), replaced.old_key.label.c_str(),
              replaced.old_key.label.c_str());
  return Status::Ok();
}

Status ReceivingKeys(std::span<char*> args) {
  CommandLine line({"id receiving-keys",
                    "List the receiving keys this vault opens bundles with: "
                    "its own, then those kept or imported.",
                    "fieldvault id receiving-keys", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto keys, core::ListReceivingKeys(vault.db()));
  if (line.global().json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& key : keys) {
      list.push_back({{"label", key.label},
                      {"own", key.label.empty()},
                      {"age_recipient", key.age_recipient},
                      {"recipient_fingerprint", key.fingerprint},
                      {"added_at", key.added_at == 0
                                       ? std::string()
                                       : core::FormatTimestamp(key.added_at)}});
    }
    PrintJson(list);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& key : keys) {
    rows.push_back({key.label.empty() ? "(own, current)" : key.label, key.fingerprint,
                    AddedAt(key), key.age_recipient});
  }
  PrintTable({"LABEL", "FINGERPRINT", "ADDED", "AGE RECIPIENT"}, rows);
  return Status::Ok();
}

Status RetireReceivingKey(std::span<char*> args) {
  CommandLine line({"id retire-receiving-key",
                    "Remove a kept or imported receiving key: bundles sent to "
                    "it can no longer be opened here.",
                    "fieldvault id retire-receiving-key hq-until-2026-11", false});
  line.AddPositional({{"label", "label of the key (id receiving-keys)"}}, "LABEL");
  line.options().add_options()("yes", "do not ask for typed confirmation");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  if (!line.Has("yes")) {
    FV_ASSIGN_OR_RETURN(
        bool confirmed,
        ConfirmOnTerminal("Bundles sent to '" + label + "' will no longer open "
                          "in this vault.\nType RETIRE to confirm: ",
                          "RETIRE"));
    if (!confirmed) return Status::FailedPrecondition("not confirmed; nothing was changed");
  }
  FV_ASSIGN_OR_RETURN(core::ReceivingKey retired,
                      core::RetireReceivingKeyInVault(vault, label));
  std::printf("Retired receiving key '%s' (%s).\n", retired.label.c_str(),
              retired.age_recipient.c_str());
  return Status::Ok();
}

constexpr Action kActions[] = {
    {"show", "show public keys and fingerprints", Show},
    {"export", "write public keys for the other side (FILE, FILE.age)", Export},
    {"set-name", "set the sender name recipients see", SetName},
    {"import-age", "bring an age identity file into the vault", ImportAge},
    {"export-age-identity", "write the secret receiving key (age-keygen format)",
     ExportAgeIdentity},
    {"new-receiving-key", "replace the receiving key (the old one is kept)",
     NewReceivingKey},
    {"receiving-keys", "list the receiving keys this vault opens bundles with",
     ReceivingKeys},
    {"retire-receiving-key", "remove a kept receiving key", RetireReceivingKey},
};

}  // namespace

int RunId(std::span<char*> args) { return DispatchAction("id", kActions, args); }

}  // namespace fieldvault::cli
