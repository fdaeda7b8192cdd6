#include "core/uuid.h"

#include <algorithm>
#include <array>
#include <cstdint>


namespace fieldvault::core {

namespace {

std::string Format(std::array<uint8_t, 16>& bytes, uint8_t version) {
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 9562 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(36, '-');
  size_t at = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (at == 8 || at == 13 || at == 18 || at == 23) ++at;  // the dashes
    text[at++] = kHex[bytes[i] >> 4];
    text[at++] = kHex[bytes[i] & 0x0f];
  }
  return text;
}

}  // namespace

std::string NewUuid(crypto::RandomSource& random) {
  std::array<uint8_t, 16> bytes;
  random.Fill(bytes);
  return Format(bytes, 4);
}

SequentialUuids::SequentialUuids(crypto::RandomSource& random)
    : random_(&random) {
  std::array<uint8_t, 4> start;
  random_->Fill(start);
  next_ = (uint32_t{start[0]} << 24) | (uint32_t{start[1]} << 16) |
          (uint32_t{start[2]} << 8) | uint32_t{start[3]};
}

std::string SequentialUuids::Next() {
  if (used_ == kBatch) {
    random_->Fill(pool_);
    used_ = 0;
  }
  std::array<uint8_t, 16> bytes;
  std::copy_n(pool_.begin() + 16 * used_++, bytes.size(), bytes.begin());
  for (int i = 0; i < 4; ++i) {
    bytes[i] = static_cast<uint8_t>(next_ >> (8 * (3 - i)));
  }
  ++next_;  // wraps after 2^32 ids: still unique by the random bits
  return Format(bytes, 8);
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
