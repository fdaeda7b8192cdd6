#include "core/bundle/version_writers.h"

namespace fieldvault::core::bundle {

Result<std::optional<BundleSigner>> SignerOfBundle(Database& db,
                                                   const std::string& bundle_id) {
  // A bundle is imported once: one "imported" row per bundle id.
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT COALESCE(s.label, ''), COALESCE(s.key_id, ''),"
                 " b.signer_public_key, b.sequence FROM received_bundles b"
                 " LEFT JOIN signers s ON s.minisign_public_key ="
                 " b.signer_public_key WHERE b.bundle_id = ?"
                 " AND b.verdict = 'imported' ORDER BY b.id LIMIT 1"));
  FV_RETURN_IF_ERROR(select.BindText(1, bundle_id));
  FV_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<BundleSigner>();
  return std::optional<BundleSigner>(BundleSigner{
      select.ColumnText(0), select.ColumnText(1), select.ColumnText(2),
      static_cast<uint64_t>(select.ColumnInt64(3))});
}

Result<std::map<std::string, BundleSigner>> SignersOfVersions(
    Database& db, const std::vector<RecordVersion>& versions) {
  std::map<std::string, BundleSigner> signers;
  for (const RecordVersion& version : versions) {
    const std::string& id = version.source.bundle_id;
    if (id.empty() || signers.contains(id)) continue;
    FV_ASSIGN_OR_RETURN(auto signer, SignerOfBundle(db, id));
    if (signer) signers.emplace(id, *std::move(signer));
  }
  return signers;
}

}  // namespace fieldvault::core::bundle
