// Person-merge loops: found where stored, and a merge that would close one
// is named with the ring it would make.
#include "core/records/merge_loops.h"

#include <gtest/gtest.h>

#include "core/records/report_people.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

class MergeLoopsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.db()
                    .Exec("CREATE TABLE persons (id TEXT PRIMARY KEY, kind TEXT"
                          " NOT NULL DEFAULT 'individual', body TEXT NOT NULL"
                          " DEFAULT '{}', merged_into TEXT NOT NULL)")
                    .ok());
  }
  void Person(const std::string& id, const std::string& into) {
    ASSERT_TRUE(db_.db()
                    .Exec("INSERT INTO persons (id, merged_into) VALUES ('" +
                          id + "', '" + into + "')")
                    .ok());
  }
  TempDatabase db_;
};

TEST_F(MergeLoopsTest, ChainsWithoutLoopsAreFine) {
  Person("a", "b");
  Person("b", "c");
  Person("c", "");
  auto loops = FindMergeLoops(db_.db());
  ASSERT_TRUE(loops.ok());
  EXPECT_TRUE(loops->empty());
  auto through = MergeLoopThrough(db_.db(), "d", "a");
  ASSERT_TRUE(through.ok());
  EXPECT_TRUE(through->empty());
}

TEST_F(MergeLoopsTest, AMergeBackIsALoop) {
  Person("a", "b");
  Person("b", "c");
  Person("c", "");
  // Storing c as merged into a would make c -> a -> b -> c.
  auto through = MergeLoopThrough(db_.db(), "c", "a");
  ASSERT_TRUE(through.ok());
  EXPECT_EQ(*through, (std::vector<std::string>{"a", "b", "c"}));
  Status error = MergeLoopError("c", *through);
  EXPECT_EQ(error.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(error.message().find("c -> a -> b -> c"), std::string::npos)
      << error.message();
  EXPECT_NE(error.hint().find("person edit b --unmerge"), std::string::npos)
      << error.hint();
  EXPECT_TRUE(MergeLoopThrough(db_.db(), "c", "")->empty());
}

TEST_F(MergeLoopsTest, StoredLoopsAreFoundOnceEachAndCountOnce) {
  Person("x", "w");
  Person("w", "x");  // a two-person loop
  Person("p", "q");
  Person("q", "r");
  Person("r", "p");  // a three-person loop
  Person("t", "p");  // merged into a loop member: not itself in the loop
  auto loops = FindMergeLoops(db_.db());
  ASSERT_TRUE(loops.ok());
  EXPECT_EQ(*loops, (std::vector<std::vector<std::string>>{{"p", "q", "r"},
                                                           {"w", "x"}}));
  auto people = ReportPeople::Load(db_.db());
  ASSERT_TRUE(people.ok()) << people.status().ToString();
  // Every member counts as the loop's smallest id, whoever is asked.
  EXPECT_EQ(people->CountedAs("x").id, "w");
  EXPECT_EQ(people->CountedAs("w").id, "w");
  for (const char* id : {"p", "q", "r", "t"}) {
    EXPECT_EQ(people->CountedAs(id).id, "p") << id;
  }
}

}  // namespace
}  // namespace fieldvault::core
