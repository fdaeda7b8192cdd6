// Tests of how duplicate candidates are grouped and handed out
// (duplicate_persons.h): groups at the requested minimum grade only, pair
// counts per grade, the incident filter, groups too large to review, and
// groups produced one at a time through the sink. In memory: synthetic
// persons with their match keys given directly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/records/duplicate_persons.h"

namespace fieldvault::core {
namespace {

PersonForMatching Person(std::string id, std::string name, const char* birth,
                         std::vector<std::string> incidents = {}) {
  PersonForMatching person;
  person.id = std::move(id);
  person.created_at = static_cast<int64_t>(person.id.size()) * 1000 +
                      person.id.back();
  person.names = {name};
  person.match_keys = {name};  // already a match key: lowercase ASCII
  if (*birth != '\0') person.birth_date = PartialDate::Parse(birth).value();
  person.incident_ids = std::move(incidents);
  person.detentions = 1;
  return person;
}

DuplicateOptions AtLeast(DuplicateGrade grade, std::string incident = "") {
  DuplicateOptions options;
  options.min_grade = grade;
  options.incident_id = std::move(incident);
  return options;
}

std::vector<std::string> Ids(const DuplicateGroup& group) {
  std::vector<std::string> ids;
  for (const auto& member : group.members) ids.push_back(member.id);
  return ids;
}

// a ~ b likely (one letter apart, same year); b ~ c possible (same name,
// another year); d ~ e certain.
std::vector<PersonForMatching> Chain() {
  return {Person("p-a", "testov synthetik", "1985"),
          Person("p-b", "testov synthetic", "1985"),
          Person("p-c", "testov synthetic", "1990"),
          Person("p-d", "primerov maket", "1970"),
          Person("p-e", "primerov maket", "1970")};
}

TEST(DuplicateGroupsTest, WeakPairsJoinGroupsOnlyAtTheirGrade) {
  std::vector<DuplicateGroup> groups =
      FindDuplicatePersons(Chain(), AtLeast(DuplicateGrade::kPossible));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].grade, DuplicateGrade::kCertain);
  EXPECT_EQ(Ids(groups[0]), (std::vector<std::string>{"p-d", "p-e"}));
  // The possible pair b ~ c joins a likely pair into one possible group,
  // which says it holds a likely pair.
  EXPECT_EQ(groups[1].grade, DuplicateGrade::kPossible);
  EXPECT_EQ(Ids(groups[1]), (std::vector<std::string>{"p-a", "p-b", "p-c"}));
  EXPECT_EQ(groups[1].pairs, (CountByGrade{0, 1, 1}));
  EXPECT_EQ(groups[1].links[0].grade, DuplicateGrade::kLikely);  // strongest first

  // At likely, the possible pair is not used: a and b alone, graded likely.
  groups = FindDuplicatePersons(Chain(), AtLeast(DuplicateGrade::kLikely));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[1].grade, DuplicateGrade::kLikely);
  EXPECT_EQ(Ids(groups[1]), (std::vector<std::string>{"p-a", "p-b"}));
  EXPECT_EQ(groups[1].pairs, (CountByGrade{0, 1, 0}));
}

TEST(DuplicateGroupsTest, SummaryCountsGroupsAndPairsPerGrade) {
  auto summary = ForEachDuplicateGroup(
      Chain(), AtLeast(DuplicateGrade::kPossible),
      [](DuplicateGroup) { return Status::Ok(); });
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->groups, (CountByGrade{1, 0, 1}));
  EXPECT_EQ(summary->pairs, (CountByGrade{1, 1, 1}));
  EXPECT_EQ(summary->pairs_above_group_grade, 1u);  // the likely one
  EXPECT_EQ(summary->persons, 5u);
  EXPECT_EQ(summary->certain_merges, 1u);
  EXPECT_EQ(summary->too_large, 0u);
}

