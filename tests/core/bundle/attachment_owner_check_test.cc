// TopLevelId and ForEachTopLevelText: the scans `verify` uses to note which
// records a bundle carries and which they name, without parsing them.
#include "core/bundle/attachment_owner_check.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace fieldvault::core::bundle {
namespace {

TEST(TopLevelIdTest, FindsOnlyTheTopLevelIdMember) {
  EXPECT_EQ(TopLevelId(R"({"a":1,"id":"2f1c","z":2})"), "2f1c");
  EXPECT_EQ(TopLevelId(R"({"charges":[{"id":"nested"}],"id":"top"})"), "top");
  EXPECT_EQ(TopLevelId(R"({"c":{"id":"nested"},"id" : "top"})"), "top");
  EXPECT_EQ(TopLevelId(R"({"text":"\"id\":\"fake\"","id":"top"})"), "top");
  EXPECT_EQ(TopLevelId(R"({"text":"id","v":"id"})"), std::nullopt);
  EXPECT_EQ(TopLevelId(R"({"c":{"id":"nested"}})"), std::nullopt);
  EXPECT_EQ(TopLevelId(R"({"id":5})"), std::nullopt);
  EXPECT_EQ(TopLevelId(R"({"id":"a\"b"})"), std::nullopt);
  EXPECT_EQ(TopLevelId(R"({"id":"cut)"), std::nullopt);
  EXPECT_EQ(TopLevelId(""), std::nullopt);
}

TEST(ForEachTopLevelTextTest, ListsTopLevelStringMembersInOrder) {
  std::vector<std::pair<std::string, std::string>> seen;
  ForEachTopLevelText(
      R"({"id":"d1","n":3,"charges":[{"incident_id":"no"}],"incident_id" : "i1",)"
      R"("note":"a\"b","person_id":"p1"})",
      [&](std::string_view key, std::string_view value) {
        seen.emplace_back(std::string(key), std::string(value));
      });
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"id", "d1"}, {"incident_id", "i1"}, {"person_id", "p1"}};
  EXPECT_EQ(seen, expected);
}

TEST(RecordReferenceNowhereTest, NamesTheMissingRecordAndWhatToDo) {
  Status status = RecordReferenceNowhere("detention", "d1", "incident", "i1");
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_EQ(status.message(),
            "detention d1 names incident i1, which is neither in the bundle nor "
            "in this vault");
  EXPECT_NE(status.hint().find("import the missing bundles first"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::core::bundle
