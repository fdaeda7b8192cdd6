#include "crypto/age_armor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fieldvault::crypto {
namespace {

std::string Armor(const std::vector<uint8_t>& data) {
  MemorySink sink;
  AgeArmorWriter writer(sink);
  EXPECT_TRUE(writer.Write(data).ok());
  EXPECT_TRUE(writer.Finish().ok());
  EXPECT_FALSE(writer.Write(data).ok());
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

Result<std::vector<uint8_t>> Dearmor(std::string_view text, size_t step) {
  MemorySource source(AsBytes(text));
  AgeArmorReader reader(source);
  std::vector<uint8_t> out, buffer(step);
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, reader.Read(buffer));
    if (n == 0) return out;
    out.insert(out.end(), buffer.begin(), buffer.begin() + n);
  }
}

TEST(AgeArmorTest, RoundTripsEverySize) {
  for (size_t size = 0; size <= 200; ++size) {
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 7);
    std::string text = Armor(data);
    EXPECT_EQ(text.rfind("-----BEGIN AGE ENCRYPTED FILE-----\n", 0), 0u);
    EXPECT_TRUE(text.ends_with("\n-----END AGE ENCRYPTED FILE-----\n"));
    for (size_t step : {1, 5, 48, 4096}) {
      auto decoded = Dearmor(text, step);
      ASSERT_TRUE(decoded.ok()) << size << ": " << decoded.status().ToString();
      EXPECT_EQ(*decoded, data);
    }
  }
}

TEST(AgeArmorTest, WritesFull64ColumnLines) {
  std::string text = Armor(std::vector<uint8_t>(100, 0));
  EXPECT_EQ(text,
            "-----BEGIN AGE ENCRYPTED FILE-----\n" + std::string(64, 'A') +
                "\n" + std::string(64, 'A') + "\nAAAAAA==\n"
                "-----END AGE ENCRYPTED FILE-----\n");
}

TEST(AgeArmorTest, AcceptsCrlfAndSurroundingWhitespace) {
  std::string text = Armor(std::vector<uint8_t>(70, 0x33));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto decoded = Dearmor(" \t\r\n\n" + crlf + "\n  \n", 64);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, std::vector<uint8_t>(70, 0x33));
  // Without the final newline after END.
  EXPECT_TRUE(Dearmor(text.substr(0, text.size() - 1), 64).ok());
}

TEST(AgeArmorTest, RejectsDeviations) {
  std::string text = Armor(std::vector<uint8_t>(70, 0x33));
  auto error = Dearmor(text + "x", 64);
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(error.status().message().rfind(kAgeErrorArmor, 0), 0u);
  EXPECT_FALSE(Dearmor(text + std::string(1100, ' '), 64).ok());
  EXPECT_FALSE(Dearmor(std::string(1100, '\n') + text, 64).ok());
  EXPECT_FALSE(Dearmor(text.substr(0, text.size() - 10), 64).ok());
  EXPECT_FALSE(Dearmor("", 64).ok());
  EXPECT_FALSE(Dearmor(std::string(5000, 'A'), 64).ok());
}

}  // namespace
}  // namespace fieldvault::crypto
