// Opening vault.db with the settings the vault relies on, and proving them.
//
// SQLCipher 3.4.1 ignores unknown pragmas silently, so every security
// setting is read back after it is set and the open is refused when one
// did not take. Settings: raw 256-bit key, 4096-byte pages, HMAC per page,
// secure_delete on, temporary storage in memory, foreign keys on,
// synchronous=FULL. See docs/vault-format.md.
#ifndef FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_
#define FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_

#include <string>

#include "core/db/database.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr int kVaultPageSize = 4096;

// Opens (or, with kCreate, creates with mode 0600) the database at `path`,
// keys it with `master_key` (32 bytes), applies and verifies the settings,
// and proves the key by reading the schema.
// Errors: kNotFound / kAlreadyExists from the mode; kCorruption when an
// existing file is empty, is not a vault database, or the key does not fit
// it; kUnsupported when the SQLCipher build ignores a required setting.
Result<Database> OpenVaultDatabase(const std::string& path,
                                   const crypto::SecretBytes& master_key,
                                   Database::Mode mode);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_DATABASE_H_
