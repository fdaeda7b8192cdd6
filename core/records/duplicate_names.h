// Comparing two spellings of a person's name for duplicate detection
// (duplicate_persons.h), on their match keys (core/names/match_key.h):
// lowercase ASCII words already folded from Cyrillic, accents and case.
//
// A match key keeps differences that no standard transliteration scheme
// joins. A name's *skeleton* folds the common ones as well, word by word
// (core/names/spelling_fold.h: Yuriy / Iurii / Jurij, Khasanov / Hasanov,
// Kassymov / Kasymov...), then sorts the words (lists write "Surname Given"
// or "Given Surname"). Digits are kept: names that differ in a number
// (synthetic test names such as "Synthetic-01" / "Synthetic-02") are never
// close.
#ifndef FIELDVAULT_CORE_RECORDS_DUPLICATE_NAMES_H_
#define FIELDVAULT_CORE_RECORDS_DUPLICATE_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fieldvault::core {

// Names whose skeleton has fewer letters than this are only compared
// exactly: one letter apart is too weak a sign in a short name.
inline constexpr size_t kMinLettersForTypo = 8;

// One spelling, prepared for comparison.
struct NameForms {
  std::string written;    // as written, for display
  std::string key;        // its match key
  std::string sorted;     // the key's words sorted
  std::string skeleton;   // the folded words, sorted (see above)
  std::vector<std::string> skeleton_words;  // sorted
};

// The forms of the name written `written` with match key `key`.
NameForms MakeNameForms(std::string written, std::string key);

// How two spellings are alike, strongest first; kNone when they are not.
enum class NameLikeness {
  kSameKey,       // same match key
  kWordOrder,     // the same words in another order
  kVariant,       // the same skeleton: transliteration variants
  kOneLetter,     // skeletons one letter apart (typo, dropped letter)
  kWordsMissing,  // one skeleton's words (at least 2) all in the other's
  kNone,
};

// How `a` and `b` are alike.
NameLikeness CompareNames(const NameForms& a, const NameForms& b);

// The optimal string alignment distance between `a` and `b` (insertions,
// deletions, substitutions and swaps of neighbours), or `limit` + 1 when it
// is larger than `limit`.
size_t BoundedEditDistance(std::string_view a, std::string_view b,
                           size_t limit);

// `skeleton` with each letter left out in turn (digits and spaces stay),
// for the deletion-neighbourhood index: two skeletons one edit apart share
// one of these, or one is the other.
std::vector<std::string> OneLetterDeletions(std::string_view skeleton);

// The words of `skeleton` with each one left out in turn, when it has at
// least 3 words (so that "Given Patronymic Surname" meets "Given Surname").
std::vector<std::string> OneWordDeletions(
    const std::vector<std::string>& words);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_DUPLICATE_NAMES_H_
