#include "core/db/database.h"

#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "crypto/encoding.h"

namespace fieldvault::core {

// ---- Statement ----

Statement::Statement(Statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::Error(std::string_view what) const {
  return Status::IoError(std::string("database ") + std::string(what) +
                         " failed: " + sqlite3_errmsg(db_));
}

Status Statement::BindInt64(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    return Error("bind");
  }
  return Status::Ok();
}

Status Statement::BindText(int index, std::string_view value) {
  // An empty view may have no data pointer; SQLite would bind NULL.
  const char* data = value.data() != nullptr ? value.data() : "";
  if (sqlite3_bind_text64(stmt_, index, data, value.size(),
                          SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK) {
    return Error("bind");
  }
  return Status::Ok();
}

namespace {

// A zero-length blob must still be a blob, not NULL: SQLite needs a valid
// pointer for it.
const void* BlobData(std::span<const uint8_t> value) {
  static const uint8_t kEmpty = 0;
  return value.empty() ? &kEmpty : value.data();
}

}  // namespace

Status Statement::BindBlob(int index, std::span<const uint8_t> value) {
  if (sqlite3_bind_blob64(stmt_, index, BlobData(value), value.size(),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
    return Error("bind");
  }
  return Status::Ok();
}

Status Statement::BindBlobNoCopy(int index, std::span<const uint8_t> value) {
  if (sqlite3_bind_blob64(stmt_, index, BlobData(value), value.size(),
                          SQLITE_STATIC) != SQLITE_OK) {
    return Error("bind");
  }
  return Status::Ok();
}

Status Statement::BindNull(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) return Error("bind");
  return Status::Ok();
}

Status Statement::BindOptionalText(int index,
                                   const std::optional<std::string>& value) {
  return value ? BindText(index, *value) : BindNull(index);
}

namespace {

constexpr int kBusyTimeoutMs = 5000;

// SQLITE_BUSY after the busy timeout: another process holds the vault's
// database (a long attach or import). Not damage, and nothing changed.
Status Busy() {
  return Status::FailedPrecondition(
             "another fieldvault command is using this vault")
      .WithHint("wait until it has finished, then try again");
}

// SQLITE_FULL: the write failed for want of space; what the transaction
// did is rolled back by its owner.
Status Full() {
  return Status::IoError(std::string(kDatabaseFull))
      .WithHint("free some space on that disk, then try again");
}

}  // namespace

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_BUSY) return Busy();
  if (rc == SQLITE_FULL) return Full();
  if (rc == SQLITE_CONSTRAINT) {
    return Status::FailedPrecondition(std::string("database constraint: ") +
                                      sqlite3_errmsg(db_));
  }
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
    return Status::Corruption(std::string(kDatabaseDamaged) + ": " +
                              sqlite3_errmsg(db_));
  }
  return Error("step");
}

Status Statement::Run() {
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

Status Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  return Status::Ok();
}

int64_t Statement::ColumnInt64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

double Statement::ColumnDouble(int index) const {
  return sqlite3_column_double(stmt_, index);
}

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(size));
}

std::string_view Statement::ColumnTextView(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(size)};
}

std::optional<std::string> Statement::ColumnOptionalText(int index) const {
  if (ColumnIsNull(index)) return std::nullopt;
  return ColumnText(index);
}

std::span<const uint8_t> Statement::ColumnBlob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (blob == nullptr) return {};
  return {static_cast<const uint8_t*>(blob), static_cast<size_t>(size)};
}

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

// ---- Database ----

