// What the schema of an open database holds, for migrations that add a
// column only where it is missing.
#ifndef FIELDVAULT_CORE_DB_TABLE_INFO_H_
#define FIELDVAULT_CORE_DB_TABLE_INFO_H_

#include <string_view>

#include "core/db/database.h"

namespace fieldvault::core {

// Whether table `table` has a column `column`. `table` must be one of
// fieldvault's own names (PRAGMA takes no bound parameters).
Result<bool> HasColumn(Database& db, std::string_view table, std::string_view column);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_DB_TABLE_INFO_H_
