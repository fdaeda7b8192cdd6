#include "core/records/duplicate_candidates.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace fieldvault::core {
namespace {

// Persons sharing a fuzzy index entry (a skeleton with a letter or a word
// left out) are compared only when they spell it at most this many ways
// (distinct skeletons): more is a very common name part, and comparing
// them all would be all-pairs comparison again. Namesakes do not count
// against it: a very common name and its typo are still compared. Exact
// skeleton buckets have no limit.
constexpr size_t kMaxFuzzyBucket = 64;

}  // namespace

// The entry's kind is mixed into the text's hash rather than prepended to
// a copy of it: one allocation less per entry, millions per 100k persons.
void DuplicateCandidates::AddEntry(std::vector<IndexEntry>& index, char kind,
                                   std::string_view text, const NameForms& name,
                                   uint32_t person, bool fuzzy) {
  const uint64_t hash = std::hash<std::string_view>{}(text);
  index.push_back({hash * 0x9E3779B97F4A7C15ull + static_cast<uint8_t>(kind),
                   std::hash<std::string_view>{}(name.skeleton), person, fuzzy});
}

// The index: 'S' skeleton, 'D' skeleton and its one-letter deletions (long
// names), 'W' skeleton and its one-word deletions (names of two words or
// more).
DuplicateCandidates::DuplicateCandidates(const std::vector<PreparedPerson>& persons)
    : pairs_of_(persons.size()) {
  for (uint32_t p = 0; p < persons.size(); ++p) {
    for (const NameForms& name : persons[p].names) {
      AddEntry(index_, 'S', name.skeleton, name, p, false);
      if (name.skeleton.size() >= kMinLettersForTypo) {
        AddEntry(index_, 'D', name.skeleton, name, p, true);
        for (const std::string& d : OneLetterDeletions(name.skeleton)) {
          AddEntry(index_, 'D', d, name, p, true);
        }
      }
      if (name.skeleton_words.size() >= 2) {
        AddEntry(index_, 'W', name.skeleton, name, p, true);
        for (const std::string& d : OneWordDeletions(name.skeleton_words)) {
          AddEntry(index_, 'W', d, name, p, true);
        }
      }
    }
  }
  std::sort(index_.begin(), index_.end());
  index_.erase(std::unique(index_.begin(), index_.end(),
                           [](const IndexEntry& x, const IndexEntry& y) {
                             return x.hash == y.hash && x.person == y.person;
                           }),
               index_.end());
  ForEachBucketPair([&](uint32_t a, uint32_t b) { ++pairs_of_[std::min(a, b)]; });
}

void DuplicateCandidates::ForEachBucketPair(
    const std::function<void(uint32_t, uint32_t)>& emit) const {
  std::vector<IndexEntry> bucket;
  for (size_t start = 0; start < index_.size();) {
    size_t end = start + 1;
    while (end < index_.size() && index_[end].hash == index_[start].hash) ++end;
    if (end - start < 2) {
      // alone in its bucket
    } else if (!index_[start].fuzzy) {
      for (size_t i = start; i < end; ++i) {
        for (size_t j = i + 1; j < end; ++j) emit(index_[i].person, index_[j].person);
      }
    } else {
      // Persons spelling it differently (those with the same skeleton meet
      // in its exact bucket), unless it is spelt too many ways.
      bucket.assign(index_.begin() + start, index_.begin() + end);
      std::sort(bucket.begin(), bucket.end(), [](const auto& x, const auto& y) {
        return std::tie(x.skeleton, x.person) < std::tie(y.skeleton, y.person);
      });
      size_t spellings = 1;
      for (size_t i = 1; i < bucket.size(); ++i) {
        if (bucket[i].skeleton != bucket[i - 1].skeleton) ++spellings;
      }
      if (spellings >= 2 && spellings <= kMaxFuzzyBucket) {
        for (size_t i = 0; i < bucket.size(); ++i) {
          for (size_t j = i + 1; j < bucket.size(); ++j) {
            if (bucket[j].skeleton == bucket[i].skeleton) continue;
            emit(bucket[i].person, bucket[j].person);
          }
        }
      }
    }
    start = end;
  }
}

void DuplicateCandidates::ForEach(size_t budget,
                                  const std::function<void(PersonPair)>& visit) const {
  budget = std::max<size_t>(budget, 1);
  std::vector<PersonPair> pairs;
  for (uint32_t low = 0; low < pairs_of_.size();) {
    // The range [low, high): as many lower persons as fit the budget, and
    // at least one.
    uint32_t high = low;
    uint64_t held = 0;
    while (high < pairs_of_.size() &&
           (high == low || held + pairs_of_[high] <= budget)) {
      held += pairs_of_[high++];
    }
    if (held != 0) {
      pairs.clear();
      pairs.reserve(held);
      ForEachBucketPair([&](uint32_t a, uint32_t b) {
        const uint32_t lower = std::min(a, b);
        if (lower >= low && lower < high) pairs.emplace_back(lower, std::max(a, b));
      });
      std::sort(pairs.begin(), pairs.end());
      pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
      for (const PersonPair& pair : pairs) visit(pair);
    }
    low = high;
  }
}

}  // namespace fieldvault::core