TEST(DuplicateGroupsTest, GroupsArePassedOneAtATimeInListingOrder) {
  const std::vector<DuplicateGroup> all =
      FindDuplicatePersons(Chain(), AtLeast(DuplicateGrade::kPossible));
  std::vector<std::vector<std::string>> seen;
  auto summary = ForEachDuplicateGroup(
      Chain(), AtLeast(DuplicateGrade::kPossible), [&](DuplicateGroup group) {
        seen.push_back(Ids(group));
        return Status::Ok();
      });
  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(seen.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(seen[i], Ids(all[i]));

  // A sink that fails (a full disk) stops the search at once.
  int calls = 0;
  auto stopped = ForEachDuplicateGroup(
      Chain(), AtLeast(DuplicateGrade::kPossible), [&](DuplicateGroup) {
        ++calls;
        return Status::IoError("synthetic full disk");
      });
  EXPECT_EQ(stopped.status().code(), StatusCode::kIoError);
  EXPECT_EQ(calls, 1);
}

TEST(DuplicateGroupsTest, IncidentKeepsOnlyPairsWithOneOfItsPersons) {
  std::vector<PersonForMatching> persons = {
      Person("p-a", "testov synthetik", "1985", {"inc-1"}),
      Person("p-b", "testov synthetik", "1985", {"inc-2"}),
      Person("p-c", "testov synthetik", "1985", {"inc-3"}),
      Person("p-d", "primerov maket", "1970", {"inc-2"}),
      Person("p-e", "primerov maket", "1970", {"inc-3"})};
  std::vector<DuplicateGroup> groups = FindDuplicatePersons(
      persons, AtLeast(DuplicateGrade::kPossible, "inc-1"));
  ASSERT_EQ(groups.size(), 1u);  // not d ~ e
  EXPECT_EQ(Ids(groups[0]), (std::vector<std::string>{"p-a", "p-b", "p-c"}));
  EXPECT_EQ(groups[0].links.size(), 2u);  // a ~ b, a ~ c; not b ~ c
  EXPECT_TRUE(FindDuplicatePersons(persons, AtLeast(DuplicateGrade::kPossible,
                                                    "inc-9"))
                  .empty());
}

TEST(DuplicateGroupsTest, NamesakesMakeAGroupTooLargeToReview) {
  std::vector<PersonForMatching> persons;
  for (size_t i = 0; i <= kMaxReviewableGroup; ++i) {
    persons.push_back(Person("p-" + std::to_string(1000 + i),
                             "obraztsov uslovnyi",
                             std::to_string(1940 + i).c_str()));
  }
  size_t members = 0;
  auto summary = ForEachDuplicateGroup(
      persons, AtLeast(DuplicateGrade::kPossible), [&](DuplicateGroup group) {
        members = group.members.size();
        return Status::Ok();
      });
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(members, kMaxReviewableGroup + 1);
  EXPECT_EQ(summary->too_large, 1u);
  EXPECT_EQ(summary->groups, (CountByGrade{0, 0, 1}));
  EXPECT_EQ(summary->pairs[2], members * (members - 1) / 2);
  // Namesakes born in other years are never likely: nothing at likely.
  EXPECT_TRUE(
      FindDuplicatePersons(persons, AtLeast(DuplicateGrade::kLikely)).empty());
}

TEST(DuplicateGroupsTest, TypoOfAVeryCommonNameIsFound) {
  // More namesakes than a fuzzy bucket holds, one of them born in 1985,
  // and one typo of their name born in 1985: a likely pair.
  std::vector<PersonForMatching> persons;
  for (int i = 0; i < 80; ++i) {
    persons.push_back(Person("p-" + std::to_string(1000 + i),
                             "testov synthetik",
                             std::to_string(1900 + i).c_str()));
  }
  persons.push_back(Person("p-1085", "testov synthetik", "1985"));
  persons.push_back(Person("p-2009", "testov synthetic", "1985"));
  std::vector<DuplicateGroup> groups =
      FindDuplicatePersons(persons, AtLeast(DuplicateGrade::kLikely));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(Ids(groups[0]), (std::vector<std::string>{"p-1085", "p-2009"}));
  EXPECT_EQ(groups[0].links[0].reasons[0].code, "one_letter_apart");
}

// Many namesakes, spelling variants and years: groups of every grade,
// some with conflicts, for comparing budgets.
std::vector<PersonForMatching> Crowd() {
  const char* names[] = {"testov synthetic", "testov synthetik", "synthetic testov",
                         "primerov maket", "primerov makett", "obraztsov fiktiv",
                         "obraztsov fiktiv ivanovich"};
  const char* years[] = {"1985", "1985", "1990", "", "1970"};
  std::vector<PersonForMatching> persons;
  for (int i = 0; i < 120; ++i) {
    persons.push_back(Person("p-" + std::to_string(1000 + i), names[i % 7],
                             years[i % 5], {i % 3 == 0 ? "i-1" : "i-2"}));
  }
  return persons;
}

// Everything a group says, for comparing two searches.
std::string Describe(const std::vector<DuplicateGroup>& groups) {
  std::string out;
  for (const DuplicateGroup& group : groups) {
    out += std::string(DuplicateGradeName(group.grade)) + " " +
           std::to_string(group.certain_merges) + ":";
    for (const auto& member : group.members) out += " " + member.id;
    for (const auto& link : group.links) {
      out += " | " + link.a + "~" + link.b + " " +
             std::string(DuplicateGradeName(link.grade));
      for (const auto& reason : link.reasons) out += " " + reason.code + "=" + reason.detail;
    }
    out += "\n";
  }
  return out;
}

TEST(DuplicateGroupsTest, ASmallPairBudgetGivesTheSameGroups) {
  for (DuplicateGrade grade : {DuplicateGrade::kCertain, DuplicateGrade::kLikely,
                               DuplicateGrade::kPossible}) {
    for (const char* incident : {"", "i-1"}) {
      DuplicateOptions options = AtLeast(grade, incident);
      const std::vector<DuplicateGroup> whole = FindDuplicatePersons(Crowd(), options);
      ASSERT_FALSE(whole.empty());
      for (size_t budget : {size_t{1}, size_t{7}, size_t{100}}) {
        options.pair_budget = budget;
        EXPECT_EQ(Describe(FindDuplicatePersons(Crowd(), options)), Describe(whole))
            << DuplicateGradeName(grade) << " " << incident << " budget " << budget;
      }
    }
  }
}

}  // namespace
}  // namespace fieldvault::core
