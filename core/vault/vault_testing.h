// TEST-ONLY access to a vault's master key, for interop tests that open
// vault.db with the real `sqlcipher` tool. Production code must never
// include this header; the name says so at every call site.
#ifndef FIELDVAULT_CORE_VAULT_VAULT_TESTING_H_
#define FIELDVAULT_CORE_VAULT_VAULT_TESTING_H_

#include "core/vault/vault.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::core {

// The open vault's master key; valid while `vault` lives.
const crypto::SecretBytes& MasterKeyForTesting(const Vault& vault);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_TESTING_H_
