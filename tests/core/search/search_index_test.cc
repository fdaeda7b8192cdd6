#include "core/search/search_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/search/search_query.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

// Every name and place below is synthetic.
class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    ASSERT_TRUE(CreateSearchSchema(temp_.db()).ok());
    auto index = SearchIndex::Create(temp_.db(), *normalizer_);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_.emplace(std::move(index).value());
  }

  void Index(SearchDocument document) {
    Status status = index_->IndexRecord(document);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  void AddSample() {
    Index({"person", "p-cyr", "Тестов Пример", {"Тестов Пример"}, "", {}, ""});
    Index({"person", "p-lat", "Hélène Primerova", {"Hélène Primerova"}, "",
           {}, ""});
    Index({"person", "p-yo", "Ёлкина Теста", {"Ёлкина Теста"}, "", {}, ""});
    Index({"incident", "i-1", "Protest on Testovaya Square",
           {}, "Protest on Testovaya Square", {"Алматы", "Testovaya Square"},
           "Police detained protesters calling for party registration."});
    Index({"detention", "d-1", "Тестов Пример", {}, "",
           {"Testovaya Square", "Примерный РОВД"}, "case 12-34"});
  }

  std::vector<std::string> Ids(std::string_view query,
                               SearchOptions options = {}) {
    auto hits = index_->Search(query, options);
    EXPECT_TRUE(hits.ok()) << query << ": " << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const SearchHit& hit : *hits) ids.push_back(hit.record_id);
    }
    return ids;
  }

  TempDatabase temp_;
  std::optional<NameNormalizer> normalizer_;
  std::optional<SearchIndex> index_;
};

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST_F(SearchIndexTest, LatinQueryFindsCyrillicName) {
  AddSample();
  EXPECT_THAT(Ids("testov"), ElementsAre("p-cyr"));
  EXPECT_THAT(Ids("TESTOV primer"), ElementsAre("p-cyr"));
}

TEST_F(SearchIndexTest, CyrillicQueryFindsCyrillicAndLatin) {
  AddSample();
  EXPECT_THAT(Ids("тестов"), ElementsAre("p-cyr"));
  EXPECT_THAT(Ids("Примерова"), ElementsAre("p-lat"));
  EXPECT_THAT(Ids("алматы"), ElementsAre("i-1"));
  EXPECT_THAT(Ids("almaty"), ElementsAre("i-1"));
}

TEST_F(SearchIndexTest, DiacriticsAndYoDoNotMatter) {
  AddSample();
  EXPECT_THAT(Ids("helene"), ElementsAre("p-lat"));
  EXPECT_THAT(Ids("Hélène"), ElementsAre("p-lat"));
  EXPECT_THAT(Ids("Елкина"), ElementsAre("p-yo"));
  EXPECT_THAT(Ids("yelkina"), ElementsAre("p-yo"));
}

TEST_F(SearchIndexTest, SearchesBodiesPlacesAndPrefixes) {
  AddSample();
  EXPECT_THAT(Ids("registration"), ElementsAre("i-1"));
  EXPECT_THAT(Ids("regist*"), ElementsAre("i-1"));
  EXPECT_THAT(Ids("ровд"), ElementsAre("d-1"));
  EXPECT_THAT(Ids("testovaya"), UnorderedElementsAre("i-1", "d-1"));
  EXPECT_TRUE(Ids("nothing-like-this").empty());
}

// The spelling folds of duplicate detection (core/names/spelling_fold.h).
TEST_F(SearchIndexTest, SpellingVariantsFindEachOther) {
  Index({"person", "p-iu", "Iurii Sintetikov", {"Iurii Sintetikov"}, "", {}, ""});
  Index({"person", "p-kh", "Хасанов Тестбек", {"Хасанов Тестбек"}, "", {}, ""});
  Index({"incident", "i-q", "Synthetic arrests", {}, "Synthetic arrests",
         {"Qostanay"}, ""});
  EXPECT_THAT(Ids("Юрий"), ElementsAre("p-iu"));
  EXPECT_THAT(Ids("yuriy"), ElementsAre("p-iu"));
  EXPECT_THAT(Ids("jurij sintetikov"), ElementsAre("p-iu"));
  EXPECT_THAT(Ids("hasanov"), ElementsAre("p-kh"));
  EXPECT_THAT(Ids("khasanov"), ElementsAre("p-kh"));
  EXPECT_THAT(Ids("kostanay"), ElementsAre("i-q"));
  EXPECT_THAT(Ids("Костанай"), ElementsAre("i-q"));
  EXPECT_TRUE(Ids("iurik").empty());
}

