#include "core/search/search_query.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/names/spelling_fold.h"
#include "core/text/utf8.h"

namespace fieldvault::core {
namespace {

std::vector<std::string_view> SplitWords(std::string_view query) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && std::string_view(" \t\r\n").find(query[i]) !=
                                   std::string_view::npos) {
      ++i;
    }
    size_t start = i;
    while (i < query.size() && std::string_view(" \t\r\n").find(query[i]) ==
                                   std::string_view::npos) {
      ++i;
    }
    if (i > start) words.push_back(query.substr(start, i - start));
  }
  return words;
}

// Inside an FTS4 phrase only `"` and `*` mean anything; dropping them makes
// any word safe to quote.
std::string StripSyntax(std::string_view word) {
  std::string cleaned;
  for (char c : word) {
    if (c != '"' && c != '*') cleaned.push_back(c);
  }
  return cleaned;
}

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

Result<std::string> BuildMatchExpression(std::string_view query,
                                         const NameNormalizer& normalizer) {
  if (query.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("the search is longer than " +
                                   std::to_string(kMaxQueryBytes) + " bytes");
  }
  if (FindInvalidUtf8(query) != std::string_view::npos) {
    return Status::InvalidArgument("the search is not valid UTF-8");
  }
  std::vector<std::string_view> words = SplitWords(query);
  if (words.size() > kMaxQueryWords) {
    return Status::InvalidArgument("the search has more than " +
                                   std::to_string(kMaxQueryWords) + " words");
  }
  std::string expression;
  for (std::string_view word : words) {
    const bool prefix = word.ends_with('*');
    std::string cleaned = StripSyntax(word);
    auto key = normalizer.MatchKey(cleaned);
    if (!key.ok()) continue;  // no letter or digit: nothing to look for
    const std::string star = prefix ? "*" : "";
    if (!expression.empty()) expression += ' ';
    // A word typed in plain ASCII is usually its own key: look it up once.
    if (IsAscii(cleaned) && *key == AsciiLower(cleaned)) {
      expression += '"' + cleaned + star + '"';
    } else {
      // FTS4's standard syntax cannot restrict a quoted phrase to a
      // column, so the key is looked up everywhere; keys are plain
      // lowercase words, so this matches nothing the typed word would
      // not justify.
      expression += '"' + cleaned + star + "\" OR \"" + *key + star + '"';
    }
    // And its spelling variants (Юрий, Yuriy, Iurii: "iuri"), which the
    // index holds beside the keys of names, places and titles.
    std::string folds = ChangedFolds(*key);
    if (!folds.empty() && key->find(' ') == std::string::npos) {
      expression += " OR \"" + folds + star + '"';
    }
  }
  if (expression.empty()) {
    return Status::InvalidArgument("the search has no words to look for")
        .WithHint("type a name, a place or another word, e.g. `ivanov`");
  }
  return expression;
}

double Bm25FromMatchinfo(std::span<const uint32_t> m,
                         std::span<const double> weights) {
  constexpr double kK1 = 1.2;
  constexpr double kB = 0.75;
  if (m.size() < 3) return 0;
  const size_t phrases = m[0];
  const size_t columns = m[1];
  const double documents = m[2];
  if (m.size() != 3 + 2 * columns + 3 * phrases * columns) return 0;
  std::span<const uint32_t> average = m.subspan(3, columns);
  std::span<const uint32_t> length = m.subspan(3 + columns, columns);
  std::span<const uint32_t> hits = m.subspan(3 + 2 * columns);
  double score = 0;
  for (size_t p = 0; p < phrases; ++p) {
    for (size_t c = 0; c < columns; ++c) {
      const uint32_t* x = &hits[3 * (p * columns + c)];
      const double tf = x[0];
      if (tf == 0) continue;
      const double with_term = x[2];
      // Lucene's IDF, log(1 + (N - n + 0.5) / (n + 0.5)): positive for any
      // n, and falling smoothly as the word gets more common. The classic
      // log((N - n + 0.5) / (n + 0.5)) turns negative once a word is in
      // more than half the documents, which in a detainee list is the
      // usual case for a place of detention or an authority ("police
      // department"); floored to a near-zero constant there, it scored
      // every such match ~0, so the column weights and the lengths no
      // longer told good matches from passing mentions.
      const double rarer = std::max(documents - with_term, 0.0);
      const double idf = std::log1p((rarer + 0.5) / (with_term + 0.5));
      const double avg = average[c] > 0 ? average[c] : 1;
      const double norm = kK1 * (1 - kB + kB * length[c] / avg);
      const double weight = c < weights.size() ? weights[c] : 1.0;
      score += weight * idf * tf * (kK1 + 1) / (tf + norm);
    }
  }
  return score;
}

}  // namespace fieldvault::core
