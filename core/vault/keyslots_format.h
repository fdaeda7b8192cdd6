// The `keyslots` file's byte layout: parsing and writing only, no crypto.
//
// Layout (version 1, all integers little-endian; docs/vault-format.md):
//   file header  12 bytes  magic "FVKSLOTS", format version (u16) = 1,
//                          slot count (u8, 1..2), reserved (u8) = 0
//   slot         104 bytes each: kind (u8: 1 passphrase, 2 recovery),
//                          KDF (u8: 1 = Argon2id v1.3), reserved (u16) = 0,
//                          passes (u32), memory in bytes (u64), salt (16),
//                          XChaCha20-Poly1305 nonce (24), sealed master key
//                          (32 + 16-byte tag)
//   chain head   104 bytes: custody sequence (u64), custody hash (64),
//                          keyed BLAKE2b-256 MAC (32)
// The file has exactly this size. Every limit and tag of the format is
// declared here. The joining with crypto lives in core/vault/keyslots.h.
#ifndef FIELDVAULT_CORE_VAULT_KEYSLOTS_FORMAT_H_
#define FIELDVAULT_CORE_VAULT_KEYSLOTS_FORMAT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr std::array<uint8_t, 8> kKeyslotsMagic = {
    'F', 'V', 'K', 'S', 'L', 'O', 'T', 'S'};
inline constexpr uint16_t kKeyslotsVersion = 1;
inline constexpr size_t kKeyslotsFileHeaderBytes = 12;
inline constexpr size_t kKeyslotHeaderBytes = 32;  // authenticated as AD
inline constexpr size_t kKeyslotBytes = 104;
inline constexpr size_t kChainHeadBytes = 104;
inline constexpr size_t kMaxKeyslots = 2;  // one passphrase, one recovery
inline constexpr uint8_t kKdfArgon2id13 = 1;
inline constexpr size_t kKeyslotSaltBytes = 16;
inline constexpr size_t kKeyslotNonceBytes = 24;
inline constexpr size_t kSealedMasterKeyBytes = 48;
inline constexpr size_t kChainHashBytes = 64;
inline constexpr size_t kChainMacBytes = 32;
inline constexpr size_t kMaxKeyslotsFileBytes =
    kKeyslotsFileHeaderBytes + kMaxKeyslots * kKeyslotBytes + kChainHeadBytes;

enum class KeyslotKind : uint8_t { kPassphrase = 1, kRecovery = 2 };

struct KeyslotHeader {
  KeyslotKind kind = KeyslotKind::kPassphrase;
  uint32_t passes = 0;        // Argon2id opslimit
  uint64_t memory_bytes = 0;  // Argon2id memlimit
  std::array<uint8_t, kKeyslotSaltBytes> salt{};
};

struct Keyslot {
  KeyslotHeader header;
  std::array<uint8_t, kKeyslotNonceBytes> nonce{};
  std::array<uint8_t, kSealedMasterKeyBytes> sealed_master_key{};
};

// The custody chain's last event as of the last keyslots write, and a MAC
// over it under a key derived from the master key.
struct ChainHeadRecord {
  uint64_t sequence = 0;  // 0: no event yet
  std::array<uint8_t, kChainHashBytes> hash{};
  std::array<uint8_t, kChainMacBytes> mac{};
};

struct KeyslotsFile {
  std::vector<Keyslot> slots;
  ChainHeadRecord head;
};

// The bytes a slot's sealed key is bound to: the file's magic and version
// followed by the slot's 32-byte header, so that neither the format version
// nor any KDF parameter can be changed without the unwrap failing.
std::vector<uint8_t> KeyslotAssociatedData(const KeyslotHeader& header);

// The bytes the chain head's MAC covers: magic, version, sequence, hash.
std::vector<uint8_t> ChainHeadMacInput(const ChainHeadRecord& head);

// Serializes `file`. The caller keeps to the limits above (checked by
// ParseKeyslots on the way back in).
std::vector<uint8_t> SerializeKeyslots(const KeyslotsFile& file);

// Parses and validates `bytes`: magic, exact size, one passphrase slot and
// at most one recovery slot, known KDF, costs inside crypto/argon2id.h's
// bounds, zero reserved fields. kCorruption for damage, kUnsupported for a
// newer format version.
Result<KeyslotsFile> ParseKeyslots(std::span<const uint8_t> bytes);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_KEYSLOTS_FORMAT_H_
