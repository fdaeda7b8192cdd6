#include "core/records/duplicate_persons.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "core/records/duplicate_evidence.h"

namespace fieldvault::core {
namespace {

// Persons sharing a fuzzy index entry (a skeleton with a letter or a word
// left out) are compared only when they are at most this many: a larger
// bucket is a very common name part, and comparing all its pairs would be
// all-pairs comparison again. Exact skeleton buckets have no limit.
constexpr size_t kMaxFuzzyBucket = 64;

struct IndexEntry {
  uint64_t hash = 0;
  uint32_t person = 0;
  bool fuzzy = false;
  bool operator<(const IndexEntry& o) const {
    return std::tie(hash, person) < std::tie(o.hash, o.person);
  }
};

// The entry's kind is mixed into the text's hash rather than prepended to
// a copy of it: one allocation less per entry, millions per 100k persons.
void AddEntry(std::vector<IndexEntry>& index, char kind, std::string_view text,
              uint32_t person, bool fuzzy) {
  const uint64_t hash = std::hash<std::string_view>{}(text);
  index.push_back({hash * 0x9E3779B97F4A7C15ull + static_cast<uint8_t>(kind),
                   person, fuzzy});
}

// The index of duplicate_persons.h: 'S' skeleton, 'D' skeleton and its
// one-letter deletions (long names), 'W' skeleton and its one-word
// deletions (names of two words or more).
std::vector<IndexEntry> BuildIndex(const std::vector<PreparedPerson>& persons) {
  std::vector<IndexEntry> index;
  for (uint32_t p = 0; p < persons.size(); ++p) {
    for (const NameForms& name : persons[p].names) {
      AddEntry(index, 'S', name.skeleton, p, false);
      if (name.skeleton.size() >= kMinLettersForTypo) {
        AddEntry(index, 'D', name.skeleton, p, true);
        for (const std::string& d : OneLetterDeletions(name.skeleton)) {
          AddEntry(index, 'D', d, p, true);
        }
      }
      if (name.skeleton_words.size() >= 2) {
        AddEntry(index, 'W', name.skeleton, p, true);
        for (const std::string& d : OneWordDeletions(name.skeleton_words)) {
          AddEntry(index, 'W', d, p, true);
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

// Every pair of persons sharing an index entry, as (lower, higher) index.
std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(
    const std::vector<IndexEntry>& index) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (size_t start = 0; start < index.size();) {
    size_t end = start + 1;
    while (end < index.size() && index[end].hash == index[start].hash) ++end;
    const bool fuzzy = index[start].fuzzy;
    if (end - start > 1 && !(fuzzy && end - start > kMaxFuzzyBucket)) {
      for (size_t i = start; i < end; ++i) {
        for (size_t j = i + 1; j < end; ++j) {
          pairs.emplace_back(index[i].person, index[j].person);
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

// A certain group whose members conflict pairwise is only likely.
DuplicateGrade CheckedGrade(const DuplicateGroup& group) {
  if (group.grade != DuplicateGrade::kCertain) return group.grade;
  std::vector<const PersonForMatching*> members;
  for (const auto& member : group.members) members.push_back(&member);
  return AnyConflict(members) ? DuplicateGrade::kLikely : group.grade;
}

struct JudgedLink {
  uint32_t a = 0, b = 0;
  DuplicateLink link;
};

// The groups of duplicate_persons.h from the judged links: connected
// persons, joined strongest link first, so a group's grade is that of the
// last link that joined it (its weakest joining link).
std::vector<DuplicateGroup> Groups(const std::vector<PreparedPerson>& persons,
                                   std::vector<JudgedLink> links,
                                   DuplicateGrade min_grade) {
  std::stable_sort(links.begin(), links.end(), [](const auto& x, const auto& y) {
    return x.link.grade < y.link.grade;
  });
  UnionFind components(persons.size());
  std::vector<DuplicateGrade> grade_of_root(persons.size());
  for (const JudgedLink& judged : links) {
    if (components.Join(judged.a, judged.b)) {
      grade_of_root[components.Find(judged.a)] = judged.link.grade;
    }
  }
  std::map<size_t, std::pair<std::set<uint32_t>, DuplicateGroup>> by_root;
  for (JudgedLink& judged : links) {
    auto& [members, group] = by_root[components.Find(judged.a)];
    members.insert({judged.a, judged.b});
    group.links.push_back(std::move(judged.link));
  }
  std::vector<DuplicateGroup> groups;
  for (auto& [root, entry] : by_root) {
    auto& [members, group] = entry;
    for (uint32_t m : members) group.members.push_back(*persons[m].person);
    std::sort(group.members.begin(), group.members.end(), MergeTargetFirst);
    group.grade = grade_of_root[root];
    group.grade = CheckedGrade(group);
    group.certain_merges = CertainMerges(group);
    if (group.grade <= min_grade) groups.push_back(std::move(group));
  }
  return groups;
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

std::vector<DuplicateGroup> FindDuplicatePersons(
    const std::vector<PersonForMatching>& persons,
    const DuplicateOptions& options) {
  std::vector<PreparedPerson> prepared;
  prepared.reserve(persons.size());
  for (const PersonForMatching& person : persons) {
    if (person.kind == "individual") prepared.push_back(PreparePerson(person));
  }
  std::vector<JudgedLink> links;
  for (auto [a, b] : CandidatePairs(BuildIndex(prepared))) {
    // The one that would be the merge target first, so that "a ~ b" and
    // the reasons' details read in the order the members are listed.
    if (MergeTargetFirst(*prepared[b].person, *prepared[a].person)) {
      std::swap(a, b);
    }
    std::optional<DuplicateLink> link = JudgePair(prepared[a], prepared[b]);
    if (link && link->grade <= options.min_grade) {
      links.push_back({a, b, *std::move(link)});
    }
  }
  std::vector<DuplicateGroup> groups =
      Groups(prepared, std::move(links), options.min_grade);
  std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return std::make_tuple(x.grade, x.members.front().names.front(),
                           x.members.front().id) <
           std::make_tuple(y.grade, y.members.front().names.front(),
                           y.members.front().id);
  });
  return groups;
}

}  // namespace fieldvault::core
