// ForEachPreparedRecord: records prepared on a second thread reach the
// caller in file order with their line numbers, errors at the line they
// belong to and after every line before them, and a caller that stops
// early stops the reading thread (no hang, nothing more applied).
#include "core/bundle/record_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/records/record_json.h"
#include "crypto/byte_stream.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

constexpr char kPath[] = "records/detention.jsonl";

// `count` detention lines, each with its own id ("…-<n>"), in file order.
std::string DetentionLines(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    Detention detention = testing::SampleDetention();
    const std::string suffix = std::to_string(100000000000 + i);
    detention.meta.id = "33333333-3333-4333-8333-" + suffix;
    text += ToJson(detention).dump() + "\n";
  }
  return text;
}

struct Seen {
  std::vector<uint64_t> lines;
  std::vector<std::string> ids;
};

Status ReadAll(const std::string& text, Seen& seen, size_t stop_after = 0) {
  crypto::MemorySource source(crypto::AsBytes(text));
  return ForEachPreparedRecord(
      source, kPath, kDetentionType, 1 << 20,
      [&](uint64_t line, Result<PreparedRecord>& prepared) -> Status {
        if (!prepared.ok()) return prepared.status();
        seen.lines.push_back(line);
        seen.ids.push_back(prepared->body.value("id", ""));
        if (stop_after != 0 && seen.lines.size() == stop_after) {
          return Status::InvalidArgument("synthetic stop");
        }
        return Status::Ok();
      });
}

TEST(RecordLinesTest, RecordsArriveInFileOrderWithTheirLineNumbers) {
  // More lines than the batches that may wait, so the reader blocks.
  const size_t count = kBatchRecords * (kQueuedBatches + 3) + 5;
  Seen seen;
  ASSERT_TRUE(ReadAll(DetentionLines(count), seen).ok());
  ASSERT_EQ(seen.lines.size(), count);
  for (size_t i = 0; i < count; ++i) {
    EXPECT_EQ(seen.lines[i], i + 1);
    EXPECT_EQ(seen.ids[i], "33333333-3333-4333-8333-" + std::to_string(100000000000 + i));
  }
}

TEST(RecordLinesTest, ALineThatIsNotJsonIsReportedAfterTheLinesBeforeIt) {
  std::string text = DetentionLines(200);
  text += "{not json\n" + DetentionLines(3);
  Seen seen;
  Status status = ReadAll(text, seen);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_EQ(status.message(), std::string(kPath) + " line 201: a line is not a JSON object");
  EXPECT_EQ(seen.lines.size(), 200u);
}

TEST(RecordLinesTest, ARecordOfAnotherTypeNamesItsLine) {
  std::string text = DetentionLines(2) + ToJson(testing::SamplePerson()).dump() + "\n";
  Seen seen;
  Status status = ReadAll(text, seen);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find(std::string(kPath) + " line 3"), std::string::npos)
      << status.message();
  EXPECT_EQ(seen.lines.size(), 2u);
}

TEST(RecordLinesTest, TheEndOfTheFileComesAfterEveryLine) {
  std::string text = DetentionLines(kBatchRecords + 1);
  text += "{\"no\":\"newline\"}";  // ForEachLine refuses a last line without one
  Seen seen;
  Status status = ReadAll(text, seen);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_EQ(status.message(), "the last line has no newline");
  EXPECT_EQ(seen.lines.size(), kBatchRecords + 1);
}

TEST(RecordLinesTest, ACallerThatStopsStopsTheReader) {
  Seen seen;
  Status status = ReadAll(DetentionLines(kBatchRecords * (kQueuedBatches + 10)), seen, 70);
  EXPECT_EQ(status.message(), "synthetic stop");
  EXPECT_EQ(seen.lines.size(), 70u);
}

TEST(RecordLinesTest, AnEmptyFileHasNoRecords) {
  Seen seen;
  EXPECT_TRUE(ReadAll("", seen).ok());
  EXPECT_TRUE(seen.lines.empty());
}

}  // namespace
}  // namespace fieldvault::core::bundle
