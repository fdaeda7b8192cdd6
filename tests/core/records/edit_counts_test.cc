#include "core/records/edit_counts.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

using nlohmann::json;

TEST(EditCountsTest, Relations) {
  const EditCounts field{{"field", 3}};
  const EditCounts both{{"field", 1}, {"hq", 1}};
  EXPECT_EQ(CompareEdits(field, field), EditRelation::kSame);
  EXPECT_EQ(CompareEdits(field, {{"field", 2}}), EditRelation::kNewer);
  EXPECT_EQ(CompareEdits({{"field", 2}}, field), EditRelation::kOlder);
  // Higher version number, but without HQ's edit: diverged, not newer.
  EXPECT_EQ(CompareEdits(field, both), EditRelation::kDiverged);
  EXPECT_EQ(CompareEdits(both, field), EditRelation::kDiverged);
  EXPECT_EQ(CompareEdits({{"field", 1}, {"hq", 2}}, both), EditRelation::kNewer);
  EXPECT_EQ(CompareEdits({{"field", 1}}, both), EditRelation::kOlder);
}

TEST(EditCountsTest, MergeCountAndVersion) {
  EditCounts merged = MergeEdits({{"field", 3}}, {{"field", 1}, {"hq", 2}});
  EXPECT_EQ(merged, (EditCounts{{"field", 3}, {"hq", 2}}));
  EXPECT_EQ(VersionOf(merged), 5);
  CountEdit(merged, "hq");
  CountEdit(merged, "relay");
  EXPECT_EQ(merged, (EditCounts{{"field", 3}, {"hq", 3}, {"relay", 1}}));
  EXPECT_EQ(VersionOf(merged), 7);
}

TEST(EditCountsTest, JsonRoundTripAndRefusals) {
  const EditCounts edits{{"field", 3}, {"hq", 1}};
  EXPECT_EQ(EditsToJson(edits).dump(), R"({"field":3,"hq":1})");
  EXPECT_EQ(*EditsFromJson(EditsToJson(edits), "source"), edits);
  for (const char* bad :
       {R"([])", R"({})", R"({"field":0})", R"({"field":-1})",
        R"({"field":"3"})", R"({"field":1.5})", R"({"":1})",
        R"({"field":2000000000000000})"}) {
    auto parsed = EditsFromJson(json::parse(bad), "source");
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(parsed.status().message().find("source: field 'edits'"),
              std::string::npos);
  }
  json many = json::object();
  for (int i = 0; i <= static_cast<int>(kMaxEditingVaults); ++i) {
    many["vault-" + std::to_string(i)] = 1;
  }
  EXPECT_FALSE(EditsFromJson(many, "source").ok());
}

TEST(EditCountsTest, RecordsWrittenBeforeEditCounts) {
  EXPECT_EQ(LegacyEdits("field", 4), (EditCounts{{"field", 4}}));
  json legacy = {{"id", "x"}, {"version", 2}, {"created_by", "field"}};
  EXPECT_EQ(*EditsOfRecord(legacy), (EditCounts{{"field", 2}}));
  legacy["edits"] = {{"field", 1}, {"hq", 1}};
  EXPECT_EQ(*EditsOfRecord(legacy), (EditCounts{{"field", 1}, {"hq", 1}}));
  legacy["edits"] = "damaged";
  EXPECT_EQ(EditsOfRecord(legacy).status().code(), StatusCode::kCorruption);
  EXPECT_EQ(EditsOfRecord(json{{"id", "x"}}).status().code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace fieldvault::core
