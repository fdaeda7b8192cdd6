#include "crypto/hkdf.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Range(int first, int end) {
  std::vector<uint8_t> bytes(static_cast<size_t>(end - first));
  std::iota(bytes.begin(), bytes.end(), static_cast<uint8_t>(first));
  return bytes;
}

struct HkdfVector {
  std::vector<uint8_t> ikm, salt, info;
  size_t length;
  const char* prk;
  const char* okm;
};

// RFC 5869 Appendix A, test cases 1-3 (SHA-256).
std::vector<HkdfVector> Rfc5869Vectors() {
  return {
      {std::vector<uint8_t>(22, 0x0b), Range(0x00, 0x0d), Range(0xf0, 0xfa),
       42, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf3400"
       "7208d5b887185865"},
      {Range(0x00, 0x50), Range(0x60, 0xb0), Range(0xb0, 0x100), 82,
       "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c5904"
       "5a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c581"
       "79ec3e87c14c01d5c1f3434f1d87"},
      {std::vector<uint8_t>(22, 0x0b), {}, {}, 42,
       "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d20"
       "1395faa4b61a96c8"},
  };
}

TEST(HkdfTest, Rfc5869Vectors) {
  ASSERT_TRUE(InitializeCrypto().ok());
  for (const HkdfVector& v : Rfc5869Vectors()) {
    SecretBytes prk = HkdfSha256Extract(v.salt, v.ikm);
    EXPECT_EQ(HexEncode(prk.Reveal()), v.prk);
    auto expanded = HkdfSha256Expand(prk.Reveal(), v.info, v.length);
    ASSERT_TRUE(expanded.ok());
    EXPECT_EQ(HexEncode(expanded->Reveal()), v.okm);
    auto okm = HkdfSha256(v.ikm, v.salt, v.info, v.length);
    ASSERT_TRUE(okm.ok());
    EXPECT_EQ(HexEncode(okm->Reveal()), v.okm);
  }
}

TEST(HkdfTest, EmptySaltEqualsZeroSalt) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::vector<uint8_t> ikm(16, 0x42), zeros(32, 0);
  auto a = HkdfSha256(ikm, {}, {}, 32);
  auto b = HkdfSha256(ikm, zeros, {}, 32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->Equals(*b));
}

TEST(HkdfTest, RejectsBadLengths) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::vector<uint8_t> ikm(16, 1);
  EXPECT_EQ(HkdfSha256(ikm, {}, {}, 0).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256(ikm, {}, {}, 255 * 32 + 1).status().code(),
            StatusCode::kInvalidArgument);
  auto longest = HkdfSha256(ikm, {}, {}, 255 * 32);
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(longest->size(), 255u * 32);
}

}  // namespace
}  // namespace fieldvault::crypto
