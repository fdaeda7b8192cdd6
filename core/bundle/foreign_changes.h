// Reporting what a received bundle does to records first recorded in this
// vault by another than the bundle's signer (core/records/version_source.h):
// which it changes, which it deletes, which are held as conflicts. The
// import learns them from its RecordImporter (record_exchange.h) and logs
// them (LogForeignChanges); `verify` applies nothing, so its
// ForeignChangePreview looks at each record line as it streams past.
//
// A line costs one lookup by id; only a line whose record is stored and
// was first recorded by another is parsed. Lines that do not parse are
// left to the import, which refuses them. For a person, the names' match
// keys and scripts (which the importer computes itself) are left out of
// the comparison.
#ifndef FIELDVAULT_CORE_BUNDLE_FOREIGN_CHANGES_H_
#define FIELDVAULT_CORE_BUNDLE_FOREIGN_CHANGES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "core/records/record_exchange.h"
#include "core/records/record_rows.h"
#include "core/vault/vault.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// One sentence on `changes` for reports and the custody log, e.g.
// "changes 3 records first recorded by a vault other than the sender's:
// 2 detentions, 1 person; deletes 1 of them; 1 held for review as
// conflicts, not applied"; "" when empty.
std::string DescribeForeignChanges(const std::vector<ForeignChange>& changes);

// Custody events for what an import did to records another than the
// signer first recorded here, in the import's `write`: "changed others'
// records" counting them (DescribeForeignChanges), and "deletion held"
// for each deletion held, naming the record. `signer` names the signer
// ("monitor-7 (KEYID)"). Nothing when `changes` is empty. Errors of
// AppendCustodyEvent.
Status LogForeignChanges(VaultWrite& write, const std::string& bundle_id,
                         const std::string& signer,
                         const std::vector<ForeignChange>& changes);

// The label of every signer (trusted or revoked) by minisign key (base64),
// for naming who first recorded what `changes` touch; empty when `changes`
// is. kIoError.
Result<std::map<std::string, std::string>> SignerLabels(
    Database& db, const std::vector<ForeignChange>& changes);

class ForeignChangePreview {
 public:
  // `db` is only read and must outlive the preview; `signer_key` is the
  // bundle's signing key (minisign base64).
  ForeignChangePreview(Database& db, std::string signer_key)
      : rows_(db), signer_key_(std::move(signer_key)) {}

  // Looks at one line of records/<type>.jsonl. kIoError or kCorruption
  // from the vault only.
  Status Line(std::string_view type, std::string_view line);

  // What an import would change, in bundle order.
  const std::vector<ForeignChange>& changes() const { return changes_; }

 private:
  RecordRows rows_;
  std::string signer_key_;
  std::vector<ForeignChange> changes_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_FOREIGN_CHANGES_H_
