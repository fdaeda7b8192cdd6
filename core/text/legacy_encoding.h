// Guessing which legacy 8-bit character set a text that is not UTF-8 was
// saved in, so that a message can say "this looks like Windows-1251"
// instead of only "not valid UTF-8". A guess from byte statistics, for
// hints only: never used to convert text.
#ifndef FIELDVAULT_CORE_TEXT_LEGACY_ENCODING_H_
#define FIELDVAULT_CORE_TEXT_LEGACY_ENCODING_H_

#include <string_view>

namespace fieldvault::core {

// The likely character set of `bytes` (text that is not valid UTF-8), as a
// monitor would find it in a spreadsheet's "save as" dialog:
// "Windows-1251 (Cyrillic)", "KOI8-R (Cyrillic)" or "Windows-1252
// (Western European)"; "" when there are no bytes above 0x7F to tell.
// Cyrillic text is runs of bytes above 0xBF; Windows-1251 puts lower-case
// letters (the most frequent) at 0xE0-0xFF, KOI8-R at 0xC0-0xDF. Western
// text has lone accented letters between ASCII ones.
std::string_view GuessLegacyEncoding(std::string_view bytes);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_TEXT_LEGACY_ENCODING_H_
