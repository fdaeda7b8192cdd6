#include "core/text/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstring>

namespace fieldvault::core {

bool IsAscii(std::string_view bytes) {
  // Eight bytes at a time: names and CSV fields are mostly ASCII, and this
  // check decides whether the slow ICU path is needed at all.
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    if ((word & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) >= 0x80) return false;
  }
  return true;
}

namespace {

size_t FindControl(std::string_view text, bool line_breaks_allowed) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // A carriage return counts only as the first half of CRLF: alone it
    // sends the cursor back over what was printed, so text could hide
    // itself behind other text.
    const bool crlf = byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    const bool line_break = byte == '\t' || byte == '\n' || crlf;
    if ((byte < 0x20 && !(line_breaks_allowed && line_break)) || byte == 0x7F) {
      return i;
    }
    // U+0080..U+009F are encoded C2 80..C2 9F.
    if (byte == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return i;
    }
    // The bidirectional embeddings, overrides and isolates: U+202A..U+202E
    // (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9). One of them
    // reverses or reorders everything after it on the line (the rest of a
    // table row, the next column's value), so a record could make another
    // record's figures or names read differently. Arabic and Hebrew text
    // needs none of them; the marks U+200E/U+200F (and U+061C), which
    // reorder nothing beyond their neighbours, stay allowed.
    if (byte == 0xE2 && i + 2 < text.size()) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if ((second == 0x80 && third >= 0xAA && third <= 0xAE) ||
          (second == 0x81 && third >= 0xA6 && third <= 0xA9)) {
        return i;
      }
    }
  }
  return std::string_view::npos;
}

}  // namespace

size_t FindControlCharacter(std::string_view text) {
  return FindControl(text, /*line_breaks_allowed=*/true);
}

size_t FindControlCharacterInLine(std::string_view text) {
  return FindControl(text, /*line_breaks_allowed=*/false);
}

size_t FindInvalidUtf8(std::string_view bytes) {
  // ICU's U8_NEXT is strict (RFC 3629): it reports overlongs, surrogates,
  // values above U+10FFFF and truncated sequences as a negative code point.
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int64_t length = static_cast<int64_t>(bytes.size());
  int64_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string_view::npos;
}

}  // namespace fieldvault::core
