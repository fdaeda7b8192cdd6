#include "cli/record_history.h"

#include <map>
#include <vector>

#include "cli/output.h"
#include "cli/record_options.h"
#include "core/bundle/version_writers.h"
#include "core/records/version_source.h"

namespace fieldvault::cli {
namespace {

using core::bundle::BundleSigner;
using Signers = std::map<std::string, BundleSigner>;

// "monitor-7 (7E7575C93886049E)", or the key id alone for a signer no
// longer listed.
std::string SignerName(const BundleSigner& signer) {
  if (signer.label.empty()) return "signer " + signer.key_id;
  return signer.label + " (" + signer.key_id + ")";
}

// "bundle f9b7f148, sequence 3 from monitor-7 (7E75...)"; a bundle the
// register does not hold is named alone.
std::string BundleText(const std::string& bundle_id, const Signers& signers) {
  auto it = signers.find(bundle_id);
  if (it == signers.end()) return "bundle " + ShortId(bundle_id);
  return SignerName(it->second) + ", bundle " + ShortId(bundle_id) +
         " (sequence " + std::to_string(it->second.sequence) + ")";
}

// How this vault got `source`'s version, in words.
std::string ProvenanceText(const core::VersionSource& source,
                           const Signers& signers) {
  const std::string& how = source.how;
  if (how == core::kWrittenReceived) {
    return "received from " + BundleText(source.bundle_id, signers);
  }
  if (how == core::kWrittenResolved) {
    return "conflict resolved here (the copy from " +
           BundleText(source.bundle_id, signers) + ")";
  }
  if (how == core::kWrittenMerged) return "merged here (person merge)";
  if (how == core::kWrittenUnmerged) return "unmerged here";
  if (how.empty()) return "unknown (written before this vault recorded it)";
  return how + " here";  // created, edited, deleted
}

nlohmann::json ProvenanceJson(const core::VersionSource& source,
                              const Signers& signers) {
  const bool received = source.how == core::kWrittenReceived;
  nlohmann::json json = {
      {"written", source.how.empty() ? "unknown" : source.how},
      {"here", !source.how.empty() && !received}};
  if (source.bundle_id.empty()) return json;
  json["bundle_id"] = source.bundle_id;
  auto it = signers.find(source.bundle_id);
  if (it == signers.end()) return json;
  json["signer_label"] = it->second.label;
  json["signer_key_id"] = it->second.key_id;
  json["sequence"] = it->second.sequence;
  return json;
}

bool IsDeleted(const nlohmann::json& body) {
  auto deleted = body.find("deleted");
  return deleted != body.end() && deleted->is_boolean() && deleted->get<bool>();
}

std::string UpdatedAt(const nlohmann::json& body) {
  auto it = body.find("updated_at");
  if (it == body.end() || !it->is_string()) return "";
  return it->get<std::string>().substr(0, 19) + "Z";
}

}  // namespace

Status PrintHistory(const CommandLine& line, core::RecordStore& store,
                    std::string_view type, const std::string& id) {
  FV_ASSIGN_OR_RETURN(auto versions, store.History(type, id));
  FV_ASSIGN_OR_RETURN(Signers signers,
                      core::bundle::SignersOfVersions(store.rows().db(), versions));
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& version : versions) {
      nlohmann::json json = version.body;
      json["provenance"] = ProvenanceJson(version.source, signers);
      out.push_back(std::move(json));
    }
    PrintJson(out);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& version : versions) {
    rows.push_back({std::to_string(version.version), UpdatedAt(version.body),
                    version.replaced_at == 0 ? "current" : "replaced",
                    IsDeleted(version.body) ? "deleted" : "",
                    ProvenanceText(version.source, signers)});
  }
  PrintTable({"VERSION", "WRITTEN (UTC)", "STATE", "", "HOW IT CAME HERE"}, rows);
  return Status::Ok();
}

}  // namespace fieldvault::cli
