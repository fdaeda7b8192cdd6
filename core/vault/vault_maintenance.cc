// The vault's less frequent operations: passphrase change, recovery key,
// `check`, and `wipe`. Split from vault.cc to keep each file to one job.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/vault/keyslots_format.h"
#include "core/vault/recovery_key.h"
#include "core/vault/integrity_check.h"
#include "core/vault/vault.h"
#include "core/vault/vault_files.h"

namespace fieldvault::core {
namespace {

std::string Join(const std::string& dir, const char* name) {
  return dir + "/" + name;
}

// Overwrites the file at `path` in place with random bytes and syncs, so
// the sealed master keys are gone from the blocks the file used (on file
// systems that overwrite in place), then removes it. ENOENT is fine.
Status OverwriteAndRemove(const std::string& path,
                          crypto::RandomSource& random) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  size_t size = ::fstat(fd, &st) == 0 ? static_cast<size_t>(st.st_size) : 0;
  std::vector<uint8_t> noise(std::max(size, kMaxKeyslotsFileBytes));
  random.Fill(noise);
  bool written = ::pwrite(fd, noise.data(), noise.size(), 0) ==
                 static_cast<ssize_t>(noise.size());
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  // Remove it even if the overwrite failed: without the file the vault
  // cannot be opened by fieldvault, which is the most we can still do.
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError("cannot remove " + path + ": " +
                           std::strerror(errno));
  }
  if (!written || !synced) {
    return Status::IoError("removed " + path +
                           " but could not overwrite it first");
  }
  return Status::Ok();
}

Status RemoveIfPresent(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError("cannot remove " + path + ": " +
                           std::strerror(errno));
  }
  return Status::Ok();
}

void CheckKeyslotsAgainstChain(const KeyslotsFile& on_disk,
                               const crypto::SecretBytes& master_key,
                               Database& db, CheckReport& report) {
  if (!VerifyChainHead(master_key, on_disk.head).ok()) {
    report.problems.push_back(
        "key file: the custody chain head is not authentic");
    return;
  }
  if (on_disk.head.sequence == 0) return;
  Result<crypto::Blake2b512> hash =
      ReadCustodyHash(db, static_cast<int64_t>(on_disk.head.sequence));
  if (!hash.ok() || *hash != on_disk.head.hash) {
    report.problems.push_back(
        "key file: the custody chain head is missing from vault.db (rolled "
        "back or replaced)");
  }
}

void RunIntegrityCheck(Database& db, CheckReport& report) {
  Result<std::vector<std::string>> lines = IntegrityCheckLines(db);
  if (!lines.ok()) {
    report.problems.push_back("database: " + lines.status().message());
    return;
  }
  // SQLite's lines ("*** in database main *** Page 12: btree page has...")
  // mean nothing to a monitor: one line says what they amount to; the
  // lines themselves are for `check --verbose`.
  const size_t found = lines->size();
  if (found != 0) {
    report.problems.push_back(
        "database: vault.db is damaged: SQLite's integrity check found " +
        std::string(found >= kIntegrityCheckLines ? "at least " : "") +
        std::to_string(found) + (found == 1 ? " problem" : " problems") +
        " (`fieldvault check --verbose` lists them)");
  }
  Result<Statement> keys = db.Prepare("PRAGMA foreign_key_check");
  if (!keys.ok()) return;
  Result<bool> violation = keys->Step();
  if (violation.ok() && *violation) {
    report.problems.push_back("database: a reference points to a missing "
                              "row in table " + keys->ColumnText(0));
  }
}

}  // namespace

Status Vault::ReplaceSlotAndLog(const Keyslot& slot,
                                const CustodyEvent& event) {
  FV_ASSIGN_OR_RETURN(VaultWrite write, BeginWrite());
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(event));
  FV_RETURN_IF_ERROR(write.transaction_.Commit());
  KeyslotsFile updated = keyslots_;
  auto same_kind = [&slot](const Keyslot& s) {
    return s.header.kind == slot.header.kind;
  };
  std::erase_if(updated.slots, same_kind);
  updated.slots.push_back(slot);
  std::sort(updated.slots.begin(), updated.slots.end(),
            [](const Keyslot& a, const Keyslot& b) {
              return a.header.kind < b.header.kind;
            });
  FV_ASSIGN_OR_RETURN(
      updated.head,
      SealChainHead(master_key_, static_cast<uint64_t>(write.head_.sequence),
                    write.head_.hash));
  // One atomic write carries both the new slot and the new head: the old
  // key file stays whole until the rename.
  FV_RETURN_IF_ERROR(WriteFileAtomically(KeyslotsPath(),
                                         SerializeKeyslots(updated)));
  keyslots_ = std::move(updated);
  return Status::Ok();
}

