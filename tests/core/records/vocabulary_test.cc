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

TEST(UuidTest, TimeOrderedUuidsCarryTheMillisecondAndSortByTime) {
  crypto::DeterministicRandom random(7);
  // 2020-02-22T00:00:00.123456Z: 1582329600123 ms = 0x01706a31987b.
  const int64_t micros = 1582329600123456;
  std::string a = NewTimeOrderedUuid(micros, random);
  std::string b = NewTimeOrderedUuid(micros, random);
  std::string later = NewTimeOrderedUuid(micros + 1000, random);
  EXPECT_TRUE(IsCanonicalUuid(a));
  EXPECT_EQ(a.substr(0, 13), "01706a31-987b");
  EXPECT_EQ(a[14], '7');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
  EXPECT_NE(a, b);
  EXPECT_LT(a, later);
  EXPECT_LT(b, later);
}

}  // namespace
}  // namespace fieldvault::core
