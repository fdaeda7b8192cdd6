#include "crypto/blake2b.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <vector>

#include "crypto/encoding.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

// RFC 7693 Appendix A: BLAKE2b-512("abc").
constexpr char kAbcDigest[] =
    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
    "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923";

TEST(Blake2bTest, KnownAnswer) {
  ASSERT_TRUE(InitializeCrypto().ok());
  EXPECT_EQ(HexEncode(HashBlake2b512(AsBytes("abc"))), kAbcDigest);
}

TEST(Blake2bTest, StreamingEqualsOneShot) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::vector<uint8_t> data(200000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  MemorySource source(data);
  auto streamed = HashBlake2b512(source);
  ASSERT_TRUE(streamed.ok());
  EXPECT_EQ(*streamed, HashBlake2b512(data));

  MemorySink copy;
  HashingSink sink(&copy);
  ASSERT_TRUE(sink.Write(std::span(data).first(7)).ok());
  ASSERT_TRUE(sink.Write(std::span(data).subspan(7)).ok());
  EXPECT_EQ(sink.bytes_written(), data.size());
  EXPECT_EQ(sink.Finish(), *streamed);
  EXPECT_EQ(copy.bytes(), data);
}

// RFC 7693's reference answers for empty input and for the 128-byte and
// 129-byte boundaries are covered by comparison with libsodium below; this
// is the empty message's known digest (b2sum of an empty file).
TEST(Blake2bTest, EmptyInput) {
  ASSERT_TRUE(InitializeCrypto().ok());
  EXPECT_EQ(HexEncode(HashBlake2b512({})),
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
}

// The digest libsodium gives for the same bytes.
Blake2b512 Libsodium(std::span<const uint8_t> bytes) {
  Blake2b512 digest;
  crypto_generichash_blake2b(digest.data(), digest.size(), bytes.data(),
                             bytes.size(), nullptr, 0);
  return digest;
}

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> data(size);
  uint32_t x = 0x9e3779b9;
  for (auto& byte : data) {
    x = x * 1664525 + 1013904223;
    byte = static_cast<uint8_t>(x >> 24);
  }
  return data;
}

// Every length through five blocks, so every position of the final block
// and of the block boundaries is met.
TEST(Blake2bTest, EqualsLibsodiumForEveryLengthUpToFiveBlocks) {
  ASSERT_TRUE(InitializeCrypto().ok());
  const std::vector<uint8_t> data = Pattern(5 * Blake2bHasher::kBlockBytes + 1);
  for (size_t n = 0; n <= data.size(); ++n) {
    auto bytes = std::span(data).first(n);
    ASSERT_EQ(HashBlake2b512(bytes), Libsodium(bytes)) << "length " << n;
  }
}

// Every way of cutting the input in two, and many small pieces, give the
// one-shot digest: the streaming buffer never changes the result.
TEST(Blake2bTest, EverySplitEqualsLibsodium) {
  ASSERT_TRUE(InitializeCrypto().ok());
  const std::vector<uint8_t> data = Pattern(3 * Blake2bHasher::kBlockBytes + 5);
  const Blake2b512 expected = Libsodium(data);
  for (size_t cut = 0; cut <= data.size(); ++cut) {
    Blake2bHasher hasher;
    hasher.Update(std::span(data).first(cut));
    hasher.Update(std::span(data).subspan(cut));
    ASSERT_EQ(hasher.Finish(), expected) << "cut at " << cut;
  }
  for (size_t step : {1, 7, 127, 128, 129, 255, 256}) {
    Blake2bHasher hasher;
    for (size_t at = 0; at < data.size(); at += step) {
      hasher.Update(std::span(data).subspan(at, std::min(step, data.size() - at)));
    }
    ASSERT_EQ(hasher.Finish(), expected) << "pieces of " << step;
  }
}

TEST(Blake2bTest, LargeInputEqualsLibsodium) {
  ASSERT_TRUE(InitializeCrypto().ok());
  const std::vector<uint8_t> data = Pattern((3 << 20) + 77);
  EXPECT_EQ(HashBlake2b512(data), Libsodium(data));
}

}  // namespace
}  // namespace fieldvault::crypto
