#include "core/names/spelling_fold.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

TEST(SpellingFoldTest, VariantsOfOneNameFoldAlike) {
  for (const char* variant : {"yuriy", "iurii", "jurij", "yurii"}) {
    EXPECT_EQ(FoldSpelling(variant), "iuri") << variant;
  }
  EXPECT_EQ(FoldSpelling("tschestow"), FoldSpelling("chestov"));
  EXPECT_EQ(FoldSpelling("tchestov"), FoldSpelling("chestov"));
  EXPECT_EQ(FoldSpelling("dzhumabaev"), FoldSpelling("jumabaev"));
  EXPECT_EQ(FoldSpelling("khasanov"), FoldSpelling("hasanov"));
  EXPECT_EQ(FoldSpelling("kassymov"), FoldSpelling("kasymov"));
  EXPECT_EQ(FoldSpelling("sergeyev"), FoldSpelling("sergeev"));
  EXPECT_EQ(FoldSpelling("alexandr"), FoldSpelling("aleksandr"));
  // Digits stay: synthetic names that differ in a number stay apart.
  EXPECT_NE(FoldSpelling("synthetic01"), FoldSpelling("synthetic02"));
  EXPECT_EQ(FoldSpelling("testov"), "testov");
}

TEST(SpellingFoldTest, ChangedFoldsListsOnlyWordsFoldingChanges) {
  EXPECT_EQ(ChangedFolds("iurii testov"), "iuri");
  EXPECT_EQ(ChangedFolds("testov primer"), "");
  EXPECT_EQ(ChangedFolds("khasanov  yuriy"), "hasanov iuri");
  EXPECT_EQ(ChangedFolds(""), "");
}

}  // namespace
}  // namespace fieldvault::core
