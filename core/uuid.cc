#include "core/uuid.h"

#include <array>
#include <cstdint>

#include "crypto/encoding.h"

namespace fieldvault::core {

namespace {

std::string Format(std::array<uint8_t, 16>& bytes, uint8_t version) {
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  std::string hex = crypto::HexEncode(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) +
         "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace

std::string NewUuid(crypto::RandomSource& random) {
  std::array<uint8_t, 16> bytes;
  random.Fill(bytes);
  return Format(bytes, 4);
}

std::string NewTimeOrderedUuid(int64_t unix_micros,
                               crypto::RandomSource& random) {
  std::array<uint8_t, 16> bytes;
  random.Fill(bytes);
  const uint64_t millis =
      unix_micros > 0 ? static_cast<uint64_t>(unix_micros) / 1000 : 0;
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<uint8_t>(millis >> (8 * (5 - i)));
  }
  return Format(bytes, 7);
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
