#include "core/records/duplicate_names.h"

#include "core/names/spelling_fold.h"

#include <algorithm>
#include <span>
#include <utility>

namespace fieldvault::core {
namespace {

std::vector<std::string> SplitWords(std::string_view key) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= key.size()) {
    size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) words.emplace_back(key.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

bool IsLetter(char c) { return c >= 'a' && c <= 'z'; }

size_t Letters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), IsLetter));
}

std::string Digits(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

// True when every word of `small` (counted with repeats) is in `large`.
bool WordsIncluded(const std::vector<std::string>& small,
                   const std::vector<std::string>& large) {
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

bool OneLetterApart(const NameForms& a, const NameForms& b) {
  if (Letters(a.skeleton) < kMinLettersForTypo ||
      Letters(b.skeleton) < kMinLettersForTypo) {
    return false;
  }
  if (Digits(a.skeleton) != Digits(b.skeleton)) return false;
  return BoundedEditDistance(a.skeleton, b.skeleton, 1) == 1;
}

}  // namespace

NameForms MakeNameForms(std::string written, std::string key) {
  NameForms forms;
  forms.written = std::move(written);
  std::vector<std::string> words = SplitWords(key);
  forms.key = std::move(key);
  std::sort(words.begin(), words.end());
  forms.sorted = JoinWords(words);
  for (std::string& word : words) word = FoldSpelling(std::move(word));
  std::sort(words.begin(), words.end());
  forms.skeleton = JoinWords(words);
  forms.skeleton_words = std::move(words);
  return forms;
}

NameLikeness CompareNames(const NameForms& a, const NameForms& b) {
  if (a.key.empty() || b.key.empty()) return NameLikeness::kNone;
  if (a.key == b.key) return NameLikeness::kSameKey;
  if (a.sorted == b.sorted) return NameLikeness::kWordOrder;
  if (a.skeleton == b.skeleton) return NameLikeness::kVariant;
  if (OneLetterApart(a, b)) return NameLikeness::kOneLetter;
  const std::vector<std::string>* small = &a.skeleton_words;
  const std::vector<std::string>* large = &b.skeleton_words;
  if (small->size() > large->size()) std::swap(small, large);
  if (small->size() >= 2 && small->size() < large->size() &&
      WordsIncluded(*small, *large)) {
    return NameLikeness::kWordsMissing;
  }
  return NameLikeness::kNone;
}

size_t BoundedEditDistance(std::string_view a, std::string_view b,
                           size_t limit) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows of the optimal string alignment table; on the stack for
  // names of ordinary length (this runs once per candidate pair).
  constexpr size_t kStackRow = 96;
  std::array<size_t, 3 * kStackRow> stack_rows;
  std::vector<size_t> heap_rows;
  size_t* rows = stack_rows.data();
  if (m + 1 > kStackRow) {
    heap_rows.resize(3 * (m + 1));
    rows = heap_rows.data();
  }
  const size_t stride = m + 1 > kStackRow ? m + 1 : kStackRow;
  std::span<size_t> before(rows, m + 1), previous(rows + stride, m + 1),
      current(rows + 2 * stride, m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    current[0] = i;
    size_t row_min = current[0];
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

std::vector<std::string> OneLetterDeletions(std::string_view skeleton) {
  std::vector<std::string> out;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    if (!IsLetter(skeleton[i])) continue;
    // Deleting either of two equal neighbours gives the same text.
    if (i > 0 && skeleton[i - 1] == skeleton[i]) continue;
    std::string deleted(skeleton);
    deleted.erase(i, 1);
    out.push_back(std::move(deleted));
  }
  return out;
}

std::vector<std::string> OneWordDeletions(
    const std::vector<std::string>& words) {
  std::vector<std::string> out;
  if (words.size() < 3) return out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::vector<std::string> rest = words;
    rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(JoinWords(rest));
  }
  return out;
}

}  // namespace fieldvault::core
