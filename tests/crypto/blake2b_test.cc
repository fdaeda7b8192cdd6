#include "crypto/blake2b.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fieldvault::crypto
