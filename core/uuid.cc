#include "core/uuid.h"

#include <array>
#include <cstdint>

#include "crypto/encoding.h"

namespace fieldvault::core {

std::string NewUuid(crypto::RandomSource& random) {
  std::array<uint8_t, 16> bytes;
  random.Fill(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;  // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string hex = crypto::HexEncode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

bool IsCanonicalUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
    } else if (!((text[i] >= '0' && text[i] <= '9') ||
                 (text[i] >= 'a' && text[i] <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace fieldvault::core
