#include "crypto/background_hashing_sink.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31 + 7);
  return data;
}

TEST(BackgroundHashingSinkTest, SameDigestAndBytesAsHashingSink) {
  ASSERT_TRUE(InitializeCrypto().ok());
  constexpr size_t kBuffer = BackgroundHashingSink::kBufferBytes;
  for (size_t size : {size_t{0}, size_t{1}, kBuffer - 1, kBuffer, kBuffer + 1,
                      3 * kBuffer + 17}) {
    for (size_t piece : {size_t{1000}, size_t{65536}, 2 * kBuffer + 5}) {
      std::vector<uint8_t> data = Pattern(size);
      MemorySink copy;
      BackgroundHashingSink sink(&copy);
      for (size_t at = 0; at < data.size(); at += piece) {
        std::vector<uint8_t> scratch(data.begin() + static_cast<ptrdiff_t>(at),
                                     data.begin() + static_cast<ptrdiff_t>(
                                                        std::min(data.size(), at + piece)));
        ASSERT_TRUE(sink.Write(scratch).ok());
        std::fill(scratch.begin(), scratch.end(), 0xEE);  // caller reuses it
      }
      EXPECT_EQ(sink.bytes_written(), data.size());
      EXPECT_EQ(sink.Finish(), HashBlake2b512(data)) << size << " " << piece;
      EXPECT_EQ(copy.bytes(), data);
    }
  }
}

// Forwarding errors reach the caller.
class FailingSink final : public ByteSink {
 public:
  Status Write(std::span<const uint8_t>) override {
    return Status::IoError("synthetic full disk");
  }
};

TEST(BackgroundHashingSinkTest, ForwardsErrors) {
  ASSERT_TRUE(InitializeCrypto().ok());
  FailingSink failing;
  BackgroundHashingSink sink(&failing);
  EXPECT_EQ(sink.Write(Pattern(10)).code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace fieldvault::crypto
