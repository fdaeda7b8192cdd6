// `repack`: rewrites vault.db at kVaultPageSize, without free pages, and
// swaps the copy in atomically. See docs/vault-format.md ("Page size").
//
// Order of work, and what a crash at each point leaves:
//   1. the copy is written to vault.db.repack, keyed as vault.db, with the
//      new page size set before its first page exists (SQLCipher encrypts
//      every page, page 1 included: nothing in the clear reaches disk);
//   2. the copy is checked against vault.db and gets the "repacked"
//      custody event, in its own transaction;
//   3. it is synced and renamed over vault.db, and the directory synced;
//   4. the key file's chain head moves to the new event.
// Up to 3 vault.db is the old file, whole, and the copy a leftover that the
// next open removes; from 3 on vault.db is the new file, whole, and the
// next open catches the key file up (as after any crash between a commit
// and the key file's update).
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "core/vault/custody_log.h"
#include "core/vault/vault.h"
#include "core/vault/vault_database.h"
#include "core/vault/vault_files.h"

namespace fieldvault::core {
namespace {

constexpr char kCopySchema[] = "repack";

std::string Join(const std::string& dir, const char* name) {
  return dir + "/" + name;
}

std::string MiB(uint64_t bytes) {
  return std::to_string((bytes + (uint64_t{1} << 20) - 1) >> 20) + " MiB";
}

// Removes the copy (and its journal) an interrupted repack left; returns
// whether there was one. Only ever called under the exclusive lock.
Result<bool> RemoveLeftovers(const std::string& dir) {
  bool removed = false;
  for (const char* name : {kRepackJournalFile, kRepackFile}) {
    if (::unlink(Join(dir, name).c_str()) == 0) {
      removed = true;
    } else if (errno != ENOENT) {
      return Status::IoError("cannot remove " + Join(dir, name) + ": " +
                             std::strerror(errno));
    }
  }
  return removed;
}

// About what the copy needs on disk: the pages in use (free pages are not
// copied), plus what the new page size may add. At 16384-byte pages a
// 256 KiB attachment chunk takes 17 pages (272 KiB) where 4096-byte pages
// take 65 (260 KiB): up to 1/16 more, which also covers the partly filled
// last pages of large tables. Each table and index takes at least one
// page, even empty; the copy's one transaction after the export (the
// "repacked" event) journals a few pages.
Result<uint64_t> CopyBytesNeeded(Database& db, int64_t old_page_size) {
  FV_ASSIGN_OR_RETURN(int64_t pages, db.QueryInt64("PRAGMA page_count"));
  FV_ASSIGN_OR_RETURN(int64_t free_pages, db.QueryInt64("PRAGMA freelist_count"));
  FV_ASSIGN_OR_RETURN(int64_t btrees, db.QueryInt64("SELECT count(*) FROM "
                                                    "sqlite_master WHERE rootpage > 0"));
  const uint64_t page = kVaultPageSize;
  uint64_t used = static_cast<uint64_t>(std::max<int64_t>(pages - free_pages, 0)) *
                  static_cast<uint64_t>(old_page_size);
  if (static_cast<uint64_t>(old_page_size) < page) used += used / 16;
  return used + static_cast<uint64_t>(btrees + 1) * page + 8 * page;
}

Status CheckFreeSpace(const std::string& dir, uint64_t needed) {
  struct statvfs fs;
  if (::statvfs(dir.c_str(), &fs) != 0) {
    return Status::IoError("cannot read the free space of " + dir + ": " +
                           std::strerror(errno));
  }
  const uint64_t free = uint64_t{fs.f_bavail} * fs.f_frsize;
  if (free >= needed) return Status::Ok();
  return Status::FailedPrecondition(
             "not enough free disk space to repack: the copy needs about " +
             MiB(needed) + " beside the vault (what vault.db holds, at " +
             std::to_string(kVaultPageSize) + "-byte pages), and " + MiB(free) +
             " are free")
      .WithHint(
          "free some space on that disk (the copy is as large as "
          "vault.db until it replaces it), then run repack again; "
          "nothing was changed");
}

// Fills the empty file at `path` with a copy of `db`'s main database at
// kVaultPageSize, keyed with `key`.
Status ExportCopy(Database& db, const std::string& path,
                  const crypto::SecretBytes& key) {
  FV_RETURN_IF_ERROR(db.AttachKeyed(path, kCopySchema, key));
  const std::string size = std::to_string(kVaultPageSize);
  Status copied = db.Exec(std::string("PRAGMA ") + kCopySchema +
                          ".cipher_page_size = " + size);
  // Proves that the attached file has a codec at that page size before
  // sqlcipher_export writes its first page.
  Result<std::string> set =
      db.QueryText(std::string("PRAGMA ") + kCopySchema + ".cipher_page_size");
  if (copied.ok() && (!set.ok() || *set != size)) {
    copied = Status::Unsupported("the copy could not be given " + size +
                                 "-byte encrypted pages");
  }
  if (copied.ok()) {
    copied =
        db.Exec(std::string("SELECT sqlcipher_export('") + kCopySchema + "')");
  }
  Status detached = db.Exec(std::string("DETACH DATABASE ") + kCopySchema);
  FV_RETURN_IF_ERROR(copied);
  return detached;
}

// Every table's row count, and the schema's full text: what the copy must
// have alike. Virtual tables (the search index) are counted through the
// tables that hold their content.
Result<std::map<std::string, int64_t>> Census(Database& db) {
  std::map<std::string, int64_t> census;
  FV_ASSIGN_OR_RETURN(Statement objects,
                      db.Prepare("SELECT type, name, tbl_name, rootpage > 0, "
                                 "coalesce(sql, '') FROM sqlite_master"));
  std::vector<std::string> tables;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, objects.Step());
    if (!row) break;
    const std::string type = objects.ColumnText(0);
    const std::string name = objects.ColumnText(1);
    census["schema " + type + " " + name + " on " + objects.ColumnText(2) +
           ": " + objects.ColumnText(4)] = 0;
    if (type == "table" && objects.ColumnInt64(3) != 0) tables.push_back(name);
  }
  for (const std::string& table : tables) {
    std::string quoted = "\"";
    for (char c : table)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    FV_ASSIGN_OR_RETURN(census["rows " + table],
                        db.QueryInt64("SELECT count(*) FROM " + quoted + "\""));
  }
  return census;
}

