#include "core/text/legacy_encoding.h"

#include <cstddef>

namespace fieldvault::core {

std::string_view GuessLegacyEncoding(std::string_view bytes) {
  size_t high = 0;       // bytes above 0x7F
  size_t in_runs = 0;    // of them, those next to another such byte
  size_t upper_half = 0; // 0xE0-0xFF
  size_t lower_half = 0; // 0xC0-0xDF
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte < 0x80) continue;
    ++high;
    const bool before = i > 0 && static_cast<unsigned char>(bytes[i - 1]) >= 0x80;
    const bool after =
        i + 1 < bytes.size() && static_cast<unsigned char>(bytes[i + 1]) >= 0x80;
    if (before || after) ++in_runs;
    if (byte >= 0xE0) ++upper_half;
    else if (byte >= 0xC0) ++lower_half;
  }
  if (high == 0) return "";
  // Words of Cyrillic letters: most high bytes stand next to another one.
  if (in_runs * 2 > high) {
    return upper_half >= lower_half ? "Windows-1251 (Cyrillic)" : "KOI8-R (Cyrillic)";
  }
  return "Windows-1252 (Western European)";
}

}  // namespace fieldvault::core
