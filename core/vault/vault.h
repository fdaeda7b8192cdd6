// The vault: a private directory holding `vault.db` (SQLCipher, keyed with
// a random 256-bit master key) and `keyslots` (the master key sealed under
// a passphrase and optionally a recovery key, plus the authenticated head
// of the custody chain). See docs/vault-format.md.
//
// Vault owns the one database connection and the master key (locked
// memory) for as long as it lives. Writes go through VaultWrite: one
// transaction that appends custody events and, once committed, moves the
// authenticated chain head in `keyslots`. Opening checks that head, so a
// vault.db rolled back to an older copy is refused. Nothing here prints.
#ifndef FIELDVAULT_CORE_VAULT_VAULT_H_
#define FIELDVAULT_CORE_VAULT_VAULT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/db/database.h"
#include "core/vault/custody_log.h"
#include "core/vault/keyslots.h"
#include "core/vault/vault_lock.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr char kVaultDatabaseFile[] = "vault.db";
inline constexpr char kKeyslotsFile[] = "keyslots";
// The copy `repack` writes before it replaces vault.db, and its journal.
// Encrypted like vault.db; a leftover one is removed at the next open.
inline constexpr char kRepackFile[] = "vault.db.repack";
inline constexpr char kRepackJournalFile[] = "vault.db.repack-journal";

class VaultWrite;

struct KeyslotInfo {
  KeyslotKind kind;
  KdfCost cost;
};

// What `check` found. Each problem is one line a monitor can read.
struct CheckReport {
  int64_t custody_events = 0;
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};

struct VaultSummary {
  std::string vault_id;
  int64_t created_at_micros = 0;
  int schema_version = 0;
  ChainHead custody_head;
  std::vector<KeyslotInfo> keyslots;
  int page_size = 0;  // vault.db's; kLegacyVaultPageSize until repacked
};

// What Repack did. Sizes are of vault.db in bytes.
struct RepackReport {
  int old_page_size = 0;
  int new_page_size = 0;
  uint64_t old_file_bytes = 0;
  uint64_t new_file_bytes = 0;
  bool removed_leftover = false;  // a copy left by an interrupted repack
};

class Vault {
 public:
  // Creates a vault in `dir` (created 0700, or an existing empty
  // directory) with one passphrase slot at `cost`, schema at the latest
  // version, and a "created" custody event. Errors: kInvalidArgument for an
  // empty passphrase or a cost out of bounds; kAlreadyExists when `dir`
  // is not empty; kIoError. On error nothing is left behind in `dir`.
  static Result<Vault> Create(const std::string& dir,
                              const crypto::SecretBytes& passphrase,
                              const KdfCost& cost, crypto::RandomSource& random,
                              Clock& clock);

  // Opens the vault in `dir` with its passphrase or its recovery key
  // (`secret`), upgrades its schema if needed, and catches the chain head
  // in `keyslots` up with the custody log. Errors: kNotFound (no vault);
  // kAuthFailed (wrong secret, or a damaged slot: indistinguishable); on
  // kAuthFailed nothing on disk is changed. kCorruption (damaged files, or
  // a vault.db older than its key file: rolled back); kUnsupported (newer
  // format); kFailedPrecondition when vault.db is locked (core/vault/
  // vault_lock.h): by a repack, or for kExclusive by any other process.
  // Once open, removes a copy an interrupted repack left behind (none can
  // be running). `random` and `clock` must outlive the Vault.
  static Result<Vault> Open(const std::string& dir,
                            const crypto::SecretBytes& secret,
                            crypto::RandomSource& random, Clock& clock,
                            VaultAccess access = VaultAccess::kShared);

  // kOk when `dir` holds a keyslots file (cheap; no secret needed), else
  // kNotFound with a hint. Lets callers fail before asking a passphrase.
  static Status CheckPresent(const std::string& dir);

  // OK when this process may write the vault in `dir` (its directory and
  // vault.db), as every open does (the lock, the custody log, migrations).
  // kFailedPrecondition saying why not (a read-only file system, such as
  // write-protected media; or missing permission) and what to do: work on
  // a writable copy. Checked before the passphrase is asked.
  static Status CheckWritable(const std::string& dir);

  Vault(Vault&& other) noexcept = default;
  // Closes this vault's connection before it releases this vault's lock
  // (core/vault/vault_lock.h says why); a defaulted one would release the
  // lock first, because it is declared first.
  Vault& operator=(Vault&& other) noexcept;
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  Database& db() { return db_; }
  const std::string& dir() const { return dir_; }
  // UUID text, stable for the vault's life.
  const std::string& vault_id() const { return vault_id_; }
  // The clock every timestamp of this vault comes from: the one given,
  // except that it never goes back before the vault's latest change.
  Clock& clock() { return *clock_; }
  crypto::RandomSource& random() { return *random_; }

  // Starts one write transaction (BEGIN IMMEDIATE). The VaultWrite refers
  // to this Vault, which must not move or die while it is alive.
  Result<VaultWrite> BeginWrite();

