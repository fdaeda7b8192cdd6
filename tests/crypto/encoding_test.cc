#include "crypto/encoding.h"

#include <gtest/gtest.h>

#include "crypto/byte_stream.h"

namespace fieldvault::crypto {
namespace {

TEST(EncodingTest, HexRoundTrip) {
  const uint8_t bytes[] = {0x00, 0xab, 0xff};
  EXPECT_EQ(HexEncode(bytes), "00abff");
  auto decoded = HexDecode("00ABff");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::vector<uint8_t>({0x00, 0xab, 0xff}));
  EXPECT_FALSE(HexDecode("abc").ok());
  EXPECT_FALSE(HexDecode("zz").ok());
}

TEST(EncodingTest, Base64Variants) {
  auto bytes = AsBytes("fo");
  EXPECT_EQ(Base64Encode(bytes, Base64Variant::kPadded), "Zm8=");
  EXPECT_EQ(Base64Encode(bytes, Base64Variant::kUnpadded), "Zm8");
  EXPECT_TRUE(Base64Decode("Zm8=", Base64Variant::kPadded).ok());
  EXPECT_TRUE(Base64Decode("Zm8", Base64Variant::kUnpadded).ok());
  EXPECT_FALSE(Base64Decode("Zm8", Base64Variant::kPadded).ok());
  EXPECT_FALSE(Base64Decode("Zm8=", Base64Variant::kUnpadded).ok());
}

TEST(EncodingTest, Base64RejectsNonCanonical) {
  // "Zm9" has non-zero trailing bits compared with the canonical "Zm8".
  EXPECT_FALSE(Base64Decode("Zm9", Base64Variant::kUnpadded).ok());
  EXPECT_FALSE(Base64Decode("Zm8 ", Base64Variant::kUnpadded).ok());
  EXPECT_FALSE(Base64Decode("Zm\n8", Base64Variant::kUnpadded).ok());
}

}  // namespace
}  // namespace fieldvault::crypto
