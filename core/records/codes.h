// Standard codes the data model uses, checked against ICU's tables rather
// than lists of our own: ISO 3166-1 alpha-2 countries, ISO 15924 scripts,
// and the shape of language tags (ISO 639 / BCP 47).
#ifndef FIELDVAULT_CORE_RECORDS_CODES_H_
#define FIELDVAULT_CORE_RECORDS_CODES_H_

#include <string>
#include <string_view>

namespace fieldvault::core {

// True for an assigned ISO 3166-1 alpha-2 code in upper case, e.g. "KZ".
bool IsCountryCode(std::string_view code);

// True for an ISO 15924 script code in its canonical case, e.g. "Cyrl".
bool IsScriptCode(std::string_view code);

// True for a well-formed language tag: a 2- or 3-letter lowercase ISO 639
// code, optionally followed by "-" subtags of 2-8 letters or digits
// ("kk", "ru", "en-GB"). Whether the code is assigned is not checked.
bool IsLanguageTag(std::string_view tag);

// The ISO 15924 code of the script most letters of `utf8` are written in
// ("Cyrl", "Latn", ...), or "Zyyy" (common) when it has no letters or the
// text is not valid UTF-8.
std::string DetectScript(std::string_view utf8);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_CODES_H_
