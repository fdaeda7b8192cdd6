// `fieldvault signers trust|list|show|revoke`: HQ's keyring of the
// monitors' signing keys whose bundles it accepts, and where each one's
// chain of bundles stands.
#include <algorithm>
#include <cstdio>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/key_files.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/bundle/bundle_registry.h"
#include "core/clock.h"
#include "core/identity/identity_ops.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

nlohmann::json ToJson(const core::SignerEntry& entry) {
  return {{"label", entry.label},
          {"minisign_public_key", entry.minisign_public_key},
          {"key_id", entry.key_id},
          {"fingerprint", entry.fingerprint},
          {"added_at", core::FormatTimestamp(entry.added_at)},
          {"revoked_at", entry.revoked_at ? nlohmann::json(core::FormatTimestamp(*entry.revoked_at))
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

// "3f9a 1c2e 77b0 …": in groups of four, to read out over a phone.
std::string Grouped(const std::string& hex) {
  std::string grouped;
  for (size_t i = 0; i < hex.size(); i += 4) {
    if (i != 0) grouped.push_back(' ');
    grouped.append(hex, i, 4);
  }
  return grouped;
}

std::string Refusals(const std::vector<core::bundle::ReceivedBundle>& open) {
  std::string text;
  for (const auto& r : open) {
    text += (text.empty() ? "" : ", ") + std::to_string(r.sequence) + " (" +
            r.bundle_id.substr(0, 8) + ", " + core::FormatUtc(r.received_at) + ")";
  }
  return text.empty() ? "none open" : "open: " + text;
}

Status Show(std::span<char*> args) {
  CommandLine line({"signers show",
                    "Show a signer and where its chain of bundles stands here: "
                    "the last bundle imported (its sequence and manifest hash, "
                    "which a monitor who restored a backup needs to continue "
                    "the chain) and any open fork refusal.",
                    "fieldvault signers show monitor-7", true});
  line.AddPositional({{"label", "the signer's label"}}, "LABEL");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string label, line.Positional("label", "LABEL"));
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto entries, core::ListSigners(vault.db()));
  auto entry = std::find_if(entries.begin(), entries.end(),
                            [&](const core::SignerEntry& e) { return e.label == label; });
  if (entry == entries.end()) {
    return Status::NotFound("no signer is labelled '" + label + "'")
        .WithHint("`fieldvault signers list` shows the labels");
  }
  FV_ASSIGN_OR_RETURN(auto chain, core::bundle::ChainOf(vault.db(), entry->minisign_public_key));
  const core::bundle::ReceivedBundle* last =
      chain.imported.empty() ? nullptr : &chain.imported.rbegin()->second;
  if (line.global().json) {
    nlohmann::json json = ToJson(*entry);
    json["last_imported_sequence"] = last ? last->sequence : 0;
    json["last_imported_bundle_id"] = last ? last->bundle_id : "";
    json["last_imported_manifest_blake2b"] = last ? last->manifest_blake2b : "";
    json["open_fork_refusals"] = nlohmann::json::array();
    for (const auto& r : chain.open_refusals) {
      json["open_fork_refusals"].push_back({{"sequence", r.sequence},
                                            {"bundle_id", r.bundle_id},
                                            {"received_at", core::FormatUtc(r.received_at)}});
    }
    PrintJson(json);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows = {
      {"Signer", entry->label},
      {"Fingerprint", entry->fingerprint},
      {"Key id", entry->key_id},
      {"Status", Row(*entry)[3]},
      {"Last imported", last ? "sequence " + std::to_string(last->sequence) + ", bundle " +
                                   last->bundle_id
                             : "none"},
      {"Manifest hash", last ? Grouped(last->manifest_blake2b) : "-"},
      {"Fork refusals", Refusals(chain.open_refusals)}};
  PrintTable({}, rows);
  if (last) {
    std::printf("A monitor who restored a backup continues this chain with:\n"
                "  fieldvault export --to DIR --continue-after %llu "
                "--previous-manifest \"%s\"\n",
                static_cast<unsigned long long>(last->sequence),
                Grouped(last->manifest_blake2b).c_str());
  }
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
    {"show", "a signer and its last imported bundle (LABEL)", Show},
    {"revoke", "revoke a signer (LABEL)", Revoke},
};

}  // namespace

int RunSigners(std::span<char*> args) {
  return DispatchAction("signers", kActions, args);
}

}  // namespace fieldvault::cli
