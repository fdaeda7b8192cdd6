// SQLite's own report on vault.db's structure, line by line, for whoever
// investigates a damaged vault (`fieldvault check --verbose`, --json).
// Vault::Check() sums it up in one line a monitor can read.
#ifndef FIELDVAULT_CORE_VAULT_INTEGRITY_CHECK_H_
#define FIELDVAULT_CORE_VAULT_INTEGRITY_CHECK_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// The most lines IntegrityCheckLines returns (SQLite stops there).
inline constexpr size_t kIntegrityCheckLines = 20;

// What `PRAGMA integrity_check` reports about `db`, without its "ok":
// empty when it found nothing. Errors of the database itself (kCorruption
// for a page whose HMAC fails, kIoError, busy) are returned as such.
Result<std::vector<std::string>> IntegrityCheckLines(Database& db);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_INTEGRITY_CHECK_H_
