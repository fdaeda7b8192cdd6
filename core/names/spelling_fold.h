// Folding the spelling variants that transliteration leaves in a name's
// match key (core/names/match_key.h): lowercase ASCII words already folded
// from Cyrillic, accents and case. One word at a time, in this order:
//   tsch, tch -> ch       (German and French spellings of Ch:
//                          Tschestow / Tchestov / Chestov)
//   dzh, zh, dj -> j      (Zhanar / Janar, Dzhumabaev / Jumabaev)
//   kh -> h, q -> k, x -> ks, w -> v, tc -> ts
//                         (Khasanov / Hasanov, Qairat / Kairat,
//                          Alexandr / Aleksandr, Iwanow / Ivanov)
//   y, j -> i             (Yuriy / Iurii / Jurij, Aleksey / Aleksei)
//   ie -> e, io -> e      (Yerlan / Erlan, Sergeyev / Sergeev,
//                          Fyodor / Fedor, Semyon / Semen)
//   ou -> u               (Oumarov / Umarov)
//   a doubled letter -> one (Kassymov / Kasymov, Dmitrii / Dmitri)
// Each later rule sees what the earlier ones left ("zh" -> "j" -> "i"), so
// every variant of a pair ends in the same spelling. Digits are kept.
// Used by duplicate detection (core/records/duplicate_names.h), the report's
// places and search, so that all three join the same spellings.
#ifndef FIELDVAULT_CORE_NAMES_SPELLING_FOLD_H_
#define FIELDVAULT_CORE_NAMES_SPELLING_FOLD_H_

#include <string>
#include <string_view>

namespace fieldvault::core {

// The folded spelling of one match-key word.
std::string FoldSpelling(std::string word);

// The folded spellings of the words of match key `key` that folding
// changes, space-separated ("" when it changes none).
std::string ChangedFolds(std::string_view key);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_NAMES_SPELLING_FOLD_H_
