// ExifCaptureTime on synthetic JPEGs built here byte by byte: both byte
// orders, with and without the zone, blank and malformed dates, and every
// truncation of a good file (never a read outside the bytes given).
#include "core/attachments/exif_capture_time.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/core/attachments/exif_jpeg.h"

namespace fieldvault::core {
namespace {

using fieldvault::testing::Bytes;

Bytes Jpeg(const std::string& date, const std::string& offset, bool little) {
  return fieldvault::testing::ExifJpeg(date, offset, little);
}

TEST(ExifCaptureTimeTest, ReadsDateTimeOriginalInBothByteOrders) {
  for (bool little : {true, false}) {
    EXPECT_EQ(ExifCaptureTime(Jpeg("2020:02:22 12:10:05", "", little)),
              "2020-02-22T12:10:05")
        << little;
    EXPECT_EQ(ExifCaptureTime(Jpeg("2020:02:22 12:10:05", "+06:00", little)),
              "2020-02-22T12:10:05+06:00")
        << little;
  }
}

TEST(ExifCaptureTimeTest, BlankOrMalformedTimesAreNone) {
  EXPECT_EQ(ExifCaptureTime(Jpeg("0000:00:00 00:00:00", "", true)),
            std::nullopt);
  EXPECT_EQ(ExifCaptureTime(Jpeg("                   ", "", true)),
            std::nullopt);
  EXPECT_EQ(ExifCaptureTime(Jpeg("2020-02-22 12:10:05", "", true)),
            std::nullopt);
  // A malformed zone is left out; the time stays.
  EXPECT_EQ(ExifCaptureTime(Jpeg("2020:02:22 12:10:05", "6 hours", true)),
            "2020-02-22T12:10:05");
}

TEST(ExifCaptureTimeTest, OtherFilesHaveNone) {
  EXPECT_EQ(ExifCaptureTime(Bytes{}), std::nullopt);
  const Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  EXPECT_EQ(ExifCaptureTime(png), std::nullopt);
  // A JPEG without EXIF: SOI, JFIF, scan.
  Bytes plain = Jpeg("2020:02:22 12:10:05", "", true);
  plain.erase(plain.begin() + 20, plain.end() - 8);
  EXPECT_EQ(ExifCaptureTime(plain), std::nullopt);
}

TEST(ExifCaptureTimeTest, EveryTruncationIsSafe) {
  const Bytes jpeg = Jpeg("2020:02:22 12:10:05", "+06:00", false);
  for (size_t size = 0; size < jpeg.size(); ++size) {
    Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<ptrdiff_t>(size));
    std::optional<std::string> time = ExifCaptureTime(cut);
    // Once the segment is whole, the time is there.
    if (time) {
      EXPECT_EQ(time->substr(0, 19), "2020-02-22T12:10:05");
    }
  }
}

}  // namespace
}  // namespace fieldvault::core