TEST_F(SearchIndexTest, FiltersByType) {
  AddSample();
  EXPECT_THAT(Ids("testovaya", {.record_types = {"detention"}}),
              ElementsAre("d-1"));
  EXPECT_THAT(Ids("testov", {.record_types = {"incident", "detention"}}),
              ElementsAre());
}

TEST_F(SearchIndexTest, RanksNameMatchesAboveBodyMentions) {
  Index({"witness_account", "w-1", "statement", {}, "", {},
         "Primerov said that a man named Primerov shouted; then many others "
         "spoke for a long time about the square and the police and more"});
  Index({"person", "p-2", "Primerov", {"Primerov Testa"}, "", {}, ""});
  auto hits = index_->Search("primerov", {});
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].record_id, "p-2");
  EXPECT_GT((*hits)[0].score, (*hits)[1].score);
  EXPECT_EQ((*hits)[0].record_type, "person");
  EXPECT_NE((*hits)[1].snippet.find("[Primerov]"), std::string::npos)
      << (*hits)[1].snippet;
}

TEST_F(SearchIndexTest, ReindexReplacesAndRemoveDeletes) {
  AddSample();
  Index({"person", "p-cyr", "Renamed", {"Другой Человек"}, "", {}, ""});
  EXPECT_TRUE(Ids("testov").empty());
  EXPECT_THAT(Ids("drugoy"), ElementsAre("p-cyr"));
  auto hits = index_->Search("drugoy", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ((*hits)[0].label, "Renamed");
  ASSERT_TRUE(index_->RemoveRecord("person", "p-cyr").ok());
  EXPECT_TRUE(Ids("drugoy").empty());
  EXPECT_TRUE(index_->RemoveRecord("person", "p-cyr").ok());  // idempotent
}

TEST_F(SearchIndexTest, HostileQueriesAreWordsNotSyntax) {
  AddSample();
  for (const char* query :
       {"\"testov", "testov OR", "NEAR", "-testov", "names:testov",
        "te\"st*ov", "(testov", "*", "AND OR NOT"}) {
    auto hits = index_->Search(query, {});
    if (!hits.ok()) {
      EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << query;
    }
  }
  EXPECT_EQ(index_->Search("", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search("- * \"", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search("bad\xFF", {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Search(std::string(2000, 'a'), {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(SearchIndexTest, RanksOnlyTheMostRecentMatchesOfABroadQuery) {
  for (size_t i = 0; i < kMaxRankedMatches + 5; ++i) {
    Index({"detention", std::string("d").append(std::to_string(i)), "", {},
           "", {"Testovaya"}, ""});
  }
  SearchStats stats;
  SearchOptions options;
  options.limit = 3;
  auto hits = index_->Search("testovaya", options, &stats);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_TRUE(stats.capped);
  ASSERT_EQ(hits->size(), 3u);
  EXPECT_EQ((*hits)[0].record_id,
            std::string("d").append(std::to_string(kMaxRankedMatches + 4)));
  hits = index_->Search("nothing", {}, &stats);
  EXPECT_FALSE(stats.capped);
}

// A place spelled in the query's script ranks at least as high as the same
// place in the other script. An ASCII place's match key repeats its own
// words in the keys column; that repetition is what keeps `almaty` from
// preferring `Алматы` (whose key alone matches) over `Almaty`, so it must
// not be removed as mere duplication.
TEST_F(SearchIndexTest, ThePlaceInTheQuerysScriptRanksFirst) {
  Index({"incident", "i-cyr", "Synthetic protest one", {},
         "Synthetic protest one", {"Алматы"}, ""});
  Index({"incident", "i-lat", "Synthetic protest two", {},
         "Synthetic protest two", {"Almaty"}, ""});
  // Other documents, so that a place name is not in every document (a
  // term in all of them has almost no weight in BM25).
  for (int i = 0; i < 12; ++i) {
    Index({"detention", std::string("d").append(std::to_string(i)), "", {},
           "", {i % 2 ? "Абай даңғылы" : "Abay Avenue"}, ""});
  }
  auto Score = [&](std::string_view query, std::string_view id) {
    auto hits = index_->Search(query, {});
    EXPECT_TRUE(hits.ok());
    for (const SearchHit& hit : *hits) {
      if (hit.record_id == id) return hit.score;
    }
    ADD_FAILURE() << query << " did not find " << id;
    return 0.0;
  };
  EXPECT_GT(Score("almaty", "i-lat"), Score("almaty", "i-cyr"));
  EXPECT_GE(Score("Алматы", "i-cyr"), Score("Алматы", "i-lat"));
}

// As in a detainee list: the words of a place of detention are in most
// documents. BM25's classic IDF is negative for those; it must not flatten
// their scores to ~0, which left the weights and lengths without effect
// and put a passing mention in a long statement above every detention.
TEST_F(SearchIndexTest, WordsInMostDocumentsStillRankByRelevance) {
  // The best match comes first into the index, so that neither insertion
  // order nor its reverse can pass for the ranking.
  Index({"detention", "d-focus", "", {}, "", {"Police Department"}, ""});
  for (int i = 0; i < 20; ++i) {
    Index({"detention", std::string("d").append(std::to_string(i)), "", {},
           "", {"Abay Avenue", "Synthetic Police Department No. 2"}, ""});
  }
  for (int i = 0; i < 8; ++i) {
    Index({"person", std::string("p").append(std::to_string(i)),
           "Testov Synthetic", {"Testov Synthetic"}, "", {}, ""});
  }
  Index({"witness_account", "w-1", "statement", {}, "", {},
         "Synthetic statement: the marchers walked along the avenue for an "
         "hour, some were taken to the police department, the others went "
         "home after the square was closed in the early evening by the "
         "synthetic city authorities and the crowd slowly thinned out"});
  SearchOptions options;
  options.limit = 100;
  for (const char* query : {"police department", "police"}) {
    auto hits = index_->Search(query, options);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    ASSERT_EQ(hits->size(), 22u) << query;
    EXPECT_EQ(hits->front().record_id, "d-focus") << query;
    EXPECT_EQ(hits->back().record_id, "w-1") << query;
    for (const SearchHit& hit : *hits) {
      EXPECT_GT(hit.score, 0.01) << query << ": " << hit.record_id;
    }
  }
}

TEST_F(SearchIndexTest, RejectsInvalidDocuments) {
  EXPECT_FALSE(index_->IndexRecord({"", "x", "", {}, "", {}, ""}).ok());
  EXPECT_FALSE(
      index_->IndexRecord({"person", "x", "", {"bad\xFF"}, "", {}, ""}).ok());
}

TEST(SearchQueryTest, BuildsOneGroupPerWord) {
  auto normalizer = NameNormalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  auto expression = BuildMatchExpression("Тестов almaty*", *normalizer);
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(*expression,
            "\"Тестов\" OR \"testov\" \"almaty*\" OR \"almati*\"");
}

TEST(SearchQueryTest, Bm25RejectsMalformedMatchinfo) {
  std::vector<uint32_t> bad = {1, 2, 10};
  EXPECT_EQ(Bm25FromMatchinfo(bad, {}), 0);
  // One phrase, one column, 10 docs, avg 5 tokens, this doc 5 tokens,
  // 2 hits here, 3 hits overall in 2 docs.
  std::vector<uint32_t> good = {1, 1, 10, 5, 5, 2, 3, 2};
  EXPECT_GT(Bm25FromMatchinfo(good, {}), 0);
}

TEST(SearchQueryTest, Bm25OfAPhraseInMostDocumentsIsNotFlattened) {
  // The phrase is in 8 of 10 documents and 10 of 10: less weight than a
  // rare phrase, but a real one, and still higher for a shorter column.
  std::vector<uint32_t> rare = {1, 1, 10, 5, 5, 1, 2, 2};
  std::vector<uint32_t> common = {1, 1, 10, 5, 5, 1, 8, 8};
  std::vector<uint32_t> common_longer = {1, 1, 10, 5, 9, 1, 8, 8};
  std::vector<uint32_t> everywhere = {1, 1, 10, 5, 5, 1, 10, 10};
  EXPECT_GT(Bm25FromMatchinfo(rare, {}), Bm25FromMatchinfo(common, {}));
  EXPECT_GT(Bm25FromMatchinfo(common, {}), 0.1);
  EXPECT_GT(Bm25FromMatchinfo(common, {}),
            Bm25FromMatchinfo(common_longer, {}));
  EXPECT_GT(Bm25FromMatchinfo(common, {}), Bm25FromMatchinfo(everywhere, {}));
  EXPECT_GT(Bm25FromMatchinfo(everywhere, {}), 0.01);
}

}  // namespace
}  // namespace fieldvault::core