// kCorruption unless the copy reads back whole and holds what `old` holds.
Status CheckCopy(Database& old, Database& copy) {
  // Reads every page of the copy (overflow chains included), so every
  // page's HMAC is checked too: SQLCipher 3.4.1 has no cipher_integrity_check.
  FV_ASSIGN_OR_RETURN(std::string integrity,
                      copy.QueryText("PRAGMA integrity_check(1)"));
  if (integrity != "ok") {
    return Status::Corruption("the copy failed its integrity check: " +
                              integrity);
  }
  FV_ASSIGN_OR_RETURN(auto old_census, Census(old));
  FV_ASSIGN_OR_RETURN(auto copy_census, Census(copy));
  if (old_census != copy_census) {
    return Status::Corruption(
        "the copy's tables or rows differ from vault.db's");
  }
  FV_ASSIGN_OR_RETURN(ChainHead old_head, ReadChainHead(old));
  FV_ASSIGN_OR_RETURN(ChainHead copy_head, VerifyCustodyChain(copy));
  if (copy_head.sequence != old_head.sequence ||
      copy_head.hash != old_head.hash) {
    return Status::Corruption("the copy's custody log differs from vault.db's");
  }
  return Status::Ok();
}

// A plain SQLite file starts with this header; an encrypted one with the
// random salt. A last guard: the page size read back in ExportCopy already
// proved the copy had a codec before its first write.
Status CheckEncrypted(const std::string& path) {
  static constexpr char kPlainHeader[] = "SQLite format 3";
  char head[sizeof kPlainHeader] = {};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const bool read = fd >= 0 && ::pread(fd, head, sizeof head, 0) ==
                                   static_cast<ssize_t>(sizeof head);
  if (fd >= 0) ::close(fd);
  if (!read || std::memcmp(head, kPlainHeader, sizeof head) == 0) {
    return Status::Corruption("the copy is not encrypted, or unreadable");
  }
  return Status::Ok();
}

// Copies, checks, and appends the "repacked" event to the copy. Returns
// the copy's new chain head; fills in report.new_page_size.
Result<ChainHead> WriteCheckedCopy(Database& db, const std::string& path,
                                   const crypto::SecretBytes& key,
                                   const std::string& vault_id, Clock& clock,
                                   RepackReport& report) {
  FV_RETURN_IF_ERROR_CTX(ExportCopy(db, path, key), "copy vault.db");
  FV_RETURN_IF_ERROR(CheckEncrypted(path));
  FV_ASSIGN_OR_RETURN(
      Database copy,
      OpenVaultDatabase(path, key, Database::Mode::kOpenExisting));
  FV_ASSIGN_OR_RETURN(int64_t page_size,
                      copy.QueryInt64("PRAGMA cipher_page_size"));
  report.new_page_size = static_cast<int>(page_size);
  if (report.new_page_size != kVaultPageSize) {
    return Status::Corruption("the copy did not get the new page size");
  }
  FV_RETURN_IF_ERROR_CTX(CheckCopy(db, copy), "check the copy");
  FV_ASSIGN_OR_RETURN(uint64_t copy_bytes, FileSize(path));
  const std::string detail =
      "page size " + std::to_string(report.old_page_size) + " to " +
      std::to_string(report.new_page_size) + " bytes; vault.db " +
      std::to_string(report.old_file_bytes) + " to " +
      std::to_string(copy_bytes) + " bytes";
  FV_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(copy));
  FV_ASSIGN_OR_RETURN(
      ChainHead head,
      AppendCustodyRecord(copy, {"repacked", "", "", "", detail}, vault_id,
                          clock.NowMicros()));
  FV_RETURN_IF_ERROR(transaction.Commit());
  return head;
}

}  // namespace

