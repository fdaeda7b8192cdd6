#include "core/vault/keyslots_format.h"

#include <algorithm>
#include <string>

#include "crypto/argon2id.h"

namespace fieldvault::core {
namespace {

class Writer {
 public:
  void Bytes(std::span<const uint8_t> bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }
  void U8(uint8_t v) { out_.push_back(v); }
  void Uint(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(uint8_t(v >> (8 * i)));
  }
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  std::vector<uint8_t> out_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  uint64_t Uint(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t{in_[pos_ + i]} << (8 * i);
    pos_ += bytes;
    return v;
  }
  template <size_t N>
  void Bytes(std::array<uint8_t, N>& out) {
    std::copy_n(in_.begin() + pos_, N, out.begin());
    pos_ += N;
  }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

void WriteFileHeaderPrefix(Writer& w) {
  w.Bytes(kKeyslotsMagic);
  w.Uint(kKeyslotsVersion, 2);
}

void WriteSlotHeader(Writer& w, const KeyslotHeader& header) {
  w.U8(static_cast<uint8_t>(header.kind));
  w.U8(kKdfArgon2id13);
  w.Uint(0, 2);
  w.Uint(header.passes, 4);
  w.Uint(header.memory_bytes, 8);
  w.Bytes(header.salt);
}

Status Damaged(const std::string& what) {
  return Status::Corruption("the vault's key file is damaged (" + what + ")");
}

Result<Keyslot> ParseSlot(Reader& r) {
  Keyslot slot;
  uint64_t kind = r.Uint(1);
  if (kind != 1 && kind != 2) return Damaged("unknown keyslot kind");
  slot.header.kind = static_cast<KeyslotKind>(kind);
  if (r.Uint(1) != kKdfArgon2id13) return Damaged("unknown key derivation");
  if (r.Uint(2) != 0) return Damaged("reserved bytes set");
  slot.header.passes = static_cast<uint32_t>(r.Uint(4));
  slot.header.memory_bytes = r.Uint(8);
  crypto::Argon2idCost cost{slot.header.passes, slot.header.memory_bytes};
  if (!crypto::CheckArgon2idCost(cost).ok()) {
    return Damaged("key derivation cost out of range");
  }
  r.Bytes(slot.header.salt);
  r.Bytes(slot.nonce);
  r.Bytes(slot.sealed_master_key);
  return slot;
}

}  // namespace

std::vector<uint8_t> KeyslotAssociatedData(const KeyslotHeader& header) {
  Writer w;
  WriteFileHeaderPrefix(w);
  WriteSlotHeader(w, header);
  return w.Take();
}

std::vector<uint8_t> ChainHeadMacInput(const ChainHeadRecord& head) {
  Writer w;
  WriteFileHeaderPrefix(w);
  w.Uint(head.sequence, 8);
  w.Bytes(head.hash);
  return w.Take();
}

std::vector<uint8_t> SerializeKeyslots(const KeyslotsFile& file) {
  Writer w;
  WriteFileHeaderPrefix(w);
  w.U8(static_cast<uint8_t>(file.slots.size()));
  w.U8(0);
  for (const Keyslot& slot : file.slots) {
    WriteSlotHeader(w, slot.header);
    w.Bytes(slot.nonce);
    w.Bytes(slot.sealed_master_key);
  }
  w.Uint(file.head.sequence, 8);
  w.Bytes(file.head.hash);
  w.Bytes(file.head.mac);
  return w.Take();
}

Result<KeyslotsFile> ParseKeyslots(std::span<const uint8_t> bytes) {
  if (bytes.size() < kKeyslotsFileHeaderBytes ||
      !std::equal(kKeyslotsMagic.begin(), kKeyslotsMagic.end(),
                  bytes.begin())) {
    return Damaged("not a fieldvault key file");
  }
  Reader r(bytes);
  std::array<uint8_t, 8> magic;
  r.Bytes(magic);
  uint64_t version = r.Uint(2);
  if (version != kKeyslotsVersion) {
    return Status::Unsupported("the vault's key file has format version " +
                               std::to_string(version) +
                               ", which this fieldvault does not know")
        .WithHint("use a newer version of fieldvault");
  }
  uint64_t count = r.Uint(1);
  if (r.Uint(1) != 0) return Damaged("reserved bytes set");
  if (count < 1 || count > kMaxKeyslots) return Damaged("bad slot count");
  if (bytes.size() != kKeyslotsFileHeaderBytes + count * kKeyslotBytes +
                          kChainHeadBytes) {
    return Damaged("wrong size");
  }
  KeyslotsFile file;
  int passphrase_slots = 0, recovery_slots = 0;
  for (uint64_t i = 0; i < count; ++i) {
    FV_ASSIGN_OR_RETURN(Keyslot slot, ParseSlot(r));
    ++(slot.header.kind == KeyslotKind::kPassphrase ? passphrase_slots
                                                    : recovery_slots);
    file.slots.push_back(slot);
  }
  if (passphrase_slots != 1 || recovery_slots > 1) {
    return Damaged("wrong set of keyslots");
  }
  file.head.sequence = r.Uint(8);
  r.Bytes(file.head.hash);
  r.Bytes(file.head.mac);
  return file;
}

}  // namespace fieldvault::core
