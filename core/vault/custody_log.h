// The custody log: an append-only, hash-chained record of what happened to
// the vault and its records (created, edited, imported, exported, ...).
//
// Each event's hash is BLAKE2b-512 over a domain tag, the previous event's
// hash (64 zero bytes for the first) and a length-prefixed encoding of the
// event's fields (docs/vault-format.md), so that changing, removing or
// reordering any event breaks the chain from there on. The table lives in
// vault.db (created by migration 1); SQL triggers refuse UPDATE and DELETE.
// Callers append through VaultWrite (core/vault/vault.h), which fills in the
// actor and the time.
#ifndef FIELDVAULT_CORE_VAULT_CUSTODY_LOG_H_
#define FIELDVAULT_CORE_VAULT_CUSTODY_LOG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/db/database.h"
#include "crypto/blake2b.h"
#include "crypto/status.h"

namespace fieldvault::core {

struct CustodyEvent {
  std::string action;       // "created", "edited", "imported", "exported", "verified", "redacted", "wiped", ...
  std::string record_type;  // "incident", "person", ... or "" for vault-level events
  std::string record_id;    // UUID or ""
  std::string bundle_id;    // UUID or ""
  std::string detail;       // short human-readable text, never secrets
};  // actor (vault id / key id) and time are filled in by the vault

// An event as stored, with its place in the chain.
struct CustodyRecord {
  int64_t sequence = 0;  // 1, 2, 3, ... without gaps
  int64_t occurred_at_micros = 0;
  std::string actor;
  CustodyEvent event;
  crypto::Blake2b512 previous_hash{};
  crypto::Blake2b512 hash{};
};

// The chain's last event; sequence 0 and a zero hash when it is empty.
struct ChainHead {
  int64_t sequence = 0;
  crypto::Blake2b512 hash{};
};

// Longest text accepted in any one field of an event.
inline constexpr size_t kMaxCustodyFieldBytes = 4096;

// The hash of `record` given its previous_hash; does not read record.hash.
crypto::Blake2b512 HashCustodyRecord(const CustodyRecord& record);

// Appends `event` by `actor` at `now_micros` after the current head, in the
// caller's transaction. Returns the new head. kInvalidArgument for an empty
// action or an oversized field; database errors otherwise.
Result<ChainHead> AppendCustodyRecord(Database& db, const CustodyEvent& event,
                                      std::string_view actor,
                                      int64_t now_micros);

// The last event's sequence and stored hash (not re-verified).
Result<ChainHead> ReadChainHead(Database& db);

// The stored hash of event `sequence`; kNotFound when there is none.
Result<crypto::Blake2b512> ReadCustodyHash(Database& db, int64_t sequence);

// Calls `visit` for every event after `after_sequence`, in order, stopping
// at the first error `visit` returns (which is then returned).
Status ForEachCustodyRecord(
    Database& db, int64_t after_sequence,
    const std::function<Status(const CustodyRecord&)>& visit);

// Recomputes the whole chain. Returns the verified head, or kCorruption
// naming the first event whose sequence, link or hash is wrong.
Result<ChainHead> VerifyCustodyChain(Database& db);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_CUSTODY_LOG_H_
