// Finding records by the first characters of their id, as `list` shows
// them ("c5f50140"), in any table keyed by canonical UUID text.
#ifndef FIELDVAULT_CORE_DB_ID_PREFIX_H_
#define FIELDVAULT_CORE_DB_ID_PREFIX_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Whether `prefix` can begin a canonical id: 4 to 36 characters, each a
// hex digit (either case: ids are compared case-insensitively) or a dash.
bool IsIdPrefix(std::string_view prefix);

// How an error message names `text` given where an id was expected:
// quoted ("'2f1c'") when it is made of id characters only (hex digits and
// dashes, at most 36), else "the text given (not shown)". Anything else is
// never repeated: it may be a passphrase or a secret key typed in the
// wrong place, and error messages end up in terminals' scrollback, shell
// logs and screenshots.
std::string ShownAsId(std::string_view text);

// The ids in `table` that begin with `prefix` (IsIdPrefix; the caller
// checks it and words its own error), in order, at most `limit` of them.
// Upper-case hex digits in `prefix` match the stored lowercase ones.
// `table` is a name from the vault's schema, never user input, whose `id`
// column is its TEXT primary key holding canonical lowercase UUIDs; the
// lookup is a range over that key's index, not a scan of the table, so it
// stays instant in a vault of a million records. kIoError, kCorruption.
Result<std::vector<std::string>> FindIdsWithPrefix(Database& db,
                                                   std::string_view table,
                                                   std::string_view prefix,
                                                   int limit);

// The query FindIdsWithPrefix runs on `table` (?1 the prefix, ?2 the
// limit); public so that a test can check its plan.
std::string IdPrefixQuery(std::string_view table);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_DB_ID_PREFIX_H_
