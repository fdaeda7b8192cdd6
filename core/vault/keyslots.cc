#include "core/vault/keyslots.h"

#include <algorithm>

#include "crypto/argon2id.h"
#include "crypto/key_wrap.h"
#include "crypto/keyed_hash.h"

namespace fieldvault::core {
namespace {

// The chain head MAC key is a subkey so the master key itself is only ever
// used to key SQLCipher.
constexpr char kChainHeadContext[] = "fvchain1";
constexpr uint64_t kChainHeadSubkeyId = 1;

crypto::Argon2idCost ToArgon2(const KeyslotHeader& header) {
  return {header.passes, header.memory_bytes};
}

}  // namespace

KdfCost CostOf(const Keyslot& slot) {
  return {slot.header.passes, static_cast<size_t>(slot.header.memory_bytes)};
}

Result<Keyslot> SealKeyslot(KeyslotKind kind, const crypto::SecretBytes& secret,
                            const crypto::SecretBytes& master_key,
                            const KdfCost& cost, crypto::RandomSource& random) {
  if (secret.empty()) {
    return Status::InvalidArgument("the passphrase is empty");
  }
  if (master_key.size() != kMasterKeyBytes) {
    return Status::InvalidArgument("master key must be 32 bytes");
  }
  FV_RETURN_IF_ERROR(crypto::CheckArgon2idCost({cost.opslimit,
                                                cost.memlimit_bytes}));
  if (cost.opslimit > UINT32_MAX) {
    return Status::InvalidArgument("too many Argon2id passes");
  }
  Keyslot slot;
  slot.header.kind = kind;
  slot.header.passes = static_cast<uint32_t>(cost.opslimit);
  slot.header.memory_bytes = cost.memlimit_bytes;
  random.Fill(slot.header.salt);
  FV_ASSIGN_OR_RETURN(
      crypto::SecretBytes kek,
      crypto::DeriveKeyArgon2id(secret, slot.header.salt,
                                ToArgon2(slot.header)));
  FV_ASSIGN_OR_RETURN(crypto::WrappedKey wrapped,
                      crypto::WrapKey(kek, master_key,
                                      KeyslotAssociatedData(slot.header),
                                      random));
  slot.nonce = wrapped.nonce;
  std::copy(wrapped.sealed.begin(), wrapped.sealed.end(),
            slot.sealed_master_key.begin());
  return slot;
}

Result<crypto::SecretBytes> OpenKeyslot(const Keyslot& slot,
                                        const crypto::SecretBytes& secret) {
  FV_ASSIGN_OR_RETURN(
      crypto::SecretBytes kek,
      crypto::DeriveKeyArgon2id(secret, slot.header.salt,
                                ToArgon2(slot.header)));
  crypto::WrappedKey wrapped;
  wrapped.nonce = slot.nonce;
  wrapped.sealed.assign(slot.sealed_master_key.begin(),
                        slot.sealed_master_key.end());
  FV_ASSIGN_OR_RETURN(
      crypto::SecretBytes master_key,
      crypto::UnwrapKey(kek, wrapped, KeyslotAssociatedData(slot.header)));
  if (master_key.size() != kMasterKeyBytes) {
    return Status::AuthFailed("key unwrap failed");
  }
  return master_key;
}

Result<ChainHeadRecord> SealChainHead(const crypto::SecretBytes& master_key,
                                      uint64_t sequence,
                                      const crypto::Blake2b512& hash) {
  ChainHeadRecord head;
  head.sequence = sequence;
  head.hash = hash;
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes key,
                      crypto::DeriveSubkey(master_key, kChainHeadSubkeyId,
                                           kChainHeadContext));
  FV_ASSIGN_OR_RETURN(head.mac,
                      crypto::ComputeMac(key, ChainHeadMacInput(head)));
  return head;
}

Status VerifyChainHead(const crypto::SecretBytes& master_key,
                       const ChainHeadRecord& head) {
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes key,
                      crypto::DeriveSubkey(master_key, kChainHeadSubkeyId,
                                           kChainHeadContext));
  return crypto::VerifyMac(key, ChainHeadMacInput(head), head.mac);
}

}  // namespace fieldvault::core
