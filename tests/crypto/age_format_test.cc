#include "crypto/age_format.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/byte_stream.h"

namespace fieldvault::crypto {
namespace {

// The header of the testkit's "x25519" vector.
constexpr std::string_view kHeader =
    "age-encryption.org/v1\n"
    "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n"
    "hjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n"
    "--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg\n";

std::string Reserialize(const AgeHeader& header) {
  auto text = SerializeAgeHeaderWithoutMac(header.stanzas);
  EXPECT_TRUE(text.ok());
  return *text + SerializeAgeMacLine(header.mac);
}

TEST(AgeFormatTest, ParsesAndReserializesExactly) {
  auto header = ParseAgeHeader(AsBytes(kHeader));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  ASSERT_EQ(header->stanzas.size(), 1u);
  EXPECT_EQ(header->stanzas[0].type, "X25519");
  ASSERT_EQ(header->stanzas[0].args.size(), 1u);
  EXPECT_EQ(header->stanzas[0].body.size(), 32u);
  EXPECT_EQ(header->mac_input_size, kHeader.size() - 45);
  EXPECT_EQ(Reserialize(*header), kHeader);
  EXPECT_EQ(FindAgeHeaderEnd(AsBytes(std::string(kHeader) + "payload")),
            kHeader.size());
  EXPECT_FALSE(FindAgeHeaderEnd(AsBytes(kHeader.substr(0, kHeader.size() - 1))));
}

TEST(AgeFormatTest, BodyWrapsAt64ColumnsWithShortFinalLine) {
  for (size_t size : {0, 1, 47, 48, 49, 96, 100}) {
    AgeStanza stanza{"example.org/test", {"a", "b"},
                     std::vector<uint8_t>(size, 0xab)};
    auto text = SerializeAgeHeaderWithoutMac({&stanza, 1});
    ASSERT_TRUE(text.ok());
    std::array<uint8_t, kAgeMacBytes> mac{};
    std::string header = *text + SerializeAgeMacLine(mac);
    auto parsed = ParseAgeHeader(AsBytes(header));
    ASSERT_TRUE(parsed.ok()) << size << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->stanzas[0].body, stanza.body);
    EXPECT_EQ(parsed->stanzas[0].args, stanza.args);
    // A multiple of 48 bytes ends with an empty final line.
    if (size % 48 == 0) {
      EXPECT_NE(header.find("\n\n---"), std::string::npos);
    }
  }
}

TEST(AgeFormatTest, ErrorCategories) {
  auto not_age = ParseAgeHeader(AsBytes("hello world\n--- x\n"));
  EXPECT_EQ(not_age.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(not_age.status().message(), kAgeErrorNotAgeFile);
  auto v2 = ParseAgeHeader(AsBytes("age-encryption.org/v2\n--- x\n"));
  EXPECT_EQ(v2.status().code(), StatusCode::kUnsupported);
  std::string header(kHeader);
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"-> X25519", "->  X25519"},   // empty argument
           {"-> X25519", "->X25519"},     // no space
           {"FLE\n", "FLE \n"},           // trailing space in body
           {"FLE\n", "FLE\r\n"},          // CR
           {"--- ", "---"},               // MAC without space
           {"rcNg\n", "rcNg\nextra\n"},   // data after MAC line
       }) {
    std::string damaged = header;
    damaged.replace(damaged.find(from), from.size(), to);
    auto parsed = ParseAgeHeader(AsBytes(damaged));
    EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption) << damaged;
    EXPECT_EQ(parsed.status().message().rfind(kAgeErrorHeader, 0), 0u);
  }
  // No stanza at all.
  EXPECT_FALSE(ParseAgeHeader(AsBytes(
                   "age-encryption.org/v1\n"
                   "--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg\n"))
                   .ok());
}

TEST(AgeFormatTest, SerializerRejectsBadArguments) {
  AgeStanza spaced{"X25519", {"a b"}, {}};
  EXPECT_FALSE(SerializeAgeHeaderWithoutMac({&spaced, 1}).ok());
  AgeStanza empty_type{"", {}, {}};
  EXPECT_FALSE(SerializeAgeHeaderWithoutMac({&empty_type, 1}).ok());
  EXPECT_FALSE(SerializeAgeHeaderWithoutMac({}).ok());
}

}  // namespace
}  // namespace fieldvault::crypto
