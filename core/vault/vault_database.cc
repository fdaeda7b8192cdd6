#include "core/vault/vault_database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

// Applied in this order after keying and setting the page size (which
// must come before the first read of the database, as it changes how pages
// are decrypted).
constexpr RequiredSetting kSettings[] = {
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

Status Unsupported(std::string_view setting) {
  return Status::Unsupported("the database library ignored `" +
                             std::string(setting) +
                             "`; refusing to run without it")
      .WithHint("install the SQLCipher version fieldvault was built for");
}

Status ApplySettings(Database& db, int page_size) {
  const std::string size = std::to_string(page_size);
  FV_RETURN_IF_ERROR(db.Exec("PRAGMA cipher_page_size = " + size));
  Result<std::string> value = db.QueryText("PRAGMA cipher_page_size");
  if (!value.ok() || *value != size) return Unsupported("PRAGMA cipher_page_size");
  for (const RequiredSetting& setting : kSettings) {
    if (!setting.set.empty()) FV_RETURN_IF_ERROR(db.Exec(setting.set));
    Result<std::string> value = db.QueryText(setting.read);
    if (!value.ok() || *value != setting.expected) {
      return Unsupported(setting.read);
    }
  }
  return Status::Ok();
}

// The page size a rollback journal beside the database records in its
// header (SQLite writes the header in the clear; only page images are
// encrypted), or 0 when there is no journal SQLite would play back. A hot
// journal must be played back with the page size it was written with, so
// it decides, rather than a trial open that could replay it wrongly.
Result<int> JournalPageSize(const std::string& db_path) {
  static constexpr uint8_t kMagic[8] = {0xd9, 0xd5, 0x05, 0xf9,
                                        0x20, 0xa1, 0x63, 0xd7};
  const std::string journal = db_path + "-journal";
  const int fd = ::open(journal.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return 0;
    return Status::IoError("cannot read " + journal + ": " + std::strerror(errno));
  }
  uint8_t header[28] = {};
  const ssize_t got = ::pread(fd, header, sizeof header, 0);
  ::close(fd);
  if (got != static_cast<ssize_t>(sizeof header) ||
      std::memcmp(header, kMagic, sizeof kMagic) != 0) {
    return 0;  // empty or zeroed: SQLite ignores it too
  }
  return static_cast<int>((uint32_t{header[24]} << 24) |
                          (uint32_t{header[25]} << 16) |
                          (uint32_t{header[26]} << 8) | uint32_t{header[27]});
}

// One attempt at opening with `page_size`. kCorruption "cannot be
// decrypted" when the key, or the page size, does not fit the file.
Result<Database> OpenWithPageSize(const std::string& path,
                                  const crypto::SecretBytes& master_key,
                                  Database::Mode mode, int page_size) {
  FV_ASSIGN_OR_RETURN(Database db, Database::Open(path, mode));
  // Set 0600 before the first page is written (SQLite creates the file with
  // 0644 & ~umask); journals inherit the database file's mode.
  if (mode == Database::Mode::kCreate && ::chmod(path.c_str(), 0600) != 0) {
    return Status::IoError("cannot protect " + path + ": " +
                           std::strerror(errno));
  }
  FV_RETURN_IF_ERROR(db.Key(master_key));
  FV_RETURN_IF_ERROR(ApplySettings(db, page_size));
  // Reading the schema decrypts page 1: this fails unless the key (and the
  // page size) fits. A failed read writes nothing.
  Result<int64_t> tables = db.QueryInt64("SELECT count(*) FROM sqlite_master");
  if (!tables.ok()) {
    return Status::Corruption("vault.db cannot be decrypted with the key " +
                              std::string("from the key file"))
        .WithHint("restore the vault from a backup");
  }
  return db;
}

}  // namespace

Result<Database> OpenVaultDatabase(const std::string& path,
                                   const crypto::SecretBytes& master_key,
                                   Database::Mode mode) {
  if (mode == Database::Mode::kCreate) {
    return OpenWithPageSize(path, master_key, mode, kVaultPageSize);
  }
  // SQLCipher opens a zero-length file as a new, empty database; for a
  // vault that has keyslots that can only mean vault.db was destroyed.
  FV_ASSIGN_OR_RETURN(uint64_t size, FileSize(path));
  if (size == 0) {
    return Status::Corruption("vault.db is empty")
        .WithHint("restore the vault from a backup");
  }
  FV_ASSIGN_OR_RETURN(int journal_page_size, JournalPageSize(path));
  if (journal_page_size != 0) {
    if (journal_page_size != kVaultPageSize &&
        journal_page_size != kLegacyVaultPageSize) {
      return Status::Corruption("vault.db's journal is not a vault journal")
          .WithHint("restore the vault from a backup");
    }
    return OpenWithPageSize(path, master_key, mode, journal_page_size);
  }
  Result<Database> db = OpenWithPageSize(path, master_key, mode, kVaultPageSize);
  if (db.ok() || db.status().code() != StatusCode::kCorruption) return db;
  // Vaults made before 16384-byte pages keep their 4096-byte pages.
  return OpenWithPageSize(path, master_key, mode, kLegacyVaultPageSize);
}

}  // namespace fieldvault::core