  // Facts for `status`: id, creation time, schema, chain head, slots.
  Result<VaultSummary> Summarize();

  // Reseals the master key under `new_passphrase` at `cost`, replacing the
  // passphrase slot (the data is not re-encrypted), and logs it. Errors:
  // kInvalidArgument (empty passphrase, bad cost); kIoError, after which
  // the old passphrase still opens the vault.
  Status ChangePassphrase(const crypto::SecretBytes& new_passphrase,
                          const KdfCost& cost);

  // Adds a recovery slot, or replaces the existing one, sealed under a new
  // random recovery key at the passphrase slot's cost, and logs it. Returns
  // the key's grouped text (core/vault/recovery_key.h), which is stored
  // nowhere: the caller shows it once. kIoError as ChangePassphrase.
  Result<crypto::SecretBytes> AddRecoveryKey();

  // Verifies the custody chain, SQLite's integrity check and the keyslots
  // file on disk (format, chain head MAC, head present in the chain).
  // Problems found are in the report; errors are for checks that could
  // not run at all.
  Result<CheckReport> Check();

  // Rewrites vault.db at kVaultPageSize without free pages (defined in
  // vault_repack.cc; docs/vault-format.md): copies it with the same key
  // into kRepackFile (encrypted from its first byte), checks the copy
  // (integrity, schema, tables and row counts, custody chain), appends a
  // "repacked" custody event to it, syncs it and renames it over vault.db.
  // Needs a vault opened with VaultAccess::kExclusive (kFailedPrecondition
  // otherwise). kFailedPrecondition when the disk has less free space than
  // vault.db's size plus `keep_free_bytes` and a margin; kIoError or
  // kCorruption when the copy fails or differs. On any error before the
  // rename vault.db is untouched and the copy removed; a crash leaves
  // either the old vault.db or the new one, whole.
  Result<RepackReport> Repack(uint64_t keep_free_bytes = 0);

  // Crypto-erases the vault in `dir` without needing its passphrase:
  // overwrites `keyslots` with random bytes, syncs and removes it, then
  // removes vault.db and the directory. Without the keyslots the master
  // key is gone and vault.db cannot be decrypted, whatever its size, so
  // this takes milliseconds. kNotFound when `dir` holds no vault.
  static Status Wipe(const std::string& dir, crypto::RandomSource& random);

 private:
  friend class VaultWrite;
  friend const crypto::SecretBytes& MasterKeyForTesting(const Vault& vault);
  Vault(std::string dir, VaultLock lock, Database db,
        crypto::SecretBytes master_key, KeyslotsFile keyslots,
        crypto::RandomSource& random, Clock& clock);
  // The steps of Open after the master key is known.
  Status CheckRollback();
  Status Upgrade();
  // Repack's last steps: the copy at `new_path`, locked by `new_lock`,
  // replaces vault.db and the connection moves to it.
  Status SwapInRepacked(const std::string& new_path, VaultLock new_lock);

  // Seals (sequence, hash) under the master key and rewrites `keyslots`.
  Status StoreChainHead(const ChainHead& head);
  // Commits one custody event, then writes `keyslots` with `slot` in place
  // of the slot of its kind and the new chain head, in one atomic write.
  Status ReplaceSlotAndLog(const Keyslot& slot, const CustodyEvent& event);
  Status WriteKeyslots();
  static Result<KeyslotsFile> ReadKeyslots(const std::string& dir);
  std::string KeyslotsPath() const;

  std::string dir_;
  std::string vault_id_;
  // Before db_, so that it is released after the connection closes.
  VaultLock lock_;
  Database db_;
  crypto::SecretBytes master_key_;
  KeyslotsFile keyslots_;
  crypto::RandomSource* random_ = nullptr;
  // `clock` given to Create or Open, made never to go back (the vault's
  // latest custody event is its floor); on the heap, so that references
  // to it stay valid when the Vault moves.
  std::unique_ptr<MonotonicClock> clock_;
};

// One write transaction on a vault: rolls back on destruction unless
// Commit() succeeds. Every change to the vault should append at least one
// custody event describing it.
class VaultWrite {
 public:
  VaultWrite(VaultWrite&& other) noexcept = default;
  VaultWrite(const VaultWrite&) = delete;
  VaultWrite& operator=(const VaultWrite&) = delete;

  Database& db() { return vault_->db(); }

  // Appends a hash-chained custody event inside this transaction; the
  // actor (the vault id) and the time (the vault's clock) are filled in.
  // kInvalidArgument for an empty action or an oversized field.
  Status AppendCustodyEvent(const CustodyEvent& event);

  // Commits, then stores the authenticated chain head in `keyslots`. If
  // that last step fails the changes are kept (they are committed) and the
  // error says so; the head is caught up at the next Open.
  Status Commit();

 private:
  friend class Vault;
  VaultWrite(Vault* vault, Transaction transaction)
      : vault_(vault), transaction_(std::move(transaction)) {}

  Vault* vault_;
  Transaction transaction_;
  ChainHead head_;
  bool appended_ = false;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_VAULT_H_
