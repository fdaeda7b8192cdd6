#include "core/db/table_info.h"

#include <string>

namespace fieldvault::core {

Result<bool> HasColumn(Database& db, std::string_view table, std::string_view column) {
  FV_ASSIGN_OR_RETURN(Statement columns,
                      db.Prepare("PRAGMA table_info(" + std::string(table) + ")"));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, columns.Step());
    if (!row) return false;
    if (columns.ColumnTextView(1) == column) return true;
  }
}

}  // namespace fieldvault::core
