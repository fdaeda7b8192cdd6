#include "core/identity/identity_ops.h"

#include <optional>
#include <utility>

#include "core/identity/fingerprint.h"

namespace fieldvault::core {
namespace {

// Runs `change` in one write transaction with its custody event.
template <typename Change>
Status InOneWrite(Vault& vault, const Change& change) {
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  FV_ASSIGN_OR_RETURN(CustodyEvent event, change(write.db()));
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(event));
  return write.Commit();
}

CustodyEvent VaultEvent(std::string action, std::string detail) {
  return CustodyEvent{std::move(action), "", "", "", std::move(detail)};
}

}  // namespace

Result<RecipientEntry> AddRecipientToVault(Vault& vault, std::string_view label,
                                           const crypto::AgeRecipient& recipient) {
  RecipientEntry entry;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(entry, AddRecipient(db, label, recipient,
                                            vault.clock().NowMicros()));
    return VaultEvent("recipient added", entry.label + " " + entry.age_recipient +
                                             " fingerprint " + entry.fingerprint);
  }));
  return entry;
}

Result<RecipientEntry> RemoveRecipientFromVault(Vault& vault,
                                                std::string_view label) {
  RecipientEntry entry;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(entry, RemoveRecipient(db, label));
    return VaultEvent("recipient removed", entry.label + " " + entry.age_recipient);
  }));
  return entry;
}

Result<SignerEntry> TrustSignerInVault(Vault& vault, std::string_view label,
                                       const crypto::MinisignPublicKey& key) {
  SignerEntry entry;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(entry, TrustSigner(db, label, key, vault.clock().NowMicros()));
    return VaultEvent("signer trusted", entry.label + " key " + entry.key_id +
                                            " fingerprint " + entry.fingerprint);
  }));
  return entry;
}

Result<SignerEntry> RevokeSignerInVault(Vault& vault, std::string_view label) {
  SignerEntry entry;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(entry, RevokeSigner(db, label, vault.clock().NowMicros()));
    return VaultEvent("signer revoked", entry.label + " key " + entry.key_id);
  }));
  return entry;
}

Status ImportAgeIdentityIntoVault(Vault& vault,
                                  const crypto::AgeIdentity& identity,
                                  std::string_view label) {
  return InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_RETURN_IF_ERROR(
        ImportAgeIdentity(db, identity, label, vault.clock().NowMicros()));
    return VaultEvent("age identity imported",
                      std::string(label) + " " + identity.Recipient().ToString());
  });
}

Status SetVaultDisplayName(Vault& vault, std::string_view name) {
  return InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_RETURN_IF_ERROR(SetDisplayName(db, name));
    return VaultEvent("display name set", std::string(name));
  });
}

Result<ReplacedKey> ReplaceReceivingKeyInVault(Vault& vault,
                                               std::string_view old_label) {
  std::optional<ReplacedKey> replaced;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(replaced, ReplaceOwnReceivingKey(db, vault.random(), old_label,
                                                         vault.clock().NowMicros()));
    return VaultEvent("receiving key replaced",
                      "new " + replaced->new_key.age_recipient + " fingerprint " +
                          replaced->new_key.fingerprint + "; old " +
                          replaced->old_key.age_recipient + " kept as " +
                          replaced->old_key.label);
  }));
  return std::move(*replaced);
}

Result<ReceivingKey> RetireReceivingKeyInVault(Vault& vault, std::string_view label) {
  ReceivingKey retired;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(retired, RetireReceivingKey(db, label));
    return VaultEvent("receiving key retired", retired.label + " " + retired.age_recipient);
  }));
  return retired;
}

Result<crypto::AgeIdentity> ExportOwnAgeIdentity(Vault& vault) {
  std::optional<crypto::AgeIdentity> identity;
  FV_RETURN_IF_ERROR(InOneWrite(vault, [&](Database& db) -> Result<CustodyEvent> {
    FV_ASSIGN_OR_RETURN(crypto::AgeIdentity own, LoadOwnAgeIdentity(db));
    std::string recipient = own.Recipient().ToString();
    identity.emplace(std::move(own));
    return VaultEvent("age identity exported", recipient);
  }));
  return std::move(*identity);
}

}  // namespace fieldvault::core
