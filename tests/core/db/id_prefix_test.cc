#include "core/db/id_prefix.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "crypto/init.h"

namespace fieldvault::core {
namespace {

using Ids = std::vector<std::string>;

class IdPrefixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto db = Database::Open(":memory:", Database::Mode::kCreate);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(*db));
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER)").ok());
    for (const char* id : {"abcc0000-0000-8000-8000-000000000001",
                           "abcd0000-0000-8000-8000-000000000002",
                           "abcd0000-0000-8000-8000-000000000003",
                           "abce0000-0000-8000-8000-000000000004"}) {
      ASSERT_TRUE(db_->Exec(std::string("INSERT INTO t VALUES ('") + id + "', 1)").ok());
    }
  }

  Ids Find(std::string_view prefix, int limit = 10) {
    auto ids = FindIdsWithPrefix(*db_, "t", prefix, limit);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    return ids.ok() ? *ids : Ids{"error"};
  }

  std::optional<Database> db_;
};

TEST_F(IdPrefixTest, FindsExactlyTheIdsBeginningWithThePrefix) {
  EXPECT_EQ(Find("abcd"), (Ids{"abcd0000-0000-8000-8000-000000000002",
                               "abcd0000-0000-8000-8000-000000000003"}));
  EXPECT_EQ(Find("abcd", 1), (Ids{"abcd0000-0000-8000-8000-000000000002"}));
  EXPECT_EQ(Find("abcd0000-0000-8000-8000-000000000003"),
            (Ids{"abcd0000-0000-8000-8000-000000000003"}));
  EXPECT_EQ(Find("abce"), (Ids{"abce0000-0000-8000-8000-000000000004"}));
  EXPECT_EQ(Find("abcb"), Ids{});
  EXPECT_EQ(Find("abcf"), Ids{});
}

// An id copied in capitals (from a paper form, a spoken id) still finds
// the record, whose id is stored in lowercase.
TEST_F(IdPrefixTest, UpperCaseHexFindsTheSameIds) {
  EXPECT_EQ(Find("ABCE"), (Ids{"abce0000-0000-8000-8000-000000000004"}));
  EXPECT_EQ(Find("AbCd0000-0000-8000-8000-000000000003"),
            (Ids{"abcd0000-0000-8000-8000-000000000003"}));
  EXPECT_EQ(Find("ABCF"), Ids{});
}

// The look-up must use the primary key's index: a scan would decrypt the
// whole table of a large vault for every `show`.
TEST_F(IdPrefixTest, UsesThePrimaryKeyIndex) {
  auto plan = db_->Prepare("EXPLAIN QUERY PLAN " + IdPrefixQuery("t"));
  ASSERT_TRUE(plan.ok());
  std::string detail;
  while (true) {
    auto row = plan->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    detail += plan->ColumnText(3) + "\n";
  }
  EXPECT_NE(detail.find("SEARCH"), std::string::npos) << detail;
  EXPECT_NE(detail.find("INDEX"), std::string::npos) << detail;
}

TEST_F(IdPrefixTest, PrefixShape) {
  EXPECT_TRUE(IsIdPrefix("abcd"));
  EXPECT_TRUE(IsIdPrefix("abcd0000-0000-8000-8000-000000000003"));
  EXPECT_FALSE(IsIdPrefix("abc"));
  EXPECT_TRUE(IsIdPrefix("ABCD"));
  EXPECT_TRUE(IsIdPrefix("AbCd0000-0000-8000"));
  EXPECT_FALSE(IsIdPrefix("abcg"));
  EXPECT_FALSE(IsIdPrefix("ABCG"));
  EXPECT_FALSE(IsIdPrefix("ab%_"));
  EXPECT_FALSE(IsIdPrefix("abcd~"));
  EXPECT_FALSE(IsIdPrefix(std::string(37, 'a')));
}

// Error messages repeat what was given as an id only when it is made of
// id characters; a passphrase or a key typed there is not shown.
TEST(ShownAsIdTest, RepeatsOnlyIdCharacters) {
  EXPECT_EQ(ShownAsId("2f1c"), "'2f1c'");
  EXPECT_EQ(ShownAsId("2F1C8A4E-9b1d"), "'2F1C8A4E-9b1d'");
  EXPECT_EQ(ShownAsId("synthetic pass phrase"), "the text given (not shown)");
  EXPECT_EQ(ShownAsId("AGE-SECRET-KEY-1QQQQ"), "the text given (not shown)");
  EXPECT_EQ(ShownAsId(std::string(37, 'a')), "the text given (not shown)");
  EXPECT_EQ(ShownAsId(""), "the text given (not shown)");
}

}  // namespace
}  // namespace fieldvault::core
