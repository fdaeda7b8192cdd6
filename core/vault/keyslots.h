// Keyslots: joins the `keyslots` byte format with Argon2id and key wrapping.
//
// A slot holds the vault's 256-bit master key sealed (XChaCha20-Poly1305)
// under a key derived with Argon2id from a passphrase or a recovery key;
// the slot's header, including its KDF cost, is the associated data, so a
// lowered cost is detected as an authentication failure. The chain head is
// MACed under a subkey of the master key, so only someone holding the
// master key can move it.
#ifndef FIELDVAULT_CORE_VAULT_KEYSLOTS_H_
#define FIELDVAULT_CORE_VAULT_KEYSLOTS_H_

#include <cstddef>
#include <cstdint>

#include "core/vault/keyslots_format.h"
#include "crypto/blake2b.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr size_t kMasterKeyBytes = 32;

// Argon2id cost of a slot. The default is 256 MiB and 3 passes; `init`
// lets the user choose (tests and fixtures use a low cost).
struct KdfCost {
  uint64_t opslimit = 3;
  size_t memlimit_bytes = size_t{256} << 20;
};

// Derives a key from `secret` with a fresh salt at `cost` and seals
// `master_key` (32 bytes) in a new slot of `kind`. kInvalidArgument for an
// empty secret or a cost outside crypto/argon2id.h's bounds; kIoError when
// the KDF's memory cannot be had.
Result<Keyslot> SealKeyslot(KeyslotKind kind, const crypto::SecretBytes& secret,
                            const crypto::SecretBytes& master_key,
                            const KdfCost& cost, crypto::RandomSource& random);

// Runs the slot's KDF over `secret` and unseals the master key. Returns it
// in new locked memory. kAuthFailed when the secret is wrong or any byte of
// the slot was changed (the two cannot be told apart).
Result<crypto::SecretBytes> OpenKeyslot(const Keyslot& slot,
                                        const crypto::SecretBytes& secret);

// The slot's cost as a KdfCost.
KdfCost CostOf(const Keyslot& slot);

// A chain head record for (`sequence`, `hash`), MACed under `master_key`.
Result<ChainHeadRecord> SealChainHead(const crypto::SecretBytes& master_key,
                                      uint64_t sequence,
                                      const crypto::Blake2b512& hash);

// kOk when `head`'s MAC is valid under `master_key`, else kAuthFailed.
Status VerifyChainHead(const crypto::SecretBytes& master_key,
                       const ChainHeadRecord& head);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_KEYSLOTS_H_
