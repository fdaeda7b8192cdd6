#include "core/names/spelling_fold.h"

#include <algorithm>
#include <array>
#include <utility>

namespace fieldvault::core {
namespace {

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 15>
    kFolds = {{{"tsch", "ch"}, {"tch", "ch"},
               {"dzh", "j"}, {"zh", "j"}, {"dj", "j"},
               {"kh", "h"}, {"q", "k"}, {"x", "ks"}, {"w", "v"}, {"tc", "ts"},
               {"y", "i"}, {"j", "i"},
               {"ie", "e"}, {"io", "e"}, {"ou", "u"}}};

}  // namespace

std::string FoldSpelling(std::string word) {
  for (const auto& [from, to] : kFolds) ReplaceAll(word, from, to);
  // A doubled letter written once (Kassymov / Kasymov).
  word.erase(std::unique(word.begin(), word.end(),
                         [](char a, char b) { return a == b && a >= 'a'; }),
             word.end());
  return word;
}

std::string ChangedFolds(std::string_view key) {
  std::string folds;
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) {
      const std::string word(key.substr(start, end - start));
      std::string folded = FoldSpelling(word);
      if (folded != word) {
        if (!folds.empty()) folds += ' ';
        folds += folded;
      }
    }
    start = end + 1;
  }
  return folds;
}

}  // namespace fieldvault::core
