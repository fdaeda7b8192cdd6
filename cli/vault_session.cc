#include "cli/vault_session.h"

#include "cli/open_vault.h"

namespace fieldvault::cli {

Result<std::unique_ptr<VaultSession>> VaultSession::Open(
    const GlobalOptions& options) {
  // The normalizer first: if ICU is broken, say so before the passphrase.
  FV_ASSIGN_OR_RETURN(core::NameNormalizer normalizer,
                      core::NameNormalizer::Create());
  FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(options));
  std::unique_ptr<VaultSession> session(
      new VaultSession(std::move(vault), std::move(normalizer)));
  // The index refers to the session's own members, whose addresses are
  // stable from here on (the session lives on the heap).
  FV_ASSIGN_OR_RETURN(core::SearchIndex search,
                      core::SearchIndex::Create(session->vault_.db(),
                                                session->normalizer_));
  session->search_.emplace(std::move(search));
  return session;
}

core::RecordStore VaultSession::Reader() {
  return core::RecordStore(vault_.db(), vault_.clock(), vault_.random(),
                           vault_.vault_id(), normalizer_, &*search_, nullptr);
}

core::RecordStore VaultSession::Writer(core::VaultWrite& write,
                                       bool custody_per_record) {
  core::ChangeObserver observer;
  if (custody_per_record) {
    observer = [&write](const core::RecordChange& change) {
      return write.AppendCustodyEvent({change.action, change.record_type,
                                       change.record_id, "", change.detail});
    };
  }
  return core::RecordStore(write.db(), vault_.clock(), vault_.random(),
                           vault_.vault_id(), normalizer_, &*search_,
                           std::move(observer));
}

}  // namespace fieldvault::cli
