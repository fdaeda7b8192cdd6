#include "core/names/match_key.h"

#include <gtest/gtest.h>

#include <string>

namespace fieldvault::core {
namespace {

// All names are synthetic (Testov, Primerova, ...), made up for these tests.
class MatchKeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status().ToString();
    normalizer_ = new NameNormalizer(std::move(normalizer).value());
  }
  static void TearDownTestSuite() { delete normalizer_; }

  static std::string Key(std::string_view name) {
    auto key = normalizer_->MatchKey(name);
    EXPECT_TRUE(key.ok()) << name << ": " << key.status().ToString();
    return key.ok() ? *key : std::string("<error>");
  }

  static NameNormalizer* normalizer_;
};
NameNormalizer* MatchKeyTest::normalizer_ = nullptr;

TEST_F(MatchKeyTest, CyrillicMatchesLatin) {
  EXPECT_EQ(Key("Иванов"), "ivanov");
  EXPECT_EQ(Key("Иванов"), Key("ivanov"));
  EXPECT_EQ(Key("Тестов Пример"), Key("TESTOV Primer"));
  EXPECT_EQ(Key("Жанар Щукина-Тестова"), "zhanar shchukina testova");
  EXPECT_EQ(Key("Хасенова Юлия"), "khasenova yuliya");
  EXPECT_EQ(Key("Цой Чингиз"), "tsoy chingiz");
}

// The normalizer caches ICU keys: asking again, asking for other names in
// between, or failing on a bad name must never return a stale key.
TEST_F(MatchKeyTest, RepeatedAndInterleavedNamesKeepTheirOwnKeys) {
  EXPECT_EQ(Key("Тестова Примерхан"), "testova primerkhan");
  EXPECT_EQ(Key("Тестова Примерхан"), "testova primerkhan");
  EXPECT_EQ(Key("Тестова Примерханы"), "testova primerkhany");
  EXPECT_EQ(Key("Testova"), "testova");
  EXPECT_EQ(Key("Тестова Примерхан"), "testova primerkhan");
  EXPECT_FALSE(normalizer_->MatchKey("Тестова Примерхан\xFF").ok());
  EXPECT_FALSE(normalizer_->MatchKey("Тестова Примерхан\xFF").ok());
  EXPECT_FALSE(normalizer_->MatchKey("\xE2\x80\x94").ok());  // a dash only
  EXPECT_EQ(Key("Макетжан Ёлкина"), "maketzhan yelkina");
  EXPECT_EQ(Key("Тестова Примерхан"), "testova primerkhan");
}

// The key of a name the normalizer has cached is exactly the one a fresh
// normalizer (nothing cached) computes, and a name that fails fails the
// same way each time.
TEST_F(MatchKeyTest, CachedKeysEqualFreshlyComputedOnes) {
  const std::string names[] = {
      "Тестова Примерхан", "Ёлкина Жанар", "Қайратұлы Әсел",  // Kazakh
      "Testová Příkladová", "Çalışkan Örnekoğlu", "ÉTALON Öpyt",
      "Тестов Primer", "Макет-Maket Ωμέγα",  // mixed scripts
      "Ｔｅｓｔ　Тестов", "Тест\xFFов", "Тест\xD0", "\xE2\x80\x94",
      "Obʺyedkov Тест", "Тестов"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& name : names) {
      auto fresh_normalizer = NameNormalizer::Create();
      ASSERT_TRUE(fresh_normalizer.ok());
      Result<std::string> fresh = fresh_normalizer->MatchKey(name);
      Result<std::string> shared = normalizer_->MatchKey(name);
      ASSERT_EQ(shared.ok(), fresh.ok()) << name;
      if (fresh.ok()) {
        EXPECT_EQ(*shared, *fresh) << name;
      } else {
        EXPECT_EQ(shared.status().ToString(), fresh.status().ToString());
      }
    }
  }
}

