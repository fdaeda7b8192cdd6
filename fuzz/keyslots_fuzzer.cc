// Fuzzes the parser of a vault's `keyslots` file (core/vault/keyslots_
// format.h), which a vault reads before any passphrase is checked: a
// device that was seized and handed back may carry a hostile one.
// Properties: never a crash; the layout has no slack (exact size, zero
// reserved fields, fixed field order), so a file that parses is written
// back by SerializeKeyslots byte for byte, and holds exactly one
// passphrase slot and at most one recovery slot.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/vault/keyslots_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace core = fieldvault::core;
  const std::span<const uint8_t> bytes(data, size);
  auto file = core::ParseKeyslots(bytes);
  if (!file.ok()) return 0;
  const std::vector<uint8_t> written = core::SerializeKeyslots(*file);
  if (written.size() != size ||
      !std::equal(written.begin(), written.end(), bytes.begin())) {
    std::abort();
  }
  size_t passphrase_slots = 0;
  for (const core::Keyslot& slot : file->slots) {
    if (slot.header.kind == core::KeyslotKind::kPassphrase) ++passphrase_slots;
  }
  if (passphrase_slots != 1 || file->slots.size() > core::kMaxKeyslots) {
    std::abort();
  }
  return 0;
}
