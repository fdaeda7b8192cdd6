// Internal to duplicate detection (duplicate_persons.h): the candidate
// pairs, persons sharing an entry of the name index, produced in bounded
// memory.
//
// Each spelling is indexed under its skeleton, the skeleton with each
// letter left out (when long enough) and with each word left out; persons
// sharing an entry are candidates (a fuzzy entry only between different
// skeletons, and only when it is spelt at most kMaxFuzzyBucket ways). A
// vault of namesakes has millions of such pairs, so they are never all
// held: they are produced by ranges of the lower person's index, each
// range holding at most about `budget` pairs (one range holds all of one
// person's pairs, whatever their number), sorted and without repeats,
// ranges in order: the whole sequence is every pair once, in (lower,
// higher) order.
#ifndef FIELDVAULT_CORE_RECORDS_DUPLICATE_CANDIDATES_H_
#define FIELDVAULT_CORE_RECORDS_DUPLICATE_CANDIDATES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "core/records/duplicate_evidence.h"

namespace fieldvault::core {

// A pair of persons by index into the prepared persons, lower first.
using PersonPair = std::pair<uint32_t, uint32_t>;

class DuplicateCandidates {
 public:
  // Indexes `persons`, which must outlive this object, and counts each
  // person's pairs (a few bytes per index entry and per person).
  explicit DuplicateCandidates(const std::vector<PreparedPerson>& persons);

  // Calls `visit` with every candidate pair once, in (lower, higher) order,
  // holding at most about `budget` pairs at a time (at least 1).
  void ForEach(size_t budget, const std::function<void(PersonPair)>& visit) const;

  // An upper bound of the candidate pairs whose lower person is `person`.
  uint64_t PairsOf(uint32_t person) const { return pairs_of_[person]; }

 private:
  struct IndexEntry {
    uint64_t hash = 0;
    uint64_t skeleton = 0;  // the hash of the skeleton it was made from
    uint32_t person = 0;
    bool fuzzy = false;
    bool operator<(const IndexEntry& o) const {
      return std::tie(hash, person) < std::tie(o.hash, o.person);
    }
  };
  static void AddEntry(std::vector<IndexEntry>& index, char kind,
                       std::string_view text, const NameForms& name,
                       uint32_t person, bool fuzzy);
  // Calls `emit(a, b)` for every pair of every bucket, repeats included.
  void ForEachBucketPair(const std::function<void(uint32_t, uint32_t)>& emit) const;

  std::vector<IndexEntry> index_;
  std::vector<uint64_t> pairs_of_;  // by lower person, repeats included
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_DUPLICATE_CANDIDATES_H_
