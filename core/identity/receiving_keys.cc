#include "core/identity/receiving_keys.h"

#include <utility>

#include "core/identity/fingerprint.h"
#include "core/identity/identity_store.h"
#include "crypto/age.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::core {
namespace {

ReceivingKey KeyOf(std::string label, std::string recipient, int64_t added_at) {
  std::string fingerprint = RecipientFingerprint(recipient);
  return {std::move(label), std::move(recipient), std::move(fingerprint), added_at};
}

}  // namespace

Result<std::vector<ReceivingKey>> ListReceivingKeys(Database& db) {
  std::vector<ReceivingKey> keys;
  FV_ASSIGN_OR_RETURN(VaultIdentity own, GetVaultIdentity(db));
  keys.push_back(KeyOf("", own.age_recipient, 0));
  FV_ASSIGN_OR_RETURN(Statement added,
                      db.Prepare("SELECT label, age_recipient, added_at FROM "
                                 "age_identities ORDER BY position"));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, added.Step());
    if (!row) break;
    keys.push_back(KeyOf(added.ColumnText(0), added.ColumnText(1), added.ColumnInt64(2)));
  }
  return keys;
}

Result<ReplacedKey> ReplaceOwnReceivingKey(Database& db, crypto::RandomSource& random,
                                           std::string_view old_label,
                                           int64_t now_micros) {
  FV_ASSIGN_OR_RETURN(crypto::AgeIdentity old_identity, LoadOwnAgeIdentity(db));
  crypto::AgeIdentity new_identity = crypto::AgeIdentity::Generate(random);
  // The new one in its place, then the old one among the added identities
  // (which checks the label). One transaction: both or neither.
  crypto::SecretBytes text = new_identity.ToSecretString();  // outlives `update`
  const std::string recipient = new_identity.Recipient().ToString();
  FV_ASSIGN_OR_RETURN(Statement update,
                      db.Prepare("UPDATE vault_identity SET age_identity = ?, "
                                 "age_recipient = ? WHERE id = 1"));
  FV_RETURN_IF_ERROR(update.BindBlobNoCopy(1, text.Reveal()));
  FV_RETURN_IF_ERROR(update.BindText(2, recipient));
  FV_RETURN_IF_ERROR(update.Run());
  FV_RETURN_IF_ERROR(ImportAgeIdentity(db, old_identity, old_label, now_micros));
  return ReplacedKey{KeyOf(std::string(old_label), old_identity.Recipient().ToString(),
                           now_micros),
                     KeyOf("", recipient, now_micros)};
}

Result<ReceivingKey> RetireReceivingKey(Database& db, std::string_view label) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare("SELECT age_recipient, added_at FROM "
                                 "age_identities WHERE label = ?"));
  FV_RETURN_IF_ERROR(query.BindText(1, label));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) {
    return Status::NotFound("this vault keeps no receiving key labelled '" +
                            std::string(label) + "'")
        .WithHint("fieldvault id receiving-keys lists them; the vault's own "
                  "key cannot be retired, only replaced (id new-receiving-key)");
  }
  ReceivingKey key = KeyOf(std::string(label), query.ColumnText(0), query.ColumnInt64(1));
  FV_ASSIGN_OR_RETURN(Statement remove,
                      db.Prepare("DELETE FROM age_identities WHERE label = ?"));
  FV_RETURN_IF_ERROR(remove.BindText(1, label));
  FV_RETURN_IF_ERROR(remove.Run());
  return key;
}

}  // namespace fieldvault::core
