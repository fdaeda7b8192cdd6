#include "core/db/id_prefix.h"

#include <algorithm>

namespace fieldvault::core {

bool IsIdPrefix(std::string_view prefix) {
  return prefix.size() >= 4 && prefix.size() <= 36 &&
         std::all_of(prefix.begin(), prefix.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                  (c >= 'A' && c <= 'F') || c == '-';
         });
}

std::string ShownAsId(std::string_view text) {
  const bool id_like =
      !text.empty() && text.size() <= 36 &&
      std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
               (c >= 'A' && c <= 'F') || c == '-';
      });
  if (!id_like) return "the text given (not shown)";
  std::string quoted;  // appended: g++ 12 warns falsely on "'" + ...
  quoted.append("'").append(text).append("'");
  return quoted;
}

std::string IdPrefixQuery(std::string_view table) {
  // Ids hold only hex digits and dashes, all below '~', so exactly the ids
  // beginning with the prefix lie in [prefix, prefix + "~"). A range on
  // the primary key uses its index; LIKE would scan and decrypt the whole
  // table (it is case-insensitive, and the key is not NOCASE).
  return "SELECT id FROM " + std::string(table) +
         " WHERE id >= ?1 AND id < ?1 || '~' ORDER BY id LIMIT ?2";
}

Result<std::vector<std::string>> FindIdsWithPrefix(Database& db,
                                                   std::string_view table,
                                                   std::string_view prefix,
                                                   int limit) {
  // Ids are stored in lowercase (canonical UUID text); a monitor may copy
  // one from a paper form in capitals.
  std::string lower(prefix);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  FV_ASSIGN_OR_RETURN(Statement select, db.Prepare(IdPrefixQuery(table)));
  FV_RETURN_IF_ERROR(select.BindText(1, lower));
  FV_RETURN_IF_ERROR(select.BindInt64(2, limit));
  std::vector<std::string> ids;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return ids;
    ids.push_back(select.ColumnText(0));
  }
}

}  // namespace fieldvault::core
