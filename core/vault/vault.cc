#include "core/vault/vault.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "core/uuid.h"
#include "core/vault/migrations.h"
#include "core/vault/recovery_key.h"
#include "core/vault/vault_database.h"
#include "core/vault/vault_files.h"
#include "core/vault/vault_testing.h"
#include "crypto/argon2id.h"

namespace fieldvault::core {
namespace {

std::string Join(const std::string& dir, const char* name) {
  return dir + "/" + name;
}

Status NoVault(const std::string& dir) {
  return Status::NotFound("no vault at " + dir)
      .WithHint("create one with `fieldvault init --vault " + dir +
                "`, or name the right directory with --vault");
}

Status WrongSecret() {
  return Status::AuthFailed(
      "wrong passphrase, or the vault's key file is damaged");
}

const Keyslot* FindSlot(const KeyslotsFile& keyslots, KeyslotKind kind) {
  for (const Keyslot& slot : keyslots.slots) {
    if (slot.header.kind == kind) return &slot;
  }
  return nullptr;
}

// Tries the slots `secret` may open: the recovery slot when the secret has
// the shape of a recovery key, then the passphrase slot. Every failure
// looks the same, so nobody learns whether the secret or the slot was
// wrong.
Result<crypto::SecretBytes> UnlockMasterKey(const KeyslotsFile& keyslots,
                                            const crypto::SecretBytes& secret) {
  Result<crypto::SecretBytes> recovery_key = ParseRecoveryKey(secret);
  const Keyslot* recovery_slot = FindSlot(keyslots, KeyslotKind::kRecovery);
  if (recovery_key.ok() && recovery_slot != nullptr) {
    Result<crypto::SecretBytes> master_key =
        OpenKeyslot(*recovery_slot, *recovery_key);
    if (master_key.status().code() != StatusCode::kAuthFailed) {
      return master_key;
    }
  }
  const Keyslot* slot = FindSlot(keyslots, KeyslotKind::kPassphrase);
  Result<crypto::SecretBytes> master_key = OpenKeyslot(*slot, secret);
  if (master_key.status().code() != StatusCode::kAuthFailed) return master_key;
  if (IsRecoveryKeyTypo(recovery_key.status())) return recovery_key.status();
  return WrongSecret();
}

void RemoveVaultFiles(const std::string& dir) {
  for (const char* name : {kKeyslotsFile, "keyslots.tmp", kVaultDatabaseFile,
                           "vault.db-journal", kRepackFile,
                           kRepackJournalFile}) {
    ::unlink(Join(dir, name).c_str());
  }
}

Status InitializeNewVault(Database& db, const std::string& vault_id,
                          crypto::RandomSource& random, Clock& clock,
                          ChainHead& head) {
  FV_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(db));
  MigrationContext context{random, clock};
  FV_RETURN_IF_ERROR(RunMigrations(db, context).status());
  FV_ASSIGN_OR_RETURN(
      Statement meta,
      db.Prepare("INSERT INTO meta (key, value) VALUES ('vault_id', ?), "
                 "('created_at_micros', ?)"));
  FV_RETURN_IF_ERROR(meta.BindText(1, vault_id));
  FV_RETURN_IF_ERROR(meta.BindText(2, std::to_string(clock.NowMicros())));
  FV_RETURN_IF_ERROR(meta.Run());
  CustodyEvent created{"created", "", "", "", "vault created"};
  FV_ASSIGN_OR_RETURN(head, AppendCustodyRecord(db, created, vault_id,
                                                clock.NowMicros()));
  return transaction.Commit();
}

// Under a shared lock on vault.db no repack can be running (it would hold
// the lock exclusively from start to end), so a copy left in the directory
// is from one that was interrupted: encrypted, never used, only taking
// space. Best effort: a read-only copy of a vault still opens.
// Returns whether there was one.
bool RemoveRepackLeftovers(const std::string& dir) {
  ::unlink(Join(dir, kRepackJournalFile).c_str());
  return ::unlink(Join(dir, kRepackFile).c_str()) == 0;
}

}  // namespace

Vault::Vault(std::string dir, VaultLock lock, Database db,
             crypto::SecretBytes master_key, KeyslotsFile keyslots,
             crypto::RandomSource& random, Clock& clock)
    : dir_(std::move(dir)),
      lock_(std::move(lock)),
      db_(std::move(db)),
      master_key_(std::move(master_key)),
      keyslots_(std::move(keyslots)),
      random_(&random),
      clock_(std::make_unique<MonotonicClock>(clock)) {}

Vault& Vault::operator=(Vault&& other) noexcept {
  if (this == &other) return *this;
  db_ = std::move(other.db_);
  lock_ = std::move(other.lock_);
  dir_ = std::move(other.dir_);
  vault_id_ = std::move(other.vault_id_);
  master_key_ = std::move(other.master_key_);
  keyslots_ = std::move(other.keyslots_);
  random_ = other.random_;
  clock_ = std::move(other.clock_);
  return *this;
}

const crypto::SecretBytes& MasterKeyForTesting(const Vault& vault) {
  return vault.master_key_;
}

