#include "crypto/hashing_source.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

using Mode = HashingSource::Mode;

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13 + 5);
  return data;
}

// Reads `source` to its end in pieces of `piece` bytes, scribbling over
// each piece afterwards as a caller reusing its buffer would.
std::vector<uint8_t> ReadAll(ByteSource& source, size_t piece) {
  std::vector<uint8_t> read;
  std::vector<uint8_t> buffer(piece);
  while (true) {
    Result<size_t> n = source.Read(buffer);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) return read;
    read.insert(read.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(*n));
    std::fill(buffer.begin(), buffer.end(), 0xEE);
  }
}

TEST(HashingSourceTest, PassesBytesThroughAndHashesThemInBothModes) {
  ASSERT_TRUE(InitializeCrypto().ok());
  constexpr size_t kBuffer = BackgroundHashingSink::kBufferBytes;
  for (Mode mode : {Mode::kInline, Mode::kBackground}) {
    for (size_t size : {size_t{0}, size_t{1}, kBuffer + 1, 2 * kBuffer + 17}) {
      for (size_t piece : {size_t{7}, size_t{65536}}) {
        std::vector<uint8_t> data = Pattern(size);
        MemorySource memory(data);
        HashingSource source(memory, mode);
        EXPECT_EQ(ReadAll(source, piece), data);
        EXPECT_EQ(source.bytes_read(), data.size());
        EXPECT_EQ(source.Finish(), HashBlake2b512(data)) << size << " " << piece;
      }
    }
  }
}

// The digest covers only what was read, so a caller that stops early
// (a refused bundle) gets the hash of the bytes it saw.
TEST(HashingSourceTest, DigestIsOfWhatWasRead) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::vector<uint8_t> data = Pattern(1000);
  for (Mode mode : {Mode::kInline, Mode::kBackground}) {
    MemorySource memory(data);
    HashingSource source(memory, mode);
    std::vector<uint8_t> first(300);
    ASSERT_EQ(*ReadFull(source, first), 300u);
    EXPECT_EQ(source.bytes_read(), 300u);
    EXPECT_EQ(source.Finish(), HashBlake2b512(std::span(data).first(300)));
  }
}

class FailingSource final : public ByteSource {
 public:
  Result<size_t> Read(std::span<uint8_t>) override {
    return Status::IoError("synthetic unreadable stick");
  }
};

TEST(HashingSourceTest, ReadErrorsReachTheCaller) {
  ASSERT_TRUE(InitializeCrypto().ok());
  for (Mode mode : {Mode::kInline, Mode::kBackground}) {
    FailingSource failing;
    HashingSource source(failing, mode);
    std::vector<uint8_t> buffer(16);
    EXPECT_EQ(source.Read(buffer).status().code(), StatusCode::kIoError);
    EXPECT_EQ(source.bytes_read(), 0u);
  }
}

}  // namespace
}  // namespace fieldvault::crypto
