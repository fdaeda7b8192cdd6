// TopLevelId: the scan `verify` uses to note which records a bundle
// carries, without parsing them.
#include "core/bundle/attachment_owner_check.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fieldvault::core::bundle
