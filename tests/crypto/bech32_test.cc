#include "crypto/bech32.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/byte_stream.h"
#include "crypto/encoding.h"

namespace fieldvault::crypto {
namespace {

Result<Bech32Decoded> Decode(std::string_view text,
                             std::vector<uint8_t>* data = nullptr) {
  std::vector<uint8_t> out(Bech32MaxDecodedSize(text.size()));
  auto decoded = Bech32DecodeInto(AsBytes(text), out);
  if (decoded.ok() && data != nullptr) {
    out.resize(decoded->data_size);
    *data = out;
  }
  return decoded;
}

// BIP 173 "valid checksum" test vectors.
TEST(Bech32Test, Bip173ValidChecksums) {
  for (std::string_view text : {
           "A12UEL5L",
           "a12uel5l",
           "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexc"
           "ludedcharactersbio1tt5tgs",
           "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
           "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
           "qqqqqqqqqqqqqqqqqqc8247j",
           "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
           "?1ezyfcl",
       }) {
    auto decoded = Decode(text);
    EXPECT_TRUE(decoded.ok()) << text << ": " << decoded.status().ToString();
  }
}

// BIP 173 "invalid checksum" test vectors (minus the 90-character limit,
// which age does not apply).
TEST(Bech32Test, Bip173InvalidStrings) {
  for (std::string text : {
           std::string("\x20") + "1nwldj5",   // HRP character out of range
           std::string("\x7f") + "1axkwrx",   // HRP character out of range
           std::string("\x80") + "1eym55h",   // HRP character out of range
           std::string("pzry9x0s0muk"),       // no separator
           std::string("1pzry9x0s0muk"),      // empty HRP
           std::string("x1b4n0q5v"),          // invalid data character
           std::string("li1dgmt3"),           // checksum too short
           std::string("de1lg7wt") + "\xff",  // invalid checksum character
           std::string("A1G7SGD8"),           // checksum of uppercase HRP
           std::string("10a06t8"),            // empty HRP
           std::string("1qzzfhee"),           // empty HRP
           std::string("a12UEL5L"),           // mixed case
       }) {
    EXPECT_FALSE(Decode(text).ok()) << text;
  }
}

TEST(Bech32Test, NoLengthLimit) {
  std::vector<uint8_t> data(200);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  auto text = Bech32Encode("long", data, Bech32Case::kLower);
  ASSERT_TRUE(text.ok());
  EXPECT_GT(text->size(), 90u);
  std::vector<uint8_t> decoded;
  ASSERT_TRUE(Decode(*text, &decoded).ok());
  EXPECT_EQ(decoded, data);
}

TEST(Bech32Test, RoundTripEverySizeAndCase) {
  for (size_t size = 0; size <= 40; ++size) {
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 37 + size);
    for (Bech32Case c : {Bech32Case::kLower, Bech32Case::kUpper}) {
      auto text = Bech32Encode(c == Bech32Case::kLower ? "age" : "AGE", data, c);
      ASSERT_TRUE(text.ok());
      EXPECT_EQ(text->size(), Bech32EncodedSize(3, size));
      std::vector<uint8_t> decoded;
      auto result = Decode(*text, &decoded);
      ASSERT_TRUE(result.ok()) << *text;
      EXPECT_EQ(decoded, data);
      EXPECT_EQ(result->letter_case, c);
      EXPECT_EQ(result->hrp, c == Bech32Case::kLower ? "age" : "AGE");
    }
  }
}

TEST(Bech32Test, KnownAgeRecipient) {
  // From the age specification: the recipient of the example identity
  // AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZ... (32 bytes of 0x42).
  std::vector<uint8_t> data;
  ASSERT_TRUE(Decode("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYS"
                     "JZGFPYYSJZGFPQ4EGAEX",
                     &data)
                  .ok());
  EXPECT_EQ(data, std::vector<uint8_t>(32, 0x42));
}

TEST(Bech32Test, DetectsEverySingleCharacterChange) {
  std::vector<uint8_t> data(32, 0x11);
  auto text = Bech32Encode("age", data, Bech32Case::kLower);
  ASSERT_TRUE(text.ok());
  for (size_t i = 4; i < text->size(); ++i) {
    std::string changed = *text;
    changed[i] = changed[i] == 'q' ? 'p' : 'q';
    EXPECT_FALSE(Decode(changed).ok()) << i;
  }
}

TEST(Bech32Test, RejectsBadPaddingAndHrp) {
  // Valid checksums, computed independently: one 5-bit group cannot form a
  // byte; "qp" leaves two non-zero padding bits; "qq" is one zero byte.
  EXPECT_FALSE(Decode("a1lmyple6").ok());
  EXPECT_FALSE(Decode("a1qpamnt9j").ok());
  std::vector<uint8_t> data;
  ASSERT_TRUE(Decode("a1qqqd87cq", &data).ok());
  EXPECT_EQ(data, std::vector<uint8_t>{0});

  const std::vector<uint8_t> one{1};
  EXPECT_FALSE(Bech32Encode("", one, Bech32Case::kLower).ok());
  EXPECT_FALSE(Bech32Encode("Ab", one, Bech32Case::kLower).ok());
  EXPECT_FALSE(Bech32Encode("a b", one, Bech32Case::kLower).ok());
  std::vector<uint8_t> too_small(1);
  auto text = Bech32Encode("age", std::vector<uint8_t>(32, 1), Bech32Case::kLower);
  ASSERT_TRUE(text.ok());
  EXPECT_FALSE(Bech32DecodeInto(AsBytes(*text), too_small).ok());
}

}  // namespace
}  // namespace fieldvault::crypto
