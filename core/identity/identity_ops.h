// Changes to a vault's identities and keyrings as whole operations: each
// runs in one VaultWrite transaction and appends its custody event, so the
// custody log says who was trusted, added or revoked, and when. The CLI
// commands `id`, `recipients` and `signers` are thin layers over these.
#ifndef FIELDVAULT_CORE_IDENTITY_IDENTITY_OPS_H_
#define FIELDVAULT_CORE_IDENTITY_IDENTITY_OPS_H_

#include <string_view>

#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
#include "core/identity/receiving_keys.h"
#include "core/vault/vault.h"

namespace fieldvault::core {

// Each returns the entry it changed, or the errors of keyrings.h /
// identity_store.h, or the vault's; on error nothing is changed.
Result<RecipientEntry> AddRecipientToVault(Vault& vault, std::string_view label,
                                           const crypto::AgeRecipient& recipient);
Result<RecipientEntry> RemoveRecipientFromVault(Vault& vault,
                                                std::string_view label);
Result<SignerEntry> TrustSignerInVault(Vault& vault, std::string_view label,
                                       const crypto::MinisignPublicKey& key);
Result<SignerEntry> RevokeSignerInVault(Vault& vault, std::string_view label);
Status ImportAgeIdentityIntoVault(Vault& vault,
                                  const crypto::AgeIdentity& identity,
                                  std::string_view label);
Status SetVaultDisplayName(Vault& vault, std::string_view name);

// receiving_keys.h as whole operations: a new receiving identity (the old
// one kept under `old_label`), and the removal of a kept one.
Result<ReplacedKey> ReplaceReceivingKeyInVault(Vault& vault, std::string_view old_label);
Result<ReceivingKey> RetireReceivingKeyInVault(Vault& vault, std::string_view label);

// Returns the vault's receiving identity for writing out in age-keygen
// format, after recording in the custody log that it left the vault.
Result<crypto::AgeIdentity> ExportOwnAgeIdentity(Vault& vault);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_IDENTITY_IDENTITY_OPS_H_
