// Savepoints: the part of a transaction that a failure takes back.
//
// WithSavepoint runs a piece of work inside an SQL SAVEPOINT, so that when
// the work fails part-way nothing it wrote stays behind, even inside a
// transaction (a Transaction or a VaultWrite) that the caller then goes on
// to commit. Unlike Transaction, savepoints nest. With SQLCipher a
// savepoint is not free: the pages it touches are journaled (and so
// encrypted) once more, so a long all-or-nothing job that rolls back as a
// whole anyway should not take one per step.
#ifndef FIELDVAULT_CORE_DB_SAVEPOINT_H_
#define FIELDVAULT_CORE_DB_SAVEPOINT_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Runs `body` (returning Status or Result<T>) inside SAVEPOINT `name`, a
// constant SQL identifier. On success releases the savepoint and returns
// what `body` returned. When `body` returns an error, rolls back to the
// savepoint, releases it and returns that error: the body's error is the
// one a person can act on, so a failure of the rollback itself is not
// reported over it. kIoError when the savepoint cannot be opened or
// released after a success.
template <typename Body>
std::invoke_result_t<Body&> WithSavepoint(Database& db, std::string_view name,
                                          Body&& body) {
  const std::string savepoint(name);
  FV_RETURN_IF_ERROR(db.Exec("SAVEPOINT " + savepoint));
  std::invoke_result_t<Body&> result = body();
  if (!result.ok()) {
    (void)db.Exec("ROLLBACK TO " + savepoint);
    (void)db.Exec("RELEASE " + savepoint);
    return result;
  }
  FV_RETURN_IF_ERROR(db.Exec("RELEASE " + savepoint));
  return result;
}

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_DB_SAVEPOINT_H_
