#include "core/records/duplicate_persons.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/records/duplicate_candidates.h"
#include "core/records/duplicate_evidence.h"

namespace fieldvault::core {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), size_(n, 1) {
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
    size_[std::min(a, b)] += size_[std::max(a, b)];
    return true;
  }
  // The number of members of x's part.
  size_t Size(size_t x) { return size_[Find(x)]; }

 private:
  std::vector<size_t> parent_;
  std::vector<size_t> size_;
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


bool InIncident(const PersonForMatching& person, const std::string& incident) {
  return std::binary_search(person.incident_ids.begin(),
                            person.incident_ids.end(), incident);
}

// Whether candidate pair `pair` is looked at under options.incident_id.
bool InScope(const std::vector<PreparedPerson>& persons, PersonPair pair,
             const DuplicateOptions& options) {
  return options.incident_id.empty() ||
         InIncident(*persons[pair.first].person, options.incident_id) ||
         InIncident(*persons[pair.second].person, options.incident_id);
}

// The link of candidate pair `pair` if it is judged alike at `min_grade`
// or better, the one that would be the merge target first (so that
// "a ~ b" and the reasons' details read in the order the members are
// listed).
std::optional<DuplicateLink> Judge(const std::vector<PreparedPerson>& persons,
                                   PersonPair pair, DuplicateGrade min_grade) {
  auto [a, b] = pair;
  if (MergeTargetFirst(*persons[b].person, *persons[a].person)) std::swap(a, b);
  std::optional<DuplicateLink> link = JudgePair(persons[a], persons[b]);
  if (!link || link->grade > min_grade) return std::nullopt;
  return link;
}

// Who is joined to whom by the pairs judged alike, at each grade: persons
// connected by pairs of that grade or better. No pair is kept: memory
// follows the persons.
struct Joined {
  explicit Joined(size_t n) : by_grade{UnionFind(n), UnionFind(n), UnionFind(n)} {}
  std::array<UnionFind, kDuplicateGrades> by_grade;
};

Joined JoinAlike(const std::vector<PreparedPerson>& persons,
                 const DuplicateCandidates& candidates,
                 const DuplicateOptions& options) {
  Joined joined(persons.size());
  candidates.ForEach(options.pair_budget, [&](PersonPair pair) {
    if (!InScope(persons, pair, options)) return;
    std::optional<DuplicateLink> link = Judge(persons, pair, options.min_grade);
    if (!link) return;
    for (size_t g = static_cast<size_t>(link->grade); g < kDuplicateGrades; ++g) {
      joined.by_grade[g].Join(pair.first, pair.second);
    }
  });
  return joined;
}

// A group before its members are copied and its pairs' reasons found.
struct PlannedGroup {
  DuplicateGrade grade = DuplicateGrade::kPossible;
  std::vector<uint32_t> members;  // merge target first
  uint64_t pairs_bound = 0;       // candidate pairs of its members, at most
};

// The groups of duplicate_persons.h: connected persons; a group's grade is
// the strongest at which its pairs alone connect it (the grade of its
// weakest joining pair, when joined strongest first); certain groups with
// a conflict inside are likely. Groups below `min_grade` are left out; the
// rest are in listing order.
std::vector<PlannedGroup> PlanGroups(const std::vector<PreparedPerson>& persons,
                                     const DuplicateCandidates& candidates,
                                     Joined& joined, DuplicateGrade min_grade) {
  UnionFind& all = joined.by_grade[static_cast<size_t>(min_grade)];
  constexpr uint32_t kNone = ~0u;
  std::vector<uint32_t> group_of_root(persons.size(), kNone);
  std::vector<PlannedGroup> groups;
  for (uint32_t p = 0; p < persons.size(); ++p) {
    if (all.Size(p) < 2) continue;
    const size_t root = all.Find(p);
    if (group_of_root[root] == kNone) {
      group_of_root[root] = static_cast<uint32_t>(groups.size());
      DuplicateGrade grade = min_grade;
      for (size_t g = 0; g < static_cast<size_t>(min_grade); ++g) {
        if (joined.by_grade[g].Size(p) == all.Size(p)) {
          grade = static_cast<DuplicateGrade>(g);
          break;
        }
      }
      groups.push_back({grade, {}, 0});
    }
    PlannedGroup& group = groups[group_of_root[root]];
    group.members.push_back(p);
    group.pairs_bound += candidates.PairsOf(p);
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

// The group `planned` with copies of its members and the links of its
// candidate pairs `pairs` (in (lower, higher) order) judged alike,
// strongest first, in that order within a grade.
DuplicateGroup BuildGroup(const std::vector<PreparedPerson>& persons,
                          const std::vector<PersonPair>& pairs,
                          const PlannedGroup& planned, DuplicateGrade min_grade) {
  DuplicateGroup group;
  group.grade = planned.grade;
  for (uint32_t m : planned.members) group.members.push_back(*persons[m].person);
  for (PersonPair pair : pairs) {
    std::optional<DuplicateLink> link = Judge(persons, pair, min_grade);
    if (!link) continue;
    ++group.pairs[static_cast<size_t>(link->grade)];
    group.links.push_back(*std::move(link));
  }
  std::stable_sort(group.links.begin(), group.links.end(),
                   [](const auto& x, const auto& y) { return x.grade < y.grade; });
  group.certain_merges = CertainMerges(group);
  return group;
}

// Passes the groups [begin, end) of `planned` to `sink`, in order, after
// collecting their candidate pairs in one pass over the candidates.
Status EmitGroups(const std::vector<PreparedPerson>& persons,
                  const DuplicateCandidates& candidates,
                  const DuplicateOptions& options,
                  const std::vector<PlannedGroup>& planned, size_t begin,
                  size_t end, DuplicateSummary& summary,
                  const DuplicateGroupSink& sink) {
  constexpr uint32_t kNone = ~0u;
  std::vector<uint32_t> group_of(persons.size(), kNone);
  for (size_t g = begin; g < end; ++g) {
    for (uint32_t m : planned[g].members) group_of[m] = static_cast<uint32_t>(g - begin);
  }
  std::vector<std::vector<PersonPair>> pairs(end - begin);
  candidates.ForEach(options.pair_budget, [&](PersonPair pair) {
    const uint32_t g = group_of[pair.first];
    if (g == kNone || g != group_of[pair.second]) return;
    if (InScope(persons, pair, options)) pairs[g].push_back(pair);
  });
  for (size_t g = begin; g < end; ++g) {
    DuplicateGroup group = BuildGroup(persons, pairs[g - begin], planned[g],
                                      options.min_grade);
    pairs[g - begin] = {};
    Count(group, summary);
    FV_RETURN_IF_ERROR(sink(std::move(group)));
  }
  return Status::Ok();
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
  const DuplicateCandidates candidates(prepared);
  std::vector<PlannedGroup> planned;
  {
    Joined joined = JoinAlike(prepared, candidates, options);
    planned = PlanGroups(prepared, candidates, joined, options.min_grade);
  }
  // Groups go out in batches whose candidate pairs fit the budget (a group
  // larger than it goes alone): one more pass over the candidates each.
  DuplicateSummary summary;
  for (size_t begin = 0; begin < planned.size();) {
    size_t end = begin;
    uint64_t held = 0;
    while (end < planned.size() &&
           (end == begin || held + planned[end].pairs_bound <= options.pair_budget)) {
      held += planned[end++].pairs_bound;
    }
    FV_RETURN_IF_ERROR(EmitGroups(prepared, candidates, options, planned, begin,
                                  end, summary, sink));
    begin = end;
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