// The cache is bounded: after many more distinct names than it holds,
// earlier and later names still get their own keys.
TEST_F(MatchKeyTest, KeysStayRightPastTheCacheBound) {
  auto normalizer = NameNormalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  for (int i = 0; i < 20000; ++i) {
    auto key = normalizer->MatchKey("Тестов" + std::to_string(i) + " Пример");
    ASSERT_TRUE(key.ok());
    ASSERT_EQ(*key, "testov" + std::to_string(i) + " primer");
  }
  for (int i : {0, 1, 16383, 16384, 19999}) {
    EXPECT_EQ(*normalizer->MatchKey("Тестов" + std::to_string(i) + " Пример"),
              "testov" + std::to_string(i) + " primer");
  }
}

TEST_F(MatchKeyTest, KazakhLettersBecomeLatin) {
  EXPECT_EQ(Key("Нұрлан Өмірбеков"), "nurlan omirbekov");
  EXPECT_EQ(Key("Әлия Үсенова"), "aliya usenova");
  EXPECT_EQ(Key("Қайрат"), "qayrat");
}

TEST_F(MatchKeyTest, SoftAndHardSignsVanish) {
  EXPECT_EQ(Key("Игорь Объедков"), "igor obyedkov");
}

TEST_F(MatchKeyTest, DiacriticsAreRemoved) {
  EXPECT_EQ(Key("Hélène Ñúñez"), Key("Helene Nunez"));
  EXPECT_EQ(Key("Ёлкина"), Key("Yelkina"));
  EXPECT_EQ(Key("Łukasz Straße"), "lukasz strasse");
  // Decomposed input (e + combining acute) gives the same key as composed.
  EXPECT_EQ(Key("Ren\xC3\xA9"), Key("Rene\xCC\x81"));
}

TEST_F(MatchKeyTest, CaseFoldsAndCompatibilityFormsFold) {
  EXPECT_EQ(Key("ＴＥＳＴＯＶ"), "testov");
  EXPECT_EQ(Key("ТЕСТОВА"), Key("тестова"));
}

TEST_F(MatchKeyTest, WhitespaceAndPunctuationNormalise) {
  EXPECT_EQ(Key("  Testov,\tPrimer\u00A0 Ivanovich  "),
            "testov primer ivanovich");
  EXPECT_EQ(Key("Testov-Primerov"), "testov primerov");
  EXPECT_EQ(Key("O'Testov"), "otestov");
  EXPECT_EQ(Key("Testov \"Nick\" Primer"), "testov nick primer");
  EXPECT_EQ(Key("Testov\nPrimer"), "testov primer");
}

TEST_F(MatchKeyTest, AsciiFastPathAgreesWithFullPipeline) {
  // The same name with one non-ASCII character appended goes through ICU;
  // the ASCII part must come out the same.
  for (std::string name : {"Testov-Primer", "  A.B. Testova ", "x'y\"z"}) {
    std::string ascii = Key(name);
    std::string full = Key(name + " \xC3\xA9");  // " é"
    EXPECT_EQ(full, ascii + " e") << name;
  }
}

TEST_F(MatchKeyTest, KeepsDigits) { EXPECT_EQ(Key("Group 12"), "group 12"); }

TEST_F(MatchKeyTest, RejectsInvalidUtf8WithOffset) {
  auto key = normalizer_->MatchKey("Test\xFFov");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(key.status().message().find("byte 5"), std::string::npos)
      << key.status().message();
  EXPECT_FALSE(normalizer_->MatchKey("\xC0\xAF").ok());      // overlong "/"
  EXPECT_FALSE(normalizer_->MatchKey("\xED\xA0\x80").ok());  // surrogate
  EXPECT_FALSE(normalizer_->MatchKey("Тест\xD0").ok());      // truncated
}

TEST_F(MatchKeyTest, RejectsEmptyAndOverlongNames) {
  EXPECT_EQ(normalizer_->MatchKey("").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(normalizer_->MatchKey(" - ,' ").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(normalizer_->MatchKey(std::string(kMaxNameBytes + 1, 'a'))
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(normalizer_->MatchKey(std::string(kMaxNameBytes, 'a')).ok());
}

}  // namespace
}  // namespace fieldvault::core
