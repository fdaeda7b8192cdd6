// CheckedLinesSink: forwards a JSON Lines stream unchanged, in order,
// however it is cut into writes, and refuses any line that is not JSON,
// including one cut across the second thread's buffers.
#include "core/bundle/checked_lines_sink.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/init.h"
#include "crypto/stream_threads.h"

namespace fieldvault::core::bundle {
namespace {

// Writes `text` in pieces of growing, odd sizes, then finishes; returns
// the first error.
Status WriteInPieces(CheckedLinesSink& sink, const std::string& text) {
  std::span<const uint8_t> rest = crypto::AsBytes(text);
  for (size_t piece = 1; !rest.empty(); piece = piece * 2 + 7) {
    const size_t n = std::min(piece, rest.size());
    Status status = sink.Write(rest.first(n));
    if (!status.ok()) return status;
    rest = rest.subspan(n);
  }
  return sink.Finish();
}

std::string Lines(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    text += R"({"id":"synthetic-)" + std::to_string(i) +
            R"(","names":["Synthetic Person ✓"],"n":)" + std::to_string(i) + "}\n";
  }
  return text;
}

class FailingSink final : public crypto::ByteSink {
 public:
  Status Write(std::span<const uint8_t>) override {
    return Status::IoError("synthetic failure");
  }
};

class CheckedLinesSinkTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitializeCrypto().ok()); }
};

TEST_F(CheckedLinesSinkTest, ForwardsEveryByteInOrder) {
  // Many buffers' worth, and one line longer than the whole ring.
  std::string text = Lines(20000);
  text += R"({"statement":")" +
          std::string(2 * crypto::kStreamThreadBuffers * crypto::kStreamThreadBufferBytes, 'x') +
          "\"}\n" + Lines(3);
  crypto::MemorySink out;
  CheckedLinesSink sink(out, "detention");
  ASSERT_TRUE(WriteInPieces(sink, text).ok());
  EXPECT_EQ(std::string(out.bytes().begin(), out.bytes().end()), text);
}

TEST_F(CheckedLinesSinkTest, NothingWrittenIsFine) {
  crypto::MemorySink out;
  CheckedLinesSink sink(out, "person");
  EXPECT_TRUE(sink.Finish().ok());
  EXPECT_TRUE(out.bytes().empty());
}

TEST_F(CheckedLinesSinkTest, RefusesALineThatIsNotJson) {
  const std::vector<std::string> bad = {
      Lines(5000) + "{\"id\":\"synthetic\"\n" + Lines(10),  // cut short
      Lines(3) + "\n" + Lines(3),                           // an empty line
      Lines(3) + "{\"a\":\n1}\n",                           // a raw newline
      Lines(3) + "{\"a\":1} {\"b\":2}\n",                   // two texts
      Lines(3) + "{\"a\":\"\xff\"}\n",                      // not UTF-8
      Lines(3) + "{\"a\":1",                                // last line, no '\n'
  };
  for (const std::string& text : bad) {
    crypto::MemorySink out;
    CheckedLinesSink sink(out, "detention");
    Status status = WriteInPieces(sink, text);
    EXPECT_EQ(status.code(), StatusCode::kCorruption) << text.substr(text.size() - 20);
    EXPECT_EQ(status.message(), "a stored detention is damaged");
  }
}

TEST_F(CheckedLinesSinkTest, ChecksALastLineWithoutNewline) {
  crypto::MemorySink out;
  CheckedLinesSink sink(out, "incident");
  const std::string text = Lines(2) + R"({"id":"synthetic-last"})";
  ASSERT_TRUE(WriteInPieces(sink, text).ok());
  EXPECT_EQ(out.bytes().size(), text.size());
}

TEST_F(CheckedLinesSinkTest, PassesOnTheNextSinksError) {
  FailingSink failing;
  CheckedLinesSink sink(failing, "source");
  Status status = WriteInPieces(sink, Lines(50000));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "synthetic failure");
}

}  // namespace
}  // namespace fieldvault::core::bundle
