#include "core/records/codes.h"

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <map>

namespace fieldvault::core {

bool IsCountryCode(std::string_view code) {
  if (code.size() != 2) return false;
  // ICU's list holds current ISO 3166-1 codes (and no deprecated ones in
  // the ICU 72 Debian ships).
  for (const char* const* entry = uloc_getISOCountries(); *entry != nullptr;
       ++entry) {
    if (code == *entry) return true;
  }
  return false;
}

bool IsScriptCode(std::string_view code) {
  if (code.size() != 4) return false;
  if (code[0] < 'A' || code[0] > 'Z') return false;
  for (size_t i = 1; i < 4; ++i) {
    if (code[i] < 'a' || code[i] > 'z') return false;
  }
  std::string text(code);
  int32_t value = u_getPropertyValueEnum(UCHAR_SCRIPT, text.c_str());
  if (value == UCHAR_INVALID_CODE) return false;
  // Property aliases include long names ("Latin"); insist on the code.
  return text == uscript_getShortName(static_cast<UScriptCode>(value));
}

bool IsLanguageTag(std::string_view tag) {
  size_t start = 0;
  bool first = true;
  while (start <= tag.size()) {
    size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    std::string_view part = tag.substr(start, end - start);
    if (first) {
      if (part.size() < 2 || part.size() > 3) return false;
      for (char c : part) {
        if (c < 'a' || c > 'z') return false;
      }
    } else {
      if (part.size() < 2 || part.size() > 8) return false;
      for (char c : part) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9');
        if (!alnum) return false;
      }
    }
    first = false;
    if (end == tag.size()) return true;
    start = end + 1;
  }
  return false;
}

std::string DetectScript(std::string_view utf8) {
  std::map<UScriptCode, int> counts;
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0) return "Zyyy";
    if (!u_isalpha(c)) continue;
    UErrorCode error = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &error);
    if (U_SUCCESS(error) && script != USCRIPT_COMMON &&
        script != USCRIPT_INHERITED) {
      ++counts[script];
    }
  }
  UScriptCode best = USCRIPT_COMMON;
  int best_count = 0;
  for (const auto& [script, count] : counts) {
    if (count > best_count) {
      best = script;
      best_count = count;
    }
  }
  return uscript_getShortName(best);
}

}  // namespace fieldvault::core
