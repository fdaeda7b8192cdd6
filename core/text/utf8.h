// Strict UTF-8 validation for untrusted text (CSV files, names, queries).
// Well-formed means RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequences.
#ifndef FIELDVAULT_CORE_TEXT_UTF8_H_
#define FIELDVAULT_CORE_TEXT_UTF8_H_

#include <cstddef>
#include <string_view>

namespace fieldvault::core {

// Returns the byte offset of the first ill-formed sequence in `bytes`, or
// std::string_view::npos when all of it is well-formed UTF-8.
size_t FindInvalidUtf8(std::string_view bytes);

// Returns the byte offset of the first control character in well-formed
// UTF-8 `text`, or std::string_view::npos: C0 controls other than tab, line
// feed and a carriage return right before a line feed (CRLF), DEL, and the
// C1 controls U+0080..U+009F, and the bidirectional embedding, override
// and isolate controls U+202A..U+202E and U+2066..U+2069 (the marks
// U+200E, U+200F and U+061C are allowed). These have no place in a record
// and could steer a terminal that prints them (escape sequences, a lone
// carriage return that prints one text over another, or a right-to-left
// override that reverses the rest of a line, in text received from
// elsewhere).
size_t FindControlCharacter(std::string_view text);

// As FindControlCharacter, but tab, line feed and carriage return count as
// control characters too: for one-line values such as names, titles,
// places, file names, labels and the fields of a bundle's manifest or
// custody log.
size_t FindControlCharacterInLine(std::string_view text);

// True when every byte of `bytes` is below 0x80.
bool IsAscii(std::string_view bytes);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_TEXT_UTF8_H_
