// A thin, error-as-value wrapper over one SQLCipher connection.
//
// Database owns the connection; Statement owns a prepared statement;
// Transaction is an RAII scope that rolls back unless committed. Keying and
// the vault's security pragmas are the vault's business (core/vault/), not
// this file's. None of these types is thread-safe: fieldvault uses one
// connection per process.
#ifndef FIELDVAULT_CORE_DB_DATABASE_H_
#define FIELDVAULT_CORE_DB_DATABASE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crypto/secret_bytes.h"
#include "crypto/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fieldvault::core {

// Every kCorruption this file returns for a damaged database file begins
// with this phrase, so that a caller can tell the vault's own damage from
// damaged input it was reading (a received bundle, say).
inline constexpr std::string_view kDatabaseDamaged = "database is damaged";
// The kIoError message for SQLITE_FULL: no space left where the database
// is (or its page limit reached). The caller's transaction rolls back.
inline constexpr std::string_view kDatabaseFull = "the disk holding the vault is full";

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binders take 1-based parameter indexes, as SQLite does. Text and blobs
  // are copied (SQLITE_TRANSIENT), so the arguments may die right after.
  Status BindInt64(int index, int64_t value);
  Status BindText(int index, std::string_view value);
  Status BindBlob(int index, std::span<const uint8_t> value);
  // Binds `value` without copying it: it must stay valid and unchanged
  // until the next Reset() (which clears bindings) or the statement's
  // destruction. For large or secret blobs: an attachment chunk is not
  // copied once more per insert, and key material gets no extra copy in
  // unlocked heap memory.
  Status BindBlobNoCopy(int index, std::span<const uint8_t> value);
  Status BindNull(int index);
  // Binds `value` or NULL when it is empty.
  Status BindOptionalText(int index, const std::optional<std::string>& value);

  // Advances. Returns true when a row is available, false when done.
  Result<bool> Step();
  // Runs a statement that returns no rows to completion.
  Status Run();
  // Makes the statement ready to run again; bindings are cleared.
  Status Reset();

  // Column getters take 0-based indexes. Blob/text views stay valid until
  // the next Step/Reset.
  int64_t ColumnInt64(int index) const;
  double ColumnDouble(int index) const;
  std::string ColumnText(int index) const;
  std::string_view ColumnTextView(int index) const;  // no copy
  std::optional<std::string> ColumnOptionalText(int index) const;
  std::span<const uint8_t> ColumnBlob(int index) const;
  bool ColumnIsNull(int index) const;

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Status Error(std::string_view what) const;

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { kOpenExisting, kCreate };

  // Opens `path`. kOpenExisting fails with kNotFound when the file is
  // missing; kCreate fails with kAlreadyExists when it exists. The
  // connection is not keyed yet: call Key() before anything else.
  static Result<Database> Open(const std::string& path, Mode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Keys the connection with a raw 256-bit key (SQLCipher's x'...' form, so
  // SQLCipher's own PBKDF2 is bypassed). The hex text is built in locked
  // memory and wiped. kInvalidArgument unless `raw_key` is 32 bytes.
  Status Key(const crypto::SecretBytes& raw_key);
  // Same, re-encrypting the whole database under `new_key`.
  Status Rekey(const crypto::SecretBytes& new_key);
  // Attaches the database file at `path` as schema `name` (lower-case
  // letters and '_'), keyed with `raw_key` as Key() does; a missing file is
  // created as an empty, keyed database. The key is bound as a parameter,
  // never part of the SQL text. kInvalidArgument for a bad key or name;
  // kIoError when SQLite refuses.
  Status AttachKeyed(const std::string& path, std::string_view name,
                     const crypto::SecretBytes& raw_key);

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  // Runs a query returning one row with one text column (e.g. a PRAGMA).
  Result<std::string> QueryText(std::string_view sql);
  Result<int64_t> QueryInt64(std::string_view sql);

  int64_t LastInsertRowId() const;
  int Changes() const;
  sqlite3* handle() { return db_; }

  // Asks the kernel to start writing the database file's dirty pages to
  // disk now (sync_file_range, no waiting), so that a long transaction's
  // final fsync has less left to do. Changes neither content nor
  // durability: the commit still syncs everything. Best effort, no errors.
  // Uses a descriptor of its own, opened once and closed only after the
  // connection: closing any descriptor of the file while the connection
  // is open would drop SQLite's locks on it, and another process could
  // then take the live journal for a crashed one and play it back.
  void StartWriteback();

  // Ends the open transaction, if any, undoing its changes, and restores
  // the database file before returning: same size, same content, no
  // journal left beside it. After SQLITE_FULL or an I/O error SQLite ends
  // a transaction by itself but leaves the file as large as the failed
  // write made it and the journal "hot", for the next reader to play back
  // (another command, minutes later); this reads at once, so that reader
  // is this one. kIoError when the file could not be restored now (the
  // journal then stays and the next open restores it; deleting it would
  // damage the database).
  Status RollBack();

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  // Closes the connection, then the writeback descriptor (in that order).
  void Close();
  Status KeyWithPragma(const char* pragma, const crypto::SecretBytes& key);
  Status Error(std::string_view what) const;

  sqlite3* db_ = nullptr;
  int writeback_fd_ = -1;  // StartWriteback's; -1 until first needed
};

// BEGIN IMMEDIATE on construction (by Begin); on destruction unless
// Commit() succeeded, Database::RollBack(): the file is as it was before
// Begin once the destructor returns, even after a full disk. Not nestable.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_DB_DATABASE_H_
