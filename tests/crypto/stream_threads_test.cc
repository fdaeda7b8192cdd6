#include "crypto/stream_threads.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

constexpr size_t kBuffer = kStreamThreadBufferBytes;

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31 + 7);
  return data;
}

// The buffers are SecretBytes, which need libsodium initialised.
class PipeSinkTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
};
class PrefetchSourceTest : public PipeSinkTest {};

const size_t kSizes[] = {0, 1, kBuffer - 1, kBuffer, kBuffer + 1,
                         kStreamThreadBuffers * kBuffer + 17, 11 * kBuffer + 3};

TEST_F(PipeSinkTest, ForwardsEveryByteInOrder) {
  for (size_t size : kSizes) {
    for (size_t piece : {size_t{512}, size_t{65536}, 3 * kBuffer + 5}) {
      std::vector<uint8_t> data = Pattern(size);
      MemorySink copy;
      PipeSink pipe(copy);
      for (size_t at = 0; at < data.size(); at += piece) {
        std::vector<uint8_t> scratch(
            data.begin() + static_cast<ptrdiff_t>(at),
            data.begin() + static_cast<ptrdiff_t>(std::min(data.size(), at + piece)));
        ASSERT_TRUE(pipe.Write(scratch).ok());
        std::fill(scratch.begin(), scratch.end(), 0xEE);  // caller reuses it
      }
      ASSERT_TRUE(pipe.Finish().ok());
      EXPECT_EQ(copy.bytes(), data) << size << " " << piece;
    }
  }
}

// Fails after `good` bytes.
class FailingSink final : public ByteSink {
 public:
  explicit FailingSink(size_t good) : good_(good) {}
  Status Write(std::span<const uint8_t> bytes) override {
    if (bytes.size() > good_) return Status::IoError("synthetic full disk");
    good_ -= bytes.size();
    return Status::Ok();
  }

 private:
  size_t good_;
};

TEST_F(PipeSinkTest, TheFirstErrorReachesTheCaller) {
  FailingSink failing(kBuffer);
  PipeSink pipe(failing);
  std::vector<uint8_t> data = Pattern(kBuffer);
  Status status = Status::Ok();
  // The error comes back from a later Write, or at the latest from Finish.
  for (int i = 0; i < 20 && status.ok(); ++i) status = pipe.Write(data);
  if (status.ok()) status = pipe.Finish();
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(pipe.Finish().code(), StatusCode::kIoError);
}

TEST_F(PipeSinkTest, DestroyedWithoutFinishDoesNotHang) {
  MemorySink copy;
  {
    PipeSink pipe(copy);
    for (int i = 0; i < 9; ++i) ASSERT_TRUE(pipe.Write(Pattern(kBuffer)).ok());
  }
  EXPECT_LE(copy.bytes().size(), 9 * kBuffer);
}

std::vector<uint8_t> ReadAll(ByteSource& source, size_t piece, Status* error) {
  std::vector<uint8_t> out, buffer(piece);
  while (true) {
    Result<size_t> n = source.Read(buffer);
    if (!n.ok()) { *error = n.status(); return out; }
    if (*n == 0) return out;
    out.insert(out.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(*n));
  }
}

TEST_F(PrefetchSourceTest, ServesEveryByteInOrder) {
  for (size_t size : kSizes) {
    for (size_t piece : {size_t{1}, size_t{512}, 3 * kBuffer + 5}) {
      if (piece == 1 && size > 2 * kBuffer) continue;  // slow, adds nothing
      std::vector<uint8_t> data = Pattern(size);
      MemorySource memory(data);
      PrefetchSource prefetch(memory);
      Status error = Status::Ok();
      EXPECT_EQ(ReadAll(prefetch, piece, &error), data) << size << " " << piece;
      EXPECT_TRUE(error.ok());
      std::array<uint8_t, 4> after;
      EXPECT_EQ(*prefetch.Read(after), 0u);  // the end stays the end
    }
  }
}

// Gives `good` bytes in small reads, then an error.
class FailingSource final : public ByteSource {
 public:
  explicit FailingSource(size_t good) : data_(Pattern(good)) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    ++reads_after_error_;
    if (at_ == data_.size()) return Status::Corruption("synthetic bad chunk");
    reads_after_error_ = 0;
    size_t n = std::min({out.size(), data_.size() - at_, size_t{1000}});
    std::copy_n(data_.begin() + static_cast<ptrdiff_t>(at_), n, out.begin());
    at_ += n;
    return n;
  }
  const std::vector<uint8_t>& data() const { return data_; }
  int reads_after_error() const { return reads_after_error_; }

 private:
  std::vector<uint8_t> data_;
  size_t at_ = 0;
  int reads_after_error_ = 0;
};

TEST_F(PrefetchSourceTest, BytesBeforeAnErrorComeFirstAndNothingIsReadPastIt) {
  for (size_t good : {size_t{0}, size_t{5000}, kBuffer, 2 * kBuffer + 7}) {
    FailingSource failing(good);
    PrefetchSource prefetch(failing);
    Status error = Status::Ok();
    EXPECT_EQ(ReadAll(prefetch, 4096, &error), failing.data());
    EXPECT_EQ(error.code(), StatusCode::kCorruption) << good;
    std::array<uint8_t, 4> again;
    EXPECT_EQ(prefetch.Read(again).status().code(), StatusCode::kCorruption);
    EXPECT_EQ(failing.reads_after_error(), 1);
  }
}

TEST_F(PrefetchSourceTest, DestroyedBeforeTheEndDoesNotHang) {
  std::vector<uint8_t> data = Pattern(20 * kBuffer);
  MemorySource memory(data);
  PrefetchSource prefetch(memory);
  std::array<uint8_t, 100> some;
  EXPECT_EQ(*prefetch.Read(some), some.size());
}

}  // namespace
}  // namespace fieldvault::crypto
