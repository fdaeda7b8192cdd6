#include "core/vault/recovery_key.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

std::string Text(const crypto::SecretBytes& bytes) {
  return std::string(bytes.Reveal().begin(), bytes.Reveal().end());
}

class RecoveryKeyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitializeCrypto().ok()); }
  crypto::DeterministicRandom random_{13};
};

TEST_F(RecoveryKeyTest, FormatIsNineGroupsOfFour) {
  crypto::SecretBytes key = GenerateRecoveryKey(random_);
  std::string text = Text(FormatRecoveryKey(key));
  ASSERT_EQ(text.size(), 44u);
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(text[i], '-');
    } else {
      EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(text[i]),
                std::string::npos);
    }
  }
}

TEST_F(RecoveryKeyTest, RoundTripsAndForgivesHandwriting) {
  for (int i = 0; i < 50; ++i) {
    crypto::SecretBytes key = GenerateRecoveryKey(random_);
    std::string text = Text(FormatRecoveryKey(key));
    auto parsed = ParseRecoveryKey(testing::Secret(text));
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_TRUE(parsed->Equals(key));
    std::string sloppy;
    for (char c : text) {
      if (c == '-') { sloppy += ' '; continue; }
      char lower = static_cast<char>(std::tolower(c));
      sloppy += c == '0' ? 'o' : c == '1' ? 'l' : lower;
    }
    auto again = ParseRecoveryKey(testing::Secret(sloppy));
    ASSERT_TRUE(again.ok()) << sloppy;
    EXPECT_TRUE(again->Equals(key));
  }
}

TEST_F(RecoveryKeyTest, SingleCharacterTyposAreReported) {
  crypto::SecretBytes key = GenerateRecoveryKey(random_);
  std::string text = Text(FormatRecoveryKey(key));
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') continue;
    std::string typo = text;
    typo[i] = text[i] == 'X' ? 'Y' : 'X';
    auto parsed = ParseRecoveryKey(testing::Secret(typo));
    EXPECT_TRUE(IsRecoveryKeyTypo(parsed.status())) << typo;
  }
}

TEST_F(RecoveryKeyTest, PassphrasesAreNotRecoveryKeys) {
  for (const char* text : {"synthetic passphrase", "", "ABCD-EFGH",
                           "5WP9-6KQN-EYTA-G40R-VW77-TR6S-89D5-NTBZ-E6BYZ",
                           "5WP9-6KQN-EYTA-G40R-VW77-TR6S-89D5-NTBZ-E6B!"}) {
    auto parsed = ParseRecoveryKey(testing::Secret(text));
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_FALSE(IsRecoveryKeyTypo(parsed.status())) << text;
  }
}

}  // namespace
}  // namespace fieldvault::core