Result<RepackReport> Vault::Repack(uint64_t keep_free_bytes) {
  if (lock_.access() != VaultAccess::kExclusive) {
    return Status::FailedPrecondition(
        "repack needs the vault opened for repack alone");
  }
  const std::string db_path = Join(dir_, kVaultDatabaseFile);
  const std::string copy_path = Join(dir_, kRepackFile);
  RepackReport report;
  FV_ASSIGN_OR_RETURN(report.removed_leftover, RemoveLeftovers(dir_));
  FV_ASSIGN_OR_RETURN(int64_t page_size,
                      db_.QueryInt64("PRAGMA cipher_page_size"));
  report.old_page_size = static_cast<int>(page_size);
  FV_ASSIGN_OR_RETURN(report.old_file_bytes, FileSize(db_path));
  FV_ASSIGN_OR_RETURN(uint64_t needed, CopyBytesNeeded(db_, page_size));
  FV_RETURN_IF_ERROR(CheckFreeSpace(dir_, needed + keep_free_bytes));
  FV_ASSIGN_OR_RETURN(VaultLock copy_lock,
                      VaultLock::CreateExclusive(copy_path));
  Result<ChainHead> head =
      WriteCheckedCopy(db_, copy_path, master_key_, vault_id_, *clock_, report);
  Status swapped = head.status();
  if (swapped.ok()) swapped = SwapInRepacked(copy_path, std::move(copy_lock));
  if (!swapped.ok()) {
    // Still the old vault.db, unless the rename happened (SwapInRepacked
    // then says so): the copy is only a copy.
    ::unlink(Join(dir_, kRepackJournalFile).c_str());
    const bool copy_left = ::unlink(copy_path.c_str()) == 0;
    Status failed = swapped.WithContext("repack");
    if (!copy_left && head.ok()) return failed;  // renamed: see its context
    return failed.WithHint(
        "vault.db is unchanged and the unfinished copy was removed; run "
        "`fieldvault check`, then repack again");
  }
  FV_ASSIGN_OR_RETURN(report.new_file_bytes, FileSize(db_path));
  Status stored = StoreChainHead(*head);
  if (!stored.ok()) {
    return stored.WithContext(
        "vault.db was repacked, but the key file could not be updated (the "
        "next unlock does it)");
  }
  return report;
}

Status Vault::SwapInRepacked(const std::string& copy_path,
                             VaultLock copy_lock) {
  const std::string db_path = Join(dir_, kVaultDatabaseFile);
  FV_RETURN_IF_ERROR(copy_lock.Sync());
  // No connection may use the old file once the name has moved: its
  // writes would go to a file nobody opens again.
  { Database closing = std::move(db_); }
  Status renamed = Status::Ok();
  if (::access((db_path + "-journal").c_str(), F_OK) == 0) {
    // A journal is played back into whatever file is named vault.db.
    renamed = Status::FailedPrecondition("vault.db has a journal");
  } else if (::rename(copy_path.c_str(), db_path.c_str()) != 0) {
    renamed = Status::IoError("cannot rename " + copy_path + " to " + db_path +
                              ": " + std::strerror(errno));
  }
  if (!renamed.ok()) {
    FV_ASSIGN_OR_RETURN(db_, OpenVaultDatabase(db_path, master_key_,
                                               Database::Mode::kOpenExisting));
    return renamed;
  }
  // From here vault.db is the copy, whatever happens: hold its lock.
  lock_ = std::move(copy_lock);
  const char* kReplaced = "vault.db was replaced by its repacked copy";
  FV_RETURN_IF_ERROR_CTX(SyncDirectory(dir_), kReplaced);
  Result<Database> reopened =
      OpenVaultDatabase(db_path, master_key_, Database::Mode::kOpenExisting);
  if (!reopened.ok()) return reopened.status().WithContext(kReplaced);
  db_ = std::move(*reopened);
  return Status::Ok();
}

}  // namespace fieldvault::core
