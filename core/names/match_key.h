// Name match keys: one normalised spelling per name, so that the same person
// written in Cyrillic by one monitor and in Latin by another, with or without
// accents, in any letter case, compares equal.
//
// The key is built with ICU, in this order:
//   1. the input must be valid UTF-8 (an error otherwise, never a guess);
//   2. Unicode NFKC (compatibility forms such as full-width letters fold);
//   3. transliteration to Latin with ICU's standard schemes, in this order:
//      Russian-Latin/BGN (Иванов -> Ivanov, Жанар -> Zhanar), then
//      Kazakh-Latin/BGN for the letters Russian lacks (Ә, Ғ, Қ, Ң, Ө, Ұ, Ү,
//      Һ, І), then Any-Latin for every other script, then Latin-ASCII;
//   4. full Unicode case folding;
//   5. every remaining combining mark removed (é -> e);
//   6. apostrophes, quotation marks, modifier letters (the BGN soft-sign
//      prime) and middle dots deleted; any other run of whitespace, punctuation, symbols or
//      control characters becomes one space; leading/trailing space trimmed.
// So "Иванов Иван", "IVANOV  Ivan" and "Ivanov-Ivan" all give "ivanov ivan".
// Word order is kept. Spelling variants that no standard scheme joins
// (Kairat / Qairat, Evgeniy / Yevgeniy) are left to duplicate detection.
//
// Building the transliterator costs milliseconds, so a NameNormalizer is
// made once per process and passed to whoever needs keys; it remembers the
// keys of the last few thousand non-ASCII names it keyed, as one name is
// keyed several times per write and lists repeat names. It is not
// thread-safe; use one per thread.
#ifndef FIELDVAULT_CORE_NAMES_MATCH_KEY_H_
#define FIELDVAULT_CORE_NAMES_MATCH_KEY_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::core {

// Names longer than this (in UTF-8 bytes) are refused: no real name is, and
// transliteration time grows with the input.
inline constexpr size_t kMaxNameBytes = 4096;

class NameNormalizer {
 public:
  // Prepares ICU's normalizers; the transliterator is built when the first
  // non-ASCII name needs it. Returns kUnsupported when this ICU build lacks
  // its data (a packaging problem, not user input).
  static Result<NameNormalizer> Create();

  NameNormalizer(NameNormalizer&& other) noexcept;
  NameNormalizer& operator=(NameNormalizer&& other) noexcept;
  NameNormalizer(const NameNormalizer&) = delete;
  NameNormalizer& operator=(const NameNormalizer&) = delete;
  ~NameNormalizer();

  // Returns the match key of `utf8` (ASCII, lowercase, single spaces, for
  // names in Latin or Cyrillic script; other scripts as ICU's Any-Latin
  // leaves them). Errors, all kInvalidArgument: the bytes are not valid
  // UTF-8 (the message gives the byte offset), the name is longer than
  // kMaxNameBytes, or it has no letter or digit at all; kUnsupported when
  // ICU lacks one of the transliteration schemes above.
  Result<std::string> MatchKey(std::string_view utf8) const;

 private:
  struct Impl;
  explicit NameNormalizer(std::unique_ptr<Impl> impl);
  Status BuildTransliterator() const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_NAMES_MATCH_KEY_H_
