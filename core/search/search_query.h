// Turns what a monitor types into an FTS4 MATCH expression for the search
// index (core/search/search_index.h), and ranks FTS4 matches.
//
// Queries are words, not FTS syntax: every character FTS4 would read as an
// operator is dropped, so no query can fail to parse or reach columns it
// should not. Each word is matched as typed (with unicode61's case and
// diacritic folding), through its name match key, or through the key's
// spelling fold (core/names/spelling_fold.h) when that differs, and every
// word must match: `юрий almaty` is ("юрий" OR "iurii" OR "iuri") AND
// "almaty". A word ending in `*` matches as a prefix.
#ifndef FIELDVAULT_CORE_SEARCH_SEARCH_QUERY_H_
#define FIELDVAULT_CORE_SEARCH_SEARCH_QUERY_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/names/match_key.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr size_t kMaxQueryWords = 16;

// Returns the MATCH expression for `query`. kInvalidArgument when the query
// is not valid UTF-8, longer than kMaxQueryBytes, has more than
// kMaxQueryWords words, or has no word with a letter or digit.
Result<std::string> BuildMatchExpression(std::string_view query,
                                         const NameNormalizer& normalizer);

// Okapi BM25 (k1 = 1.2, b = 0.75, Lucene's always-positive IDF) of one row
// from the blob of FTS4's matchinfo(table, 'pcnalx'), each column's score
// multiplied by its weight in `weights` (missing weights count as 1).
// Higher is better; every match of a phrase scores above 0, also of a
// phrase in most documents; 0 when the blob is malformed.
double Bm25FromMatchinfo(std::span<const uint32_t> matchinfo,
                         std::span<const double> weights);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_SEARCH_SEARCH_QUERY_H_
