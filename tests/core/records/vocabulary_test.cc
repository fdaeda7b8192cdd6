#include "core/records/vocabulary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/records/codes.h"
#include "core/uuid.h"

namespace fieldvault::core {
namespace {

TEST(VocabularyTest, TermsAreUniqueAndLabelled) {
  std::set<std::string_view> names;
  for (const Vocabulary& vocabulary : AllVocabularies()) {
    EXPECT_TRUE(names.insert(vocabulary.name).second) << vocabulary.name;
    EXPECT_FALSE(vocabulary.terms.empty());
    std::set<std::string_view> terms;
    for (const VocabularyTerm& term : vocabulary.terms) {
      EXPECT_TRUE(terms.insert(term.term).second) << term.term;
      EXPECT_FALSE(term.label.empty());
    }
  }
}

TEST(VocabularyTest, HoldsTheStatusesOfTheBrief) {
  for (const char* status :
       {"detained_without_charge", "administrative_detention",
        "pre_trial_custody", "house_arrest", "charged_at_liberty", "fined",
        "convicted", "released", "whereabouts_unknown", "died_in_custody"}) {
    EXPECT_TRUE(IsTerm(kVocabLegalStatus, status)) << status;
  }
  for (const char* purpose : {"store", "share_with_hq", "publish_anonymised",
                              "publish_named", "court_investigators"}) {
    EXPECT_TRUE(IsTerm(kVocabConsentPurpose, purpose)) << purpose;
  }
}

TEST(VocabularyTest, CheckTermNamesFieldAndHints) {
  EXPECT_TRUE(CheckTerm(kVocabLegalStatus, "status", "released").ok());
  Status status = CheckTerm(kVocabLegalStatus, "status", "freed");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("status: unknown legal_status 'freed'"),
            std::string::npos);
  EXPECT_NE(status.hint().find("fieldvault vocab legal_status"),
            std::string::npos);
  EXPECT_FALSE(IsTerm("no_such_vocabulary", "released"));
  EXPECT_EQ(TermLabel(kVocabLegalStatus, "pre_trial_custody"), "pre-trial custody");
}

TEST(CodesTest, CountriesScriptsLanguages) {
  EXPECT_TRUE(IsCountryCode("KZ"));
  EXPECT_TRUE(IsCountryCode("DE"));
  EXPECT_FALSE(IsCountryCode("kz"));
  EXPECT_FALSE(IsCountryCode("XX"));
  EXPECT_FALSE(IsCountryCode("KAZ"));
  EXPECT_TRUE(IsScriptCode("Cyrl"));
  EXPECT_TRUE(IsScriptCode("Latn"));
  EXPECT_FALSE(IsScriptCode("Latin"));
  EXPECT_FALSE(IsScriptCode("latn"));
  EXPECT_FALSE(IsScriptCode("Qqqq"));
  EXPECT_TRUE(IsLanguageTag("kk"));
  EXPECT_TRUE(IsLanguageTag("en-GB"));
  EXPECT_FALSE(IsLanguageTag("Kazakh"));
  EXPECT_FALSE(IsLanguageTag("k"));
  EXPECT_FALSE(IsLanguageTag("kk-"));
}

TEST(CodesTest, DetectsScriptOfNames) {
  EXPECT_EQ(DetectScript("Тестов Синтетик"), "Cyrl");
  EXPECT_EQ(DetectScript("Testov Synthetic-01"), "Latn");
  EXPECT_EQ(DetectScript("Тестов S"), "Cyrl");
  EXPECT_EQ(DetectScript("01-02"), "Zyyy");
  EXPECT_EQ(DetectScript("\xff\xfe"), "Zyyy");
}

TEST(UuidTest, NewUuidsAreVersion4AndDistinct) {
  crypto::DeterministicRandom random(7);
  std::string a = NewUuid(random), b = NewUuid(random);
  EXPECT_TRUE(IsCanonicalUuid(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_FALSE(IsCanonicalUuid("2F1C8A4E-9B1D-4C3E-8F0A-6D2B7E5C9A10"));
  EXPECT_FALSE(IsCanonicalUuid("2f1c8a4e9b1d4c3e8f0a6d2b7e5c9a10"));
  EXPECT_FALSE(IsCanonicalUuid(""));
}

TEST(UuidTest, SequentialUuidsSortInOrderAndDifferInTheirShortId) {
  crypto::DeterministicRandom random(7);
  SequentialUuids ids(random);
  std::vector<std::string> made;
  for (int i = 0; i < 1000; ++i) made.push_back(ids.Next());
  std::set<std::string> short_ids;
  for (size_t i = 0; i < made.size(); ++i) {
    const std::string& id = made[i];
    EXPECT_TRUE(IsCanonicalUuid(id)) << id;
    EXPECT_EQ(id[14], '8') << id;  // RFC 9562 version 8 (custom)
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    short_ids.insert(id.substr(0, 8));
    if (i > 0 && made[i - 1].substr(0, 8) != "ffffffff") {
      EXPECT_LT(made[i - 1], id);
    }
  }
  // The short id the CLI shows tells every record of one import apart.
  EXPECT_EQ(short_ids.size(), made.size());
  // The random bits are drawn in batches: no two ids share them, across
  // batch boundaries too.
  std::set<std::string> random_parts;
  for (const std::string& id : made) random_parts.insert(id.substr(9));
  EXPECT_EQ(random_parts.size(), made.size());
  // Another import starts elsewhere.
  SequentialUuids other(random);
  EXPECT_NE(other.Next().substr(0, 8), made.back().substr(0, 8));
}

}  // namespace
}  // namespace fieldvault::core