std::string Vault::KeyslotsPath() const { return Join(dir_, kKeyslotsFile); }

Result<KeyslotsFile> Vault::ReadKeyslots(const std::string& dir) {
  Result<std::vector<uint8_t>> bytes =
      ReadSmallFile(Join(dir, kKeyslotsFile), kMaxKeyslotsFileBytes);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) return NoVault(dir);
    if (bytes.status().code() == StatusCode::kCorruption) {
      return Status::Corruption("the vault's key file is damaged (too large)");
    }
    return bytes.status();
  }
  return ParseKeyslots(*bytes);
}

Status Vault::CheckPresent(const std::string& dir) {
  if (::access(Join(dir, kKeyslotsFile).c_str(), F_OK) != 0) {
    return NoVault(dir);
  }
  return Status::Ok();
}

Status Vault::CheckWritable(const std::string& dir) {
  for (const std::string& path : {dir, Join(dir, kVaultDatabaseFile)}) {
    if (::access(path.c_str(), W_OK) == 0) continue;
    const int error = errno;
    if (error == ENOENT) continue;  // Open says what is missing
    const std::string why =
        error == EROFS ? "the vault at " + dir + " is on a read-only file system"
                       : "this user may not write to the vault at " + dir + " (" +
                             std::strerror(error) + ")";
    // Even reading commands write: the lock, migrations, the custody log.
    return Status::FailedPrecondition(why + "; fieldvault needs to write to a "
                                      "vault even to read it")
        .WithHint("copy the vault directory to a writable disk (`cp -a " + dir +
                  " COPY`) and give --vault COPY; the original stays exactly as "
                  "it is (a write-protected copy is the right thing to keep for "
                  "investigation)");
  }
  return Status::Ok();
}

Result<Vault> Vault::Create(const std::string& dir,
                            const crypto::SecretBytes& passphrase,
                            const KdfCost& cost, crypto::RandomSource& random,
                            Clock& clock) {
  if (passphrase.empty()) {
    return Status::InvalidArgument("the passphrase is empty")
        .WithHint("choose a passphrase of several words");
  }
  FV_RETURN_IF_ERROR(
      crypto::CheckArgon2idCost({cost.opslimit, cost.memlimit_bytes}));
  FV_RETURN_IF_ERROR(CheckNewVaultDirectory(dir, kKeyslotsFile));
  bool existed = ::access(dir.c_str(), F_OK) == 0;
  FV_RETURN_IF_ERROR(CreatePrivateDirectory(dir));
  crypto::SecretBytes master_key(kMasterKeyBytes);
  random.Fill(master_key.MutableReveal());
  auto build = [&]() -> Result<Vault> {
    KeyslotsFile keyslots;
    FV_ASSIGN_OR_RETURN(Keyslot slot,
                        SealKeyslot(KeyslotKind::kPassphrase, passphrase,
                                    master_key, cost, random));
    keyslots.slots.push_back(slot);
    const std::string db_path = Join(dir, kVaultDatabaseFile);
    FV_ASSIGN_OR_RETURN(Database db, OpenVaultDatabase(db_path, master_key,
                                                       Database::Mode::kCreate));
    // Taken once the file exists; nobody else can know it before `init`
    // has finished.
    FV_ASSIGN_OR_RETURN(VaultLock lock,
                        VaultLock::Acquire(db_path, VaultAccess::kShared));
    std::string vault_id = NewUuid(random);
    ChainHead head;
    FV_RETURN_IF_ERROR(InitializeNewVault(db, vault_id, random, clock, head));
    Vault vault(dir, std::move(lock), std::move(db), master_key.Clone(),
                std::move(keyslots), random, clock);
    vault.vault_id_ = vault_id;
    FV_RETURN_IF_ERROR(vault.StoreChainHead(head));
    return vault;
  };
  Result<Vault> vault = build();
  if (!vault.ok()) {
    RemoveVaultFiles(dir);
    if (!existed) ::rmdir(dir.c_str());
  }
  return vault;
}

Result<Vault> Vault::Open(const std::string& dir,
                          const crypto::SecretBytes& secret,
                          crypto::RandomSource& random, Clock& clock,
                          VaultAccess access) {
  FV_ASSIGN_OR_RETURN(KeyslotsFile keyslots, ReadKeyslots(dir));
  FV_RETURN_IF_ERROR(CheckWritable(dir));
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes master_key,
                      UnlockMasterKey(keyslots, secret));
  const std::string db_path = Join(dir, kVaultDatabaseFile);
  // Locked before SQLite opens (and may roll back a hot journal): a repack
  // running now must not have its file changed or replaced under it.
  FV_ASSIGN_OR_RETURN(VaultLock lock, VaultLock::Acquire(db_path, access));
  FV_ASSIGN_OR_RETURN(Database db,
                      OpenVaultDatabase(db_path, master_key,
                                        Database::Mode::kOpenExisting));
  Vault vault(dir, std::move(lock), std::move(db), std::move(master_key),
              std::move(keyslots), random, clock);
  FV_RETURN_IF_ERROR(vault.CheckRollback());
  // Times go on from the latest change, even if the computer's clock was
  // set back since.
  FV_ASSIGN_OR_RETURN(
      int64_t latest,
      vault.db_.QueryInt64("SELECT COALESCE(MAX(occurred_at_micros), 0) FROM custody_log"));
  vault.clock_->NoteTime(latest);
  FV_RETURN_IF_ERROR(vault.Upgrade());
  FV_ASSIGN_OR_RETURN(
      vault.vault_id_,
      vault.db_.QueryText("SELECT value FROM meta WHERE key = 'vault_id'"));
  // Repack removes it itself, and says so.
  if (access == VaultAccess::kShared) RemoveRepackLeftovers(dir);
  return vault;
}

