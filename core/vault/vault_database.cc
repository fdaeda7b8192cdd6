#include "core/vault/vault_database.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "core/vault/vault_files.h"

namespace fieldvault::core {
namespace {

struct RequiredSetting {
  std::string_view set;       // the statement that sets it
  std::string_view read;      // the statement that reads it back
  std::string_view expected;  // what the read must return
};

// Applied in this order after keying. cipher_page_size must come before
// the first read of the database, as it changes how pages are decrypted.
constexpr RequiredSetting kSettings[] = {
    {"PRAGMA cipher_page_size = 4096", "PRAGMA cipher_page_size", "4096"},
    {"", "PRAGMA cipher_use_hmac", "1"},
    {"PRAGMA secure_delete = ON", "PRAGMA secure_delete", "1"},
    {"PRAGMA temp_store = MEMORY", "PRAGMA temp_store", "2"},
    {"PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1"},
    {"PRAGMA synchronous = FULL", "PRAGMA synchronous", "2"},
    // 32 MiB of decrypted pages (SQLite's default is 2 MiB): a bulk import
    // touches the same index pages again and again, and every eviction
    // costs a re-encryption and a re-decryption. Used only as needed.
    {"PRAGMA cache_size = -32768", "PRAGMA cache_size", "-32768"},
};

Status ApplySettings(Database& db) {
  for (const RequiredSetting& setting : kSettings) {
    if (!setting.set.empty()) FV_RETURN_IF_ERROR(db.Exec(setting.set));
    Result<std::string> value = db.QueryText(setting.read);
    if (!value.ok() || *value != setting.expected) {
      return Status::Unsupported("the database library ignored `" +
                                 std::string(setting.read) +
                                 "`; refusing to run without it")
          .WithHint("install the SQLCipher version fieldvault was built for");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Database> OpenVaultDatabase(const std::string& path,
                                   const crypto::SecretBytes& master_key,
                                   Database::Mode mode) {
  if (mode == Database::Mode::kOpenExisting) {
    // SQLCipher opens a zero-length file as a new, empty database; for a
    // vault that has keyslots that can only mean vault.db was destroyed.
    FV_ASSIGN_OR_RETURN(uint64_t size, FileSize(path));
    if (size == 0) {
      return Status::Corruption("vault.db is empty")
          .WithHint("restore the vault from a backup");
    }
  }
  FV_ASSIGN_OR_RETURN(Database db, Database::Open(path, mode));
  // Set 0600 before the first page is written (SQLite creates the file with
  // 0644 & ~umask); journals inherit the database file's mode.
  if (mode == Database::Mode::kCreate && ::chmod(path.c_str(), 0600) != 0) {
    return Status::IoError("cannot protect " + path + ": " +
                           std::strerror(errno));
  }
  FV_RETURN_IF_ERROR(db.Key(master_key));
  FV_RETURN_IF_ERROR(ApplySettings(db));
  // Reading the schema decrypts page 1: this fails unless the key fits.
  Result<int64_t> tables = db.QueryInt64("SELECT count(*) FROM sqlite_master");
  if (!tables.ok()) {
    return Status::Corruption("vault.db cannot be decrypted with the key " +
                              std::string("from the key file"))
        .WithHint("restore the vault from a backup");
  }
  return db;
}

}  // namespace fieldvault::core
