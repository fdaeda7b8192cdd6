// Whether a line of a bundle's records/<type>.jsonl is one JSON text, as
// the receiver's parser (nlohmann::json) would take it, at several times
// the speed of nlohmann::json::accept: an export checks every record line
// in its first pass, and with accept() alone that check was the pass's
// slowest stage.
//
// IsJsonText gives exactly accept()'s answer. It first runs a strict
// scanner that answers "valid" only for texts accept() certainly takes
// (RFC 8259 grammar, well-formed UTF-8, escapes without surrogates,
// numbers without exponent of at most kMaxQuickNumberBytes, nesting up to
// kMaxQuickDepth); anything else, and every text it does not vouch for,
// is decided by accept() itself. The stored canonical records (nlohmann's
// own dump) are vouched for by the scanner.
#ifndef FIELDVAULT_CORE_BUNDLE_JSON_LINE_CHECK_H_
#define FIELDVAULT_CORE_BUNDLE_JSON_LINE_CHECK_H_

#include <cstddef>
#include <string_view>

namespace fieldvault::core::bundle {

// Limits of the quick scanner; beyond them accept() decides.
inline constexpr size_t kMaxQuickDepth = 64;
inline constexpr size_t kMaxQuickNumberBytes = 300;

// True when `text` is one JSON value, optionally surrounded by JSON
// whitespace, that nlohmann::json::accept(text) accepts; false otherwise.
// Reads only `text`; never throws.
bool IsJsonText(std::string_view text);

// The quick scanner alone, for tests: true only for texts that
// nlohmann::json::accept also accepts; false means "not vouched for" (the
// text may still be JSON).
bool QuickJsonCheck(std::string_view text);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_JSON_LINE_CHECK_H_