Status Vault::ChangePassphrase(const crypto::SecretBytes& new_passphrase,
                               const KdfCost& cost) {
  FV_ASSIGN_OR_RETURN(Keyslot slot,
                      SealKeyslot(KeyslotKind::kPassphrase, new_passphrase,
                                  master_key_, cost, *random_));
  return ReplaceSlotAndLog(slot, {"passphrase changed", "", "", "", ""});
}

Result<crypto::SecretBytes> Vault::AddRecoveryKey() {
  bool replacing = false;
  KdfCost cost;
  for (const Keyslot& slot : keyslots_.slots) {
    if (slot.header.kind == KeyslotKind::kRecovery) replacing = true;
    if (slot.header.kind == KeyslotKind::kPassphrase) cost = CostOf(slot);
  }
  crypto::SecretBytes key = GenerateRecoveryKey(*random_);
  FV_ASSIGN_OR_RETURN(Keyslot slot, SealKeyslot(KeyslotKind::kRecovery, key,
                                                master_key_, cost, *random_));
  FV_RETURN_IF_ERROR(ReplaceSlotAndLog(
      slot, {replacing ? "recovery key replaced" : "recovery key added", "",
             "", "", ""}));
  return FormatRecoveryKey(key);
}

Result<CheckReport> Vault::Check() {
  CheckReport report;
  Result<ChainHead> chain = VerifyCustodyChain(db_);
  if (chain.ok()) {
    report.custody_events = chain->sequence;
  } else if (chain.status().code() == StatusCode::kCorruption) {
    report.problems.push_back("custody log: " + chain.status().message());
  } else {
    return chain.status();
  }
  RunIntegrityCheck(db_, report);
  Result<KeyslotsFile> on_disk = ReadKeyslots(dir_);
  if (!on_disk.ok()) {
    report.problems.push_back("key file: " + on_disk.status().message());
  } else {
    CheckKeyslotsAgainstChain(*on_disk, master_key_, db_, report);
  }
  return report;
}

Status Vault::Wipe(const std::string& dir, crypto::RandomSource& random) {
  // Refuse to destroy a file that is not a fieldvault key file: a mistyped
  // --vault must not erase somebody else's data.
  Result<std::vector<uint8_t>> head =
      ReadSmallFile(Join(dir, kKeyslotsFile), kMaxKeyslotsFileBytes * 4);
  if (!head.ok() && head.status().code() == StatusCode::kNotFound) {
    return CheckPresent(dir);
  }
  if (!head.ok() || head->size() < kKeyslotsMagic.size() ||
      !std::equal(kKeyslotsMagic.begin(), kKeyslotsMagic.end(),
                  head->begin())) {
    return Status::FailedPrecondition(dir +
                                      "/keyslots is not a fieldvault key "
                                      "file; nothing was wiped");
  }
  // The key file first: once it is gone the vault is unreadable, even if
  // removing the (possibly huge) database is interrupted.
  FV_RETURN_IF_ERROR(OverwriteAndRemove(Join(dir, "keyslots.tmp"), random));
  FV_RETURN_IF_ERROR(OverwriteAndRemove(Join(dir, kKeyslotsFile), random));
  FV_RETURN_IF_ERROR(SyncDirectory(dir));
  FV_RETURN_IF_ERROR(RemoveIfPresent(Join(dir, kVaultDatabaseFile)));
  FV_RETURN_IF_ERROR(RemoveIfPresent(Join(dir, "vault.db-journal")));
  FV_RETURN_IF_ERROR(RemoveIfPresent(Join(dir, kRepackFile)));
  FV_RETURN_IF_ERROR(RemoveIfPresent(Join(dir, kRepackJournalFile)));
  FV_RETURN_IF_ERROR(SyncDirectory(dir));
  ::rmdir(dir.c_str());  // only if empty; other files are not ours
  return Status::Ok();
}

Result<std::vector<std::string>> IntegrityCheckLines(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement integrity,
                      db.Prepare("PRAGMA integrity_check(" +
                                 std::to_string(kIntegrityCheckLines) + ")"));
  std::vector<std::string> lines;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, integrity.Step());
    if (!row) break;
    std::string line = integrity.ColumnText(0);
    if (line != "ok") lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace fieldvault::core
