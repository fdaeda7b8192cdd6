// `fieldvault received`: the register of received bundles (every bundle
// imported, verified or refused here, with its hash, signer, sequence and
// verdict), oldest first.
#include <map>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "core/bundle/bundle_registry.h"
#include "core/clock.h"
#include "core/identity/keyrings.h"
#include "crypto/minisign.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

// The trusted label of the bundle's signing key; for a key never trusted
// (a refused bundle), "unknown" and its key id.
std::string SignerName(const std::map<std::string, std::string>& labels,
                       const std::string& public_key) {
  if (auto it = labels.find(public_key); it != labels.end()) return it->second;
  if (public_key.empty()) return "-";
  auto key = crypto::MinisignPublicKey::ParseBase64(public_key);
  return key.ok() ? "unknown " + key->KeyIdHex() : "unknown";
}

nlohmann::json ToJson(const core::bundle::ReceivedBundle& b, const std::string& signer) {
  return {{"received_at", core::FormatTimestamp(b.received_at)},
          {"verdict", b.verdict}, {"detail", b.detail},
          {"bundle_id", b.bundle_id}, {"bundle_blake2b", b.bundle_blake2b},
          {"signer", signer}, {"signer_public_key", b.signer_public_key},
          {"sequence", b.sequence}, {"manifest_blake2b", b.manifest_blake2b},
          {"previous_manifest_blake2b", b.previous_manifest}};
}

Status ShowReceived(std::span<char*> args) {
  CommandLine line({"received",
                    "List every bundle this vault imported, verified or "
                    "refused, with its signer, sequence number, BLAKE2b and "
                    "the verdict, oldest first: the register kept as evidence.",
                    "fieldvault received --vault ~/hq-vault", true});
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
  FV_ASSIGN_OR_RETURN(auto bundles, core::bundle::ListReceivedBundles(vault.db()));
  FV_ASSIGN_OR_RETURN(auto signers, core::ListSigners(vault.db()));
  std::map<std::string, std::string> labels;
  for (const auto& signer : signers) labels[signer.minisign_public_key] = signer.label;
  nlohmann::json json = nlohmann::json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : bundles) {
    const std::string signer = SignerName(labels, b.signer_public_key);
    json.push_back(ToJson(b, signer));
    rows.push_back({core::FormatUtc(b.received_at), b.verdict, signer,
                    b.sequence == 0 ? "-" : std::to_string(b.sequence),
                    b.bundle_id.empty() ? "-" : b.bundle_id.substr(0, 8),
                    b.bundle_blake2b.empty() ? "-" : b.bundle_blake2b.substr(0, 16),
                    b.detail});
  }
  if (line.global().json) {
    PrintJson(json);
  } else {
    PrintTable({"Received (UTC)", "Verdict", "Signer", "Seq", "Bundle", "BLAKE2b",
                "Detail"},
               rows);
  }
  return Status::Ok();
}

}  // namespace

int RunReceived(std::span<char*> args) {
  Status status = ShowReceived(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
