#include "core/records/duplicate_persons.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/records/duplicate_evidence.h"

namespace fieldvault::core {
namespace {

// Persons sharing a fuzzy index entry (a skeleton with a letter or a word
// left out) are compared only when they spell it at most this many ways
// (distinct skeletons): more is a very common name part, and comparing
// them all would be all-pairs comparison again. Namesakes do not count
// against it: a very common name and its typo are still compared. Exact
// skeleton buckets have no limit.
constexpr size_t kMaxFuzzyBucket = 64;

struct IndexEntry {
  uint64_t hash = 0;
  uint64_t skeleton = 0;  // the hash of the skeleton it was made from
  uint32_t person = 0;
  bool fuzzy = false;
  bool operator<(const IndexEntry& o) const {
    return std::tie(hash, person) < std::tie(o.hash, o.person);
  }
};

// The entry's kind is mixed into the text's hash rather than prepended to
// a copy of it: one allocation less per entry, millions per 100k persons.
void AddEntry(std::vector<IndexEntry>& index, char kind, std::string_view text,
              const NameForms& name, uint32_t person, bool fuzzy) {
  const uint64_t hash = std::hash<std::string_view>{}(text);
  index.push_back({hash * 0x9E3779B97F4A7C15ull + static_cast<uint8_t>(kind),
                   std::hash<std::string_view>{}(name.skeleton), person,
                   fuzzy});
}

// The index of duplicate_persons.h: 'S' skeleton, 'D' skeleton and its
// one-letter deletions (long names), 'W' skeleton and its one-word
// deletions (names of two words or more).
std::vector<IndexEntry> BuildIndex(const std::vector<PreparedPerson>& persons) {
  std::vector<IndexEntry> index;
  for (uint32_t p = 0; p < persons.size(); ++p) {
    for (const NameForms& name : persons[p].names) {
      AddEntry(index, 'S', name.skeleton, name, p, false);
      if (name.skeleton.size() >= kMinLettersForTypo) {
        AddEntry(index, 'D', name.skeleton, name, p, true);
        for (const std::string& d : OneLetterDeletions(name.skeleton)) {
          AddEntry(index, 'D', d, name, p, true);
        }
      }
      if (name.skeleton_words.size() >= 2) {
        AddEntry(index, 'W', name.skeleton, name, p, true);
        for (const std::string& d : OneWordDeletions(name.skeleton_words)) {
          AddEntry(index, 'W', d, name, p, true);
        }
      }
    }
  }
  std::sort(index.begin(), index.end());
  index.erase(std::unique(index.begin(), index.end(),
                          [](const IndexEntry& x, const IndexEntry& y) {
                            return x.hash == y.hash && x.person == y.person;
                          }),
              index.end());
  return index;
}

using PersonPair = std::pair<uint32_t, uint32_t>;

void AddPair(uint32_t a, uint32_t b, std::vector<PersonPair>& pairs) {
  pairs.emplace_back(std::min(a, b), std::max(a, b));
}

// The pairs of a fuzzy bucket: persons spelling it differently (those with
// the same skeleton meet in its exact bucket), unless it is spelt more
// than kMaxFuzzyBucket ways.
void FuzzyBucketPairs(std::vector<IndexEntry> bucket,
                      std::vector<PersonPair>& pairs) {
  std::sort(bucket.begin(), bucket.end(), [](const auto& x, const auto& y) {
    return std::tie(x.skeleton, x.person) < std::tie(y.skeleton, y.person);
  });
  size_t spellings = 1;
  for (size_t i = 1; i < bucket.size(); ++i) {
    if (bucket[i].skeleton != bucket[i - 1].skeleton) ++spellings;
  }
  if (spellings < 2 || spellings > kMaxFuzzyBucket) return;
  for (size_t i = 0; i < bucket.size(); ++i) {
    for (size_t j = i + 1; j < bucket.size(); ++j) {
      if (bucket[j].skeleton == bucket[i].skeleton) continue;
      AddPair(bucket[i].person, bucket[j].person, pairs);
    }
  }
}

// Every pair of persons sharing an index entry (fuzzy ones as
// FuzzyBucketPairs says), as (lower, higher) index.
std::vector<PersonPair> CandidatePairs(const std::vector<IndexEntry>& index) {
  std::vector<PersonPair> pairs;
  for (size_t start = 0; start < index.size();) {
    size_t end = start + 1;
    while (end < index.size() && index[end].hash == index[start].hash) ++end;
    if (end - start < 2) {
      // alone in its bucket
    } else if (index[start].fuzzy) {
      FuzzyBucketPairs({index.begin() + start, index.begin() + end}, pairs);
    } else {
      for (size_t i = start; i < end; ++i) {
        for (size_t j = i + 1; j < end; ++j) {
          AddPair(index[i].person, index[j].person, pairs);
        }
      }
    }
    start = end;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  bool Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    parent_[std::max(a, b)] = std::min(a, b);
    return true;
  }

 private:
  std::vector<size_t> parent_;
};

// Which member becomes the others' target when a group is merged: the
// oldest record, then the one with more detentions, then more spellings.
bool MergeTargetFirst(const PersonForMatching& a, const PersonForMatching& b) {
  if (a.created_at != b.created_at) return a.created_at < b.created_at;
  if (a.detentions != b.detentions) return a.detentions > b.detentions;
  if (a.names.size() != b.names.size()) {
    return a.names.size() > b.names.size();
  }
  return a.id < b.id;
}

bool AnyConflict(const std::vector<const PersonForMatching*>& members) {
  for (size_t i = 0; i < members.size(); ++i) {
    for (size_t j = i + 1; j < members.size(); ++j) {
      if (Conflicting(*members[i], *members[j])) return true;
    }
  }
  return false;
}

// The members of `group` joined by its certain links into parts without a
// conflict inside, less one per part: what merging the certain ones merges.
size_t CertainMerges(const DuplicateGroup& group) {
  std::map<std::string, size_t> at;
  for (size_t i = 0; i < group.members.size(); ++i) {
    at[group.members[i].id] = i;
  }
  UnionFind parts(group.members.size());
  for (const DuplicateLink& link : group.links) {
    if (link.grade == DuplicateGrade::kCertain) parts.Join(at[link.a], at[link.b]);
  }
  std::map<size_t, std::vector<const PersonForMatching*>> by_part;
  for (size_t i = 0; i < group.members.size(); ++i) {
    by_part[parts.Find(i)].push_back(&group.members[i]);
  }
  size_t merges = 0;
  for (const auto& [part, members] : by_part) {
    if (members.size() > 1 && !AnyConflict(members)) merges += members.size() - 1;
  }
  return merges;
}

// A judged pair without its reasons (rejudged when its group is written
// out): a few bytes per pair, however many pairs a vault of namesakes has.
struct PairGrade {
  uint32_t a = 0, b = 0;  // the one that would be the merge target first
  DuplicateGrade grade = DuplicateGrade::kPossible;
};

bool InIncident(const PersonForMatching& person, const std::string& incident) {
  return std::binary_search(person.incident_ids.begin(),
                            person.incident_ids.end(), incident);
}

// The candidate pairs judged alike at options.min_grade or better,
// strongest first (in index order within a grade).
std::vector<PairGrade> JudgedPairs(const std::vector<PreparedPerson>& persons,
                                   const DuplicateOptions& options) {
  std::vector<PairGrade> pairs;
  for (auto [a, b] : CandidatePairs(BuildIndex(persons))) {
    if (!options.incident_id.empty() &&
        !InIncident(*persons[a].person, options.incident_id) &&
        !InIncident(*persons[b].person, options.incident_id)) {
      continue;
    }
    // The one that would be the merge target first, so that "a ~ b" and
    // the reasons' details read in the order the members are listed.
    if (MergeTargetFirst(*persons[b].person, *persons[a].person)) {
      std::swap(a, b);
    }
    std::optional<DuplicateLink> link = JudgePair(persons[a], persons[b]);
    if (link && link->grade <= options.min_grade) {
      pairs.push_back({a, b, link->grade});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    return x.grade < y.grade;
  });
  return pairs;
}

// A group before its members are copied and its pairs' reasons found.
struct PlannedGroup {
  DuplicateGrade grade = DuplicateGrade::kPossible;
  std::vector<uint32_t> members;  // merge target first
  std::vector<uint32_t> pairs;    // indexes into the judged pairs
};

// The groups of duplicate_persons.h: connected persons, joined strongest
// pair first, so a group's grade is that of the pair that joined it last
// (its weakest joining pair); certain groups with a conflict inside are
// likely. Groups below `min_grade` are left out; the rest are in listing
// order.
std::vector<PlannedGroup> PlanGroups(const std::vector<PreparedPerson>& persons,
                                     const std::vector<PairGrade>& pairs,
                                     DuplicateGrade min_grade) {
  UnionFind components(persons.size());
  std::vector<DuplicateGrade> grade_of_root(persons.size());
  for (const PairGrade& pair : pairs) {
    if (components.Join(pair.a, pair.b)) {
      grade_of_root[components.Find(pair.a)] = pair.grade;
    }
  }
  constexpr uint32_t kNone = ~0u;
  std::vector<uint32_t> group_of_root(persons.size(), kNone);
  std::vector<bool> listed(persons.size());
  std::vector<PlannedGroup> groups;
  for (uint32_t i = 0; i < pairs.size(); ++i) {
    const size_t root = components.Find(pairs[i].a);
    if (group_of_root[root] == kNone) {
      group_of_root[root] = static_cast<uint32_t>(groups.size());
      groups.push_back({grade_of_root[root], {}, {}});
    }
    PlannedGroup& group = groups[group_of_root[root]];
    group.pairs.push_back(i);
    for (uint32_t m : {pairs[i].a, pairs[i].b}) {
      if (!listed[m]) group.members.push_back(m);
      listed[m] = true;
    }
  }
  auto by_merge_target = [&](uint32_t x, uint32_t y) {
    return MergeTargetFirst(*persons[x].person, *persons[y].person);
  };
  for (PlannedGroup& group : groups) {
    std::sort(group.members.begin(), group.members.end(), by_merge_target);
    std::vector<const PersonForMatching*> members;
    for (uint32_t m : group.members) members.push_back(persons[m].person);
    // A certain group whose members conflict pairwise is only likely.
    if (group.grade == DuplicateGrade::kCertain && AnyConflict(members)) {
      group.grade = DuplicateGrade::kLikely;
    }
  }
  std::erase_if(groups, [&](const PlannedGroup& g) { return g.grade > min_grade; });
  auto key = [&](const PlannedGroup& g) {
    const PersonForMatching& first = *persons[g.members.front()].person;
    return std::tie(g.grade, first.names.front(), first.id);
  };
  std::sort(groups.begin(), groups.end(),
            [&](const auto& x, const auto& y) { return key(x) < key(y); });
  return groups;
}

// The group `planned` with copies of its members and each pair's reasons
// (judged again: the same pure judgement as when it was planned).
DuplicateGroup BuildGroup(const std::vector<PreparedPerson>& persons,
                          const std::vector<PairGrade>& pairs,
                          const PlannedGroup& planned) {
  DuplicateGroup group;
  group.grade = planned.grade;
  for (uint32_t m : planned.members) group.members.push_back(*persons[m].person);
  for (uint32_t i : planned.pairs) {
    std::optional<DuplicateLink> link =
        JudgePair(persons[pairs[i].a], persons[pairs[i].b]);
    if (!link) continue;  // cannot happen: it was judged alike when planned
    ++group.pairs[static_cast<size_t>(link->grade)];
    group.links.push_back(*std::move(link));
  }
  group.certain_merges = CertainMerges(group);
  return group;
}

void Count(const DuplicateGroup& group, DuplicateSummary& summary) {
  ++summary.groups[static_cast<size_t>(group.grade)];
  for (size_t g = 0; g < kDuplicateGrades; ++g) {
    summary.pairs[g] += group.pairs[g];
    if (g < static_cast<size_t>(group.grade)) {
      summary.pairs_above_group_grade += group.pairs[g];
    }
  }
  summary.persons += group.members.size();
  summary.certain_merges += group.certain_merges;
  if (group.members.size() > kMaxReviewableGroup) ++summary.too_large;
}

}  // namespace

std::string_view DuplicateGradeName(DuplicateGrade grade) {
  switch (grade) {
    case DuplicateGrade::kCertain:
      return "certain";
    case DuplicateGrade::kLikely:
      return "likely";
    case DuplicateGrade::kPossible:
      break;
  }
  return "possible";
}

Result<DuplicateGrade> ParseDuplicateGrade(std::string_view name) {
  for (DuplicateGrade grade : {DuplicateGrade::kCertain,
                               DuplicateGrade::kLikely,
                               DuplicateGrade::kPossible}) {
    if (name == DuplicateGradeName(grade)) return grade;
  }
  return Status::InvalidArgument("unknown grade '" + std::string(name) + "'")
      .WithHint("give certain, likely or possible");
}

Result<DuplicateSummary> ForEachDuplicateGroup(
    const std::vector<PersonForMatching>& persons,
    const DuplicateOptions& options, const DuplicateGroupSink& sink) {
  std::vector<PreparedPerson> prepared;
  prepared.reserve(persons.size());
  for (const PersonForMatching& person : persons) {
    if (person.kind == "individual") prepared.push_back(PreparePerson(person));
  }
  const std::vector<PairGrade> pairs = JudgedPairs(prepared, options);
  DuplicateSummary summary;
  for (const PlannedGroup& planned :
       PlanGroups(prepared, pairs, options.min_grade)) {
    DuplicateGroup group = BuildGroup(prepared, pairs, planned);
    Count(group, summary);
    FV_RETURN_IF_ERROR(sink(std::move(group)));
  }
  return summary;
}

std::vector<DuplicateGroup> FindDuplicatePersons(
    const std::vector<PersonForMatching>& persons,
    const DuplicateOptions& options) {
  std::vector<DuplicateGroup> groups;
  // The sink never fails, so neither does the search.
  (void)ForEachDuplicateGroup(persons, options, [&](DuplicateGroup group) {
    groups.push_back(std::move(group));
    return Status::Ok();
  });
  return groups;
}

}  // namespace fieldvault::core
