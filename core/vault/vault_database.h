// Opening vault.db with the settings the vault relies on, and proving them.
//
// SQLCipher 3.4.1 ignores unknown pragmas silently, so every security
// setting is read back after it is set and the open is refused when one
// did not take. Settings: raw 256-bit key, 16384-byte pages (4096 for
// vaults made before; both open), HMAC per page, secure_delete on,
// temporary storage in memory, foreign keys on, synchronous=FULL. See
// docs/vault-format.md.
#ifndef FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_
#define FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_

#include <string>

#include "core/db/database.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::core {

// The page size of new vaults. Larger pages cost SQLCipher less per byte
// (one IV, one HMAC and one write per page): 16384 bytes make attachments
// and bundles about a third cheaper to store than 4096 did, while name and
// case-number searches stay as fast (measured in docs/vault-format.md).
inline constexpr int kVaultPageSize = 16384;
// The page size of vaults made by earlier versions; they open unchanged.
inline constexpr int kLegacyVaultPageSize = 4096;

// Opens (or, with kCreate, creates with mode 0600) the database at `path`,
// keys it with `master_key` (32 bytes), applies and verifies the settings,
// and proves the key by reading the schema. An existing vault.db opens at
// the page size its hot journal records, else at kVaultPageSize, else at
// kLegacyVaultPageSize; nothing is written to it before one fits.
// Errors: kNotFound / kAlreadyExists from the mode; kCorruption when an
// existing file is empty, is not a vault database, or the key does not fit
// it; kUnsupported when the SQLCipher build ignores a required setting.
Result<Database> OpenVaultDatabase(const std::string& path,
                                   const crypto::SecretBytes& master_key,
                                   Database::Mode mode);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_
