#include "core/identity/fingerprint.h"

#include <gtest/gtest.h>

#include <regex>

namespace fieldvault::core {
namespace {

TEST(FingerprintTest, FiveGroupsOfFourHexDigits) {
  std::string fingerprint = SigningKeyFingerprint(
      "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3");
  EXPECT_TRUE(std::regex_match(fingerprint,
                               std::regex("[0-9a-f]{4}( [0-9a-f]{4}){4}")))
      << fingerprint;
}

TEST(FingerprintTest, DependsOnKeyAndKind) {
  const std::string key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
  EXPECT_EQ(RecipientFingerprint(key), RecipientFingerprint(key));
  EXPECT_NE(RecipientFingerprint(key), SigningKeyFingerprint(key));
  std::string other = key;
  other[10] = 'x';
  EXPECT_NE(RecipientFingerprint(key), RecipientFingerprint(other));
  // A known answer from coreutils, so the documented definition holds:
  // printf 'fieldvault age recipient v1\0age1...' | b2sum | cut -c1-20
  EXPECT_EQ(RecipientFingerprint(key), "cf45 5eda 85e5 cbfa b027");
}

}  // namespace
}  // namespace fieldvault::core
