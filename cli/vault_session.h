// What a record command needs once it has unlocked the vault: the vault,
// one name normalizer (ICU transliterators are costly to build, so once per
// process), the search index, and record stores that write inside a
// VaultWrite with a custody event for each change.
#ifndef FIELDVAULT_CLI_VAULT_SESSION_H_
#define FIELDVAULT_CLI_VAULT_SESSION_H_

#include <memory>
#include <optional>

#include "cli/global_options.h"
#include "core/names/match_key.h"
#include "core/records/record_store.h"
#include "core/search/search_index.h"
#include "core/vault/vault.h"

namespace fieldvault::cli {

class VaultSession {
 public:
  // Opens the vault named by `options` (asking for the passphrase) and
  // prepares the normalizer and the index. Errors as OpenVaultFromOptions;
  // kUnsupported when ICU lacks the transliterators.
  static Result<std::unique_ptr<VaultSession>> Open(
      const GlobalOptions& options);

  core::Vault& vault() { return vault_; }
  const core::NameNormalizer& normalizer() const { return normalizer_; }
  core::SearchIndex& search() { return *search_; }

  // A store that reads, and writes without custody events: for queries.
  core::RecordStore Reader();

  // A store writing inside `write` (which must outlive it) that appends one
  // custody event per created, edited or deleted record when
  // `custody_per_record` is set; otherwise the caller appends its own
  // summary event (bulk imports).
  core::RecordStore Writer(core::VaultWrite& write, bool custody_per_record);

 private:
  VaultSession(core::Vault vault, core::NameNormalizer normalizer)
      : vault_(std::move(vault)), normalizer_(std::move(normalizer)) {}

  core::Vault vault_;
  core::NameNormalizer normalizer_;
  std::optional<core::SearchIndex> search_;
};

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_VAULT_SESSION_H_
