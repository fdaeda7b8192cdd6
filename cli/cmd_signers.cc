// `fieldvault signers trust|list|revoke`: HQ's keyring of the monitors'
// signing keys whose bundles it accepts.
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

nlohmann::json ToJson(const core::SignerEntry& entry) {
  return {{"label", entry.label},
          {"minisign_public_key", entry.minisign_public_key},
          {"key_id", entry.key_id},
          {"fingerprint", entry.fingerprint},
          {"added_at", core::FormatUtc(entry.added_at)},
          {"revoked_at", entry.revoked_at ? nlohmann::json(core::FormatUtc(
                                                *entry.revoked_at))
                                          : nlohmann::json(nullptr)}};
}

Status Trust(std::span<char*> args) {
  CommandLine line({"signers trust",
                    "Trust a monitor's signing key. First compare its "
                    "fingerprint with the monitor over another channel.",
                    "fieldvault signers trust monitor-7 monitor-7.pub", true});
  line.AddPositional({{"label", "name for this signer"},
                      {"key", "RW... or a minisign public key file"}},
                     "LABEL PUBKEY|FILE");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(std::string key_text,
                      line.Positional("key", "PUBKEY|FILE"));
  FV_ASSIGN_OR_RETURN(crypto::MinisignPublicKey key, SignerFromArgument(key_text));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::SignerEntry entry,
                      core::TrustSignerInVault(vault, label, key));
  if (line.global().json) {
    PrintJson(ToJson(entry));
  } else {
    std::printf("Trusted signer %s\n  key id: %s\n  fingerprint: %s\n",
                entry.label.c_str(), entry.key_id.c_str(),
                entry.fingerprint.c_str());
  }
  return Status::Ok();
}

std::vector<std::string> Row(const core::SignerEntry& entry) {
  return {entry.label, entry.fingerprint, entry.key_id,
          entry.revoked_at ? "revoked " + core::FormatUtc(*entry.revoked_at)
                           : "trusted"};
}

Status List(std::span<char*> args) {
  CommandLine line({"signers list", "List trusted and revoked signers.",
                    "fieldvault signers list", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto entries, core::ListSigners(vault.db()));
  PrintKeyring(line, entries, ToJson,
               {"LABEL", "FINGERPRINT", "KEY ID", "STATUS"}, Row,
               "No signers yet. Trust one with `fieldvault signers trust`.");
  return Status::Ok();
}

Status Revoke(std::span<char*> args) {
  CommandLine line({"signers revoke",
                    "Stop trusting a signer (e.g. a lost or seized laptop). "
                    "Its bundles are refused from now on.",
                    "fieldvault signers revoke monitor-7", true});
  line.AddPositional({{"label", "the signer's label"}}, "LABEL");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(core::SignerEntry entry, core::RevokeSignerInVault(vault, label));
  if (line.global().json) PrintJson(ToJson(entry));
  else std::printf("Revoked signer %s (key id %s)\n", entry.label.c_str(),
                   entry.key_id.c_str());
  return Status::Ok();
}

constexpr Action kActions[] = {
    {"trust", "trust a signing key (LABEL PUBKEY|FILE)", Trust},
    {"list", "list signers with fingerprints and status", List},
    {"revoke", "revoke a signer (LABEL)", Revoke},
};

}  // namespace

int RunSigners(std::span<char*> args) {
  return DispatchAction("signers", kActions, args);
}

}  // namespace fieldvault::cli