Result<Database> Database::Open(const std::string& path, Mode mode) {
  // Before SQLite's first use: no memory statistics. The SQLCipher we link
  // is built without lookaside, so every small allocation goes through
  // sqlite3_malloc, which otherwise takes a global mutex to count it;
  // nothing here reads the counts. About 4% of a detainee import's
  // instructions. Refused (harmlessly) if SQLite was already started.
  static const bool kNoMemoryStatistics =
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  (void)kNoMemoryStatistics;
  struct stat st;
  bool exists = ::stat(path.c_str(), &st) == 0;
  if (mode == Mode::kOpenExisting && !exists) {
    return Status::NotFound("no database at " + path);
  }
  if (mode == Mode::kCreate && exists) {
    return Status::AlreadyExists("a database already exists at " + path);
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kCreate) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close(handle);
    return Status::IoError("cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(handle, 0);
  // A short write by another fieldvault process (a record added) is waited
  // for; a long one (a large attachment) ends in Busy() instead.
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  return Database(handle);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      writeback_fd_(std::exchange(other.writeback_fd_, -1)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = std::exchange(other.db_, nullptr);
    writeback_fd_ = std::exchange(other.writeback_fd_, -1);
  }
  return *this;
}

Database::~Database() { Close(); }

void Database::Close() {
  sqlite3_close(db_);
  db_ = nullptr;
  if (writeback_fd_ >= 0) ::close(writeback_fd_);
  writeback_fd_ = -1;
}

Status Database::Error(std::string_view what) const {
  return Status::IoError(std::string("database ") + std::string(what) +
                         " failed: " + sqlite3_errmsg(db_));
}

namespace {

// "x'<64 hex>'": SQLCipher's raw-key text for `key` (32 bytes), in locked
// memory that is wiped when it dies. `prefix` and `suffix` surround it.
crypto::SecretBytes RawKeyText(const crypto::SecretBytes& key,
                               std::string_view prefix,
                               std::string_view suffix) {
  crypto::SecretBytes text(prefix.size() + 67 + suffix.size() + 1);
  auto out = text.MutableReveal();
  std::memcpy(out.data(), prefix.data(), prefix.size());
  uint8_t* hex = out.data() + prefix.size();
  hex[0] = 'x';
  hex[1] = '\'';
  static const char kHex[] = "0123456789abcdef";
  auto raw = key.Reveal();
  for (size_t i = 0; i < raw.size(); ++i) {
    hex[2 + 2 * i] = kHex[raw[i] >> 4];
    hex[2 + 2 * i + 1] = kHex[raw[i] & 0xf];
  }
  hex[66] = '\'';
  std::memcpy(hex + 67, suffix.data(), suffix.size());
  out[out.size() - 1] = '\0';
  return text;
}

}  // namespace

Status Database::KeyWithPragma(const char* pragma,
                               const crypto::SecretBytes& key) {
  // SQLCipher 3.4.1 silently treats a raw key of the wrong length as a
  // passphrase and runs PBKDF2 over it; insist on exactly 32 bytes so the
  // text below is always exactly 64 hex digits.
  if (key.size() != 32) {
    return Status::InvalidArgument("database key must be 32 bytes");
  }
  // PRAGMA <pragma> = "x'<64 hex>'";  built in locked memory, then wiped.
  crypto::SecretBytes sql =
      RawKeyText(key, std::string("PRAGMA ") + pragma + " = \"", "\";");
  int rc = sqlite3_exec(db_, reinterpret_cast<const char*>(sql.Reveal().data()),
                        nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(pragma);
  return Status::Ok();
}

Status Database::AttachKeyed(const std::string& path, std::string_view name,
                             const crypto::SecretBytes& raw_key) {
  if (raw_key.size() != 32) {
    return Status::InvalidArgument("database key must be 32 bytes");
  }
  if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") !=
                          std::string_view::npos) {
    return Status::InvalidArgument("bad database name to attach");
  }
  // The key is a bound parameter read in place (SQLITE_STATIC) from locked
  // memory: it never enters the SQL text, which SQLite keeps in its heap.
  crypto::SecretBytes key = RawKeyText(raw_key, "", "");
  FV_ASSIGN_OR_RETURN(Statement attach,
                      Prepare("ATTACH DATABASE ?1 AS " + std::string(name) +
                              " KEY ?2"));
  FV_RETURN_IF_ERROR(attach.BindText(1, path));
  if (sqlite3_bind_text(attach.stmt_, 2,
                        reinterpret_cast<const char*>(key.Reveal().data()), 67,
                        SQLITE_STATIC) != SQLITE_OK) {
    return Error("attach");
  }
  return attach.Run();
}

Status Database::Key(const crypto::SecretBytes& raw_key) {
  return KeyWithPragma("key", raw_key);
}

Status Database::Rekey(const crypto::SecretBytes& new_key) {
  return KeyWithPragma("rekey", new_key);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string detail = message ? message : sqlite3_errmsg(db_);
  sqlite3_free(message);
  if (rc == SQLITE_BUSY) return Busy();
  if (rc == SQLITE_FULL) return Full();
  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
    return Status::Corruption(std::string(kDatabaseDamaged) +
                              " or the key is wrong: " + detail);
  }
  if (rc == SQLITE_CONSTRAINT) {
    return Status::FailedPrecondition("database constraint: " + detail);
  }
  return Status::IoError("database error: " + detail);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                              &stmt, nullptr);
  if (rc != SQLITE_OK) {
    if (rc == SQLITE_BUSY) return Busy();
    if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) {
      return Status::Corruption(std::string(kDatabaseDamaged) + ": " +
                                sqlite3_errmsg(db_));
    }
    return Error("prepare");
  }
  return Statement(db_, stmt);
}

Result<std::string> Database::QueryText(std::string_view sql) {
  FV_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  FV_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("query returned no row");
  return stmt.ColumnText(0);
}

Result<int64_t> Database::QueryInt64(std::string_view sql) {
  FV_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  FV_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("query returned no row");
  return stmt.ColumnInt64(0);
}

int64_t Database::LastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::Changes() const { return sqlite3_changes(db_); }

void Database::StartWriteback() {
  // Writeback is per file, not per descriptor, so a descriptor of our own
  // reaches the pages SQLite wrote through its descriptor. It stays open
  // (see the header): closing it now would drop SQLite's locks.
  if (writeback_fd_ < 0) {
    const char* path = sqlite3_db_filename(db_, "main");
    if (path == nullptr || *path == '\0') return;
    writeback_fd_ = ::open(path, O_RDONLY | O_CLOEXEC);
    if (writeback_fd_ < 0) return;
  }
  ::sync_file_range(writeback_fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

Status Database::RollBack() {
  // No transaction open: SQLite ended it after a failed write (or there
  // was none). Its changes may still be in the file, with a hot journal.
  if (sqlite3_get_autocommit(db_) == 0) FV_RETURN_IF_ERROR(Exec("ROLLBACK"));
  // Any read takes a shared lock, and taking one plays a hot journal back:
  // the pages the write changed are restored, the file is truncated to
  // its old size and the journal deleted.
  FV_RETURN_IF_ERROR(QueryInt64("SELECT count(*) FROM sqlite_master").status());
  const char* path = sqlite3_db_filename(db_, "main");
  if (path == nullptr || *path == '\0') return Status::Ok();
  struct stat info {};
  if (::stat((std::string(path) + "-journal").c_str(), &info) == 0) {
    return Status::IoError("the journal of an unfinished write is still there");
  }
  return Status::Ok();
}

// ---- Transaction ----

Result<Transaction> Transaction::Begin(Database& db) {
  FV_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->RollBack();
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::FailedPrecondition("not in a transaction");
  Status status = db_->Exec("COMMIT");
  if (status.ok()) db_ = nullptr;
  return status;
}

}  // namespace fieldvault::core
