#include "core/bundle/json_line_check.h"

#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace fieldvault::core::bundle {
namespace {

int HexValue(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A recursive-descent scanner that builds nothing. Every rule is at least
// as strict as nlohmann's lexer and parser, so that whatever it vouches
// for, accept() takes too; where a rule of theirs is subtle (surrogate
// pairs, the overflow of numbers with an exponent, a byte-order mark,
// deep nesting) it does not vouch, and accept() decides.
class QuickScanner {
 public:
  explicit QuickScanner(std::string_view text)
      : p_(reinterpret_cast<const uint8_t*>(text.data())), end_(p_ + text.size()) {}

  bool Text() {
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return p_ == end_;
  }

 private:
  bool At(uint8_t c) const { return p_ < end_ && *p_ == c; }
  bool AtDigit() const { return p_ < end_ && *p_ >= '0' && *p_ <= '9'; }

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool Value(size_t depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return Object(depth + 1);
      case '[': return Array(depth + 1);
      case '"': return String();
      case 't': return Literal("true");
      case 'f': return Literal("false");
      case 'n': return Literal("null");
      default: return Number();
    }
  }

  bool Object(size_t depth) {
    if (depth > kMaxQuickDepth) return false;
    ++p_;
    SkipSpace();
    if (At('}')) return ++p_, true;
    while (true) {
      if (!At('"') || !String()) return false;
      SkipSpace();
      if (!At(':')) return false;
      ++p_;
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (At('}')) return ++p_, true;
      if (!At(',')) return false;
      ++p_;
      SkipSpace();
    }
  }

  bool Array(size_t depth) {
    if (depth > kMaxQuickDepth) return false;
    ++p_;
    SkipSpace();
    if (At(']')) return ++p_, true;
    while (true) {
      if (!Value(depth)) return false;
      SkipSpace();
      if (At(']')) return ++p_, true;
      if (!At(',')) return false;
      ++p_;
      SkipSpace();
    }
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  // RFC 8259's number without an exponent: nlohmann refuses a number
  // whose value overflows a double, which takes more than 300 digits
  // unless there is an exponent.
  bool Number() {
    const uint8_t* start = p_;
    if (At('-')) ++p_;
    if (At('0')) {
      ++p_;
    } else if (AtDigit()) {
      while (AtDigit()) ++p_;
    } else {
      return false;
    }
    if (At('.')) {
      ++p_;
      if (!AtDigit()) return false;
      while (AtDigit()) ++p_;
    }
    if (At('e') || At('E')) return false;
    return static_cast<size_t>(p_ - start) <= kMaxQuickNumberBytes;
  }

  bool String() {
    ++p_;  // the opening quote
    while (p_ < end_) {
      const uint8_t c = *p_;
      if (c == '"') return ++p_, true;
      if (c == '\\') {
        if (!Escape()) return false;
      } else if (c < 0x20) {
        return false;  // a raw control character
      } else if (c < 0x80) {
        ++p_;
      } else if (!Utf8()) {
        return false;
      }
    }
    return false;  // no closing quote
  }

  // One escape; \u of a surrogate (half of a pair) is left to accept().
  bool Escape() {
    if (end_ - p_ < 2) return false;
    switch (p_[1]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        p_ += 2;
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    if (end_ - p_ < 6) return false;
    unsigned code = 0;
    for (int i = 2; i < 6; ++i) {
      const int digit = HexValue(p_[i]);
      if (digit < 0) return false;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    if (code >= 0xD800 && code <= 0xDFFF) return false;
    p_ += 6;
    return true;
  }

  // One well-formed UTF-8 sequence of 2 to 4 bytes (RFC 3629, table 3-7
  // of Unicode: no overlong forms, no surrogates, nothing above U+10FFFF).
  bool Utf8() {
    const uint8_t c = *p_;
    size_t continuation = 0;
    uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      continuation = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      continuation = 2;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      continuation = 3;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (static_cast<size_t>(end_ - p_) <= continuation) return false;
    if (p_[1] < low || p_[1] > high) return false;
    for (size_t i = 2; i <= continuation; ++i) {
      if (p_[i] < 0x80 || p_[i] > 0xBF) return false;
    }
    p_ += continuation + 1;
    return true;
  }

  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace

bool QuickJsonCheck(std::string_view text) { return QuickScanner(text).Text(); }

bool IsJsonText(std::string_view text) {
  // What the scanner does not vouch for is rare (damage, or a record with
  // an exponent or a surrogate pair): accept() gives the answer.
  return QuickJsonCheck(text) || nlohmann::json::accept(text);
}

}  // namespace fieldvault::core::bundle