Status Vault::CheckRollback() {
  const ChainHeadRecord& stored = keyslots_.head;
  if (!VerifyChainHead(master_key_, stored).ok()) {
    return Status::Corruption("the vault's key file is damaged (chain head)")
        .WithHint("restore the vault from a backup");
  }
  if (stored.sequence == 0) return Status::Ok();
  Result<crypto::Blake2b512> hash =
      ReadCustodyHash(db_, static_cast<int64_t>(stored.sequence));
  if (!hash.ok() && hash.status().code() != StatusCode::kNotFound) {
    return hash.status();
  }
  if (!hash.ok() || *hash != stored.hash) {
    return Status::Corruption(
               "vault.db is older than its key file: it was rolled back to an "
               "earlier copy, or replaced")
        .WithHint("do not use this vault; keep it for investigation and "
                  "restore your latest backup");
  }
  return Status::Ok();
}

Status Vault::Upgrade() {
  FV_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(db_));
  FV_ASSIGN_OR_RETURN(int from, CurrentSchemaVersion(db_));
  MigrationContext context{*random_, *clock_};
  FV_ASSIGN_OR_RETURN(int applied, RunMigrations(db_, context));
  if (applied > 0) {
    FV_ASSIGN_OR_RETURN(
        std::string vault_id,
        db_.QueryText("SELECT value FROM meta WHERE key = 'vault_id'"));
    CustodyEvent migrated{"migrated", "", "", "",
                          "schema " + std::to_string(from) + " to " +
                              std::to_string(LatestSchemaVersion())};
    FV_RETURN_IF_ERROR(AppendCustodyRecord(db_, migrated, vault_id,
                                           clock_->NowMicros())
                           .status());
  }
  FV_RETURN_IF_ERROR(transaction.Commit());
  // Catch the key file up when the chain moved on without it (after a
  // crash between a commit and the key file's update, or the upgrade).
  FV_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(db_));
  if (static_cast<uint64_t>(head.sequence) != keyslots_.head.sequence) {
    return StoreChainHead(head);
  }
  return Status::Ok();
}

Status Vault::StoreChainHead(const ChainHead& head) {
  FV_ASSIGN_OR_RETURN(
      keyslots_.head,
      SealChainHead(master_key_, static_cast<uint64_t>(head.sequence),
                    head.hash));
  return WriteKeyslots();
}

Status Vault::WriteKeyslots() {
  return WriteFileAtomically(KeyslotsPath(), SerializeKeyslots(keyslots_));
}

Result<VaultWrite> Vault::BeginWrite() {
  FV_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(db_));
  return VaultWrite(this, std::move(transaction));
}

Result<VaultSummary> Vault::Summarize() {
  VaultSummary summary;
  summary.vault_id = vault_id_;
  FV_ASSIGN_OR_RETURN(
      std::string created,
      db_.QueryText("SELECT value FROM meta WHERE key = 'created_at_micros'"));
  auto [end, error] = std::from_chars(
      created.data(), created.data() + created.size(),
      summary.created_at_micros);
  if (error != std::errc() || end != created.data() + created.size()) {
    return Status::Corruption("the vault's creation time is malformed");
  }
  FV_ASSIGN_OR_RETURN(summary.schema_version, CurrentSchemaVersion(db_));
  FV_ASSIGN_OR_RETURN(summary.custody_head, ReadChainHead(db_));
  FV_ASSIGN_OR_RETURN(int64_t page_size,
                      db_.QueryInt64("PRAGMA cipher_page_size"));
  summary.page_size = static_cast<int>(page_size);
  for (const Keyslot& slot : keyslots_.slots) {
    summary.keyslots.push_back({slot.header.kind, CostOf(slot)});
  }
  return summary;
}

Status VaultWrite::AppendCustodyEvent(const CustodyEvent& event) {
  FV_ASSIGN_OR_RETURN(head_,
                      AppendCustodyRecord(vault_->db_, event, vault_->vault_id_,
                                          vault_->clock_->NowMicros()));
  appended_ = true;
  return Status::Ok();
}

Status VaultWrite::Commit() {
  FV_RETURN_IF_ERROR(transaction_.Commit());
  if (!appended_) return Status::Ok();
  Status stored = vault_->StoreChainHead(head_);
  if (!stored.ok()) {
    return stored.WithContext(
        "the changes were saved, but the key file could not be updated");
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
