#include "core/records/duplicate_names.h"

#include <gtest/gtest.h>

namespace fieldvault::core {
namespace {

NameLikeness Compare(const char* a, const char* b) {
  return CompareNames(MakeNameForms(a, a), MakeNameForms(b, b));
}

TEST(DuplicateNamesTest, SkeletonFoldsTransliterationVariants) {
  EXPECT_EQ(MakeNameForms("x", "primerov yuriy").skeleton,
            MakeNameForms("x", "primerov iurii").skeleton);
  for (auto [a, b] : {std::pair{"khasanov sintet", "hasanov sintet"},
                      {"sergeyev sintet", "sergeev sintet"},
                      {"kassymov sintet", "kasymov sintet"},
                      {"zhanar testova", "janar testova"},
                      {"qairat testov", "kairat testov"},
                      {"alexandr testov", "aleksandr testov"},
                      {"yerlan testov", "erlan testov"},
                      {"fyodor testov", "fedor testov"},
                      {"tchestovskiy sintet", "chestovskiy sintet"},
                      {"tschestowski sintet", "chestovskiy sintet"},
                      {"tsestov sintet", "tcestov sintet"}}) {
    EXPECT_EQ(Compare(a, b), NameLikeness::kVariant) << a << " / " << b;
  }
}

TEST(DuplicateNamesTest, Likenesses) {
  EXPECT_EQ(Compare("testov sintetik", "testov sintetik"),
            NameLikeness::kSameKey);
  EXPECT_EQ(Compare("testov sintetik", "sintetik testov"),
            NameLikeness::kWordOrder);
  EXPECT_EQ(Compare("testov sintetik", "testov sintetic"),
            NameLikeness::kOneLetter);
  EXPECT_EQ(Compare("testov sintetik", "testov sinteik"),
            NameLikeness::kOneLetter);
  EXPECT_EQ(Compare("testov sintetik", "tsetov sintetik"),
            NameLikeness::kOneLetter);
  EXPECT_EQ(Compare("testov sintetik ivanovich", "testov sintetik"),
            NameLikeness::kWordsMissing);
  EXPECT_EQ(Compare("testov sintetik", "primerov vymysel"),
            NameLikeness::kNone);
  // A differing number is another person, however close the rest.
  EXPECT_EQ(Compare("testov synthetic 01", "testov synthetic 02"),
            NameLikeness::kNone);
  // Short names are only compared exactly.
  EXPECT_EQ(Compare("ana bo", "ana bi"), NameLikeness::kNone);
  EXPECT_EQ(Compare("", "testov sintetik"), NameLikeness::kNone);
}

TEST(DuplicateNamesTest, BoundedEditDistance) {
  EXPECT_EQ(BoundedEditDistance("abc", "abc", 1), 0u);
  EXPECT_EQ(BoundedEditDistance("abc", "acb", 1), 1u);
  EXPECT_EQ(BoundedEditDistance("abc", "abcd", 1), 1u);
  EXPECT_EQ(BoundedEditDistance("abc", "xyz", 1), 2u);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 3), 3u);
  EXPECT_EQ(BoundedEditDistance("", "abc", 5), 3u);
}

TEST(DuplicateNamesTest, Deletions) {
  EXPECT_EQ(OneLetterDeletions("ab 1"),
            (std::vector<std::string>{"b 1", "a 1"}));
  EXPECT_EQ(OneWordDeletions({"a", "b", "c"}),
            (std::vector<std::string>{"b c", "a c", "a b"}));
  EXPECT_TRUE(OneWordDeletions({"a", "b"}).empty());
}

}  // namespace
}  // namespace fieldvault::core
