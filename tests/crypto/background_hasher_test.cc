#include "crypto/background_hasher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "crypto/blake2b.h"
#include "crypto/encoding.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i * 31 + 7);
  return bytes;
}

TEST(BackgroundHasherTest, NothingHashedGivesTheEmptyDigest) {
  BackgroundHasher hasher;
  EXPECT_EQ(HexEncode(hasher.Finish()), HexEncode(HashBlake2b512({})));
}

TEST(BackgroundHasherTest, TwoBuffersInTurnGiveTheSequentialDigest) {
  const std::vector<uint8_t> data = Pattern(5 * 65536 + 123);
  // Copies each piece into one of two buffers, as attach does, and rewrites
  // a buffer only after the next Update has returned.
  std::vector<uint8_t> buffers[2] = {std::vector<uint8_t>(65536),
                                     std::vector<uint8_t>(65536)};
  BackgroundHasher hasher;
  size_t turn = 0;
  for (size_t offset = 0; offset < data.size(); offset += 65536, ++turn) {
    const size_t n = std::min<size_t>(65536, data.size() - offset);
    std::vector<uint8_t>& buffer = buffers[turn % 2];
    std::copy_n(data.begin() + offset, n, buffer.begin());
    hasher.Update(std::span(buffer.data(), n));
  }
  EXPECT_EQ(HexEncode(hasher.Finish()), HexEncode(HashBlake2b512(data)));
}

TEST(BackgroundHasherTest, EmptyAndOddSizedUpdatesAreHashedInOrder) {
  const std::vector<uint8_t> data = Pattern(1000);
  BackgroundHasher hasher;
  hasher.Update(std::span(data.data(), 0));
  hasher.Update(std::span(data.data(), 1));
  hasher.Update(std::span(data.data() + 1, 998));
  hasher.Update(std::span(data.data() + 999, 1));
  EXPECT_EQ(HexEncode(hasher.Finish()), HexEncode(HashBlake2b512(data)));
}

TEST(BackgroundHasherTest, DestroyedWithWorkInFlightStopsCleanly) {
  const std::vector<uint8_t> data = Pattern(1 << 20);
  auto hasher = std::make_unique<BackgroundHasher>();
  hasher->Update(data);
  hasher.reset();  // must wait for the worker, not read freed memory
  SUCCEED();
}

}  // namespace
}  // namespace fieldvault::crypto
