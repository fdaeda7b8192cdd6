#include "crypto/copy_check.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  return data;
}

CopyTag TagOf(const CopyCheck& check, std::span<const uint8_t> bytes) {
  MemorySource source(bytes);
  auto tag = check.TagAll(source);
  EXPECT_TRUE(tag.ok());
  return tag.ok() ? *tag : CopyTag{};
}

TEST(CopyCheckTest, SameBytesSameTagHoweverTheyAreSplit) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(5);
  CopyCheck check(random);
  std::vector<uint8_t> data = Pattern(3 << 20);
  MemorySink copy;
  CopyCheck::TaggingSink sink(check, &copy);
  ASSERT_TRUE(sink.Write(std::span(data).first(13)).ok());
  ASSERT_TRUE(sink.Write(std::span(data).subspan(13)).ok());
  EXPECT_EQ(copy.bytes(), data);
  EXPECT_TRUE(CopyCheck::Same(sink.Finish(), TagOf(check, data)));
}

TEST(CopyCheckTest, AnyChangeOrCutIsSeen) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(6);
  CopyCheck check(random);
  std::vector<uint8_t> data = Pattern(100000);
  const CopyTag original = TagOf(check, data);
  for (size_t at : {size_t{0}, size_t{4096}, data.size() - 1}) {
    std::vector<uint8_t> changed = data;
    changed[at] ^= 0x01;
    EXPECT_FALSE(CopyCheck::Same(original, TagOf(check, changed))) << at;
  }
  EXPECT_FALSE(CopyCheck::Same(original, TagOf(check, std::span(data).first(99999))));
  std::vector<uint8_t> longer = data;
  longer.push_back(0);
  EXPECT_FALSE(CopyCheck::Same(original, TagOf(check, longer)));
}

TEST(CopyCheckTest, EachCheckHasItsOwnKey) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom random(7);
  CopyCheck first(random);
  CopyCheck second(random);
  std::vector<uint8_t> data = Pattern(1000);
  EXPECT_FALSE(CopyCheck::Same(TagOf(first, data), TagOf(second, data)));
}

}  // namespace
}  // namespace fieldvault::crypto
