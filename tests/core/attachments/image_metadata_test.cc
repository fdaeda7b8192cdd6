#include "core/attachments/image_metadata.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/core/attachments/synthetic_images.h"

namespace fieldvault::core {
namespace {

using fieldvault::testing::JpegSegment;
using fieldvault::testing::MakeSyntheticJpeg;
using fieldvault::testing::MakeSyntheticPng;
using fieldvault::testing::PngChunk;

constexpr char kPicture[] = "synthetic picture data";
constexpr char kMetadata[] = "GPS 43.2381 N 76.9452 E, camera serial SYN-0001";

// Cleans `image`, written in pieces of `piece` bytes; returns the status
// of the last call and what came out.
struct Cleaned {
  Status status;
  std::string bytes;
  bool refused = false;
};

Cleaned Clean(const std::string& image, size_t piece) {
  crypto::MemorySink out;
  MetadataStrippingSink cleaner(out);
  Cleaned result;
  for (size_t at = 0; at < image.size() && result.status.ok(); at += piece) {
    result.status = cleaner.Write(
        crypto::AsBytes(std::string_view(image).substr(at, piece)));
  }
  if (result.status.ok()) result.status = cleaner.Finish();
  result.bytes.assign(out.bytes().begin(), out.bytes().end());
  result.refused = cleaner.refused();
  return result;
}

TEST(MetadataStrippingSinkTest, JpegKeepsThePictureAndDropsItsMetadata) {
  auto jpeg = MakeSyntheticJpeg(kPicture, kMetadata);
  for (size_t piece : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{64},
                       jpeg.whole.size()}) {
    Cleaned cleaned = Clean(jpeg.whole, piece);
    ASSERT_TRUE(cleaned.status.ok()) << piece << ": " << cleaned.status.message();
    EXPECT_EQ(cleaned.bytes, jpeg.cleaned) << "pieces of " << piece;
    EXPECT_EQ(cleaned.bytes.find("GPS"), std::string::npos);
  }
}

TEST(MetadataStrippingSinkTest, JpegThumbnailInJfifIsDropped) {
  // A JFIF header announcing a 1x1 thumbnail (3 bytes of RGB).
  const std::string with_thumbnail(
      "JFIF\0\x01\x01\x00\x00\x01\x00\x01\x01\x01GPS", 17);
  const std::string image =
      "\xFF\xD8" + JpegSegment(0xE0, with_thumbnail) +
      JpegSegment(0xEE, "Adobe\x00\x64") +
      JpegSegment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6)) + "x\xFF\xD9";
  Cleaned cleaned = Clean(image, 5);
  ASSERT_TRUE(cleaned.status.ok()) << cleaned.status.message();
  EXPECT_EQ(cleaned.bytes, "\xFF\xD8" + JpegSegment(0xEE, "Adobe\x00\x64") +
                               JpegSegment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6)) +
                               "x\xFF\xD9");
}

TEST(MetadataStrippingSinkTest, PngKeepsPictureChunksAndDropsTheRest) {
  auto png = MakeSyntheticPng(kPicture, kMetadata);
  for (size_t piece : {size_t{1}, size_t{5}, size_t{8}, size_t{13}, png.whole.size()}) {
    Cleaned cleaned = Clean(png.whole, piece);
    ASSERT_TRUE(cleaned.status.ok()) << piece << ": " << cleaned.status.message();
    EXPECT_EQ(cleaned.bytes, png.cleaned) << "pieces of " << piece;
  }
}

TEST(MetadataStrippingSinkTest, RefusesWhatItCannotClean) {
  const std::string jpeg = MakeSyntheticJpeg(kPicture, kMetadata).whole;
  const std::string png = MakeSyntheticPng(kPicture, kMetadata).whole;
  const std::string cases[] = {
      "%PDF-1.4 synthetic document",                      // not an image
      std::string("\x00\x00\x00\x18" "ftypheic", 12),     // HEIC, a video
      "",                                                 // nothing
      "\xFF\xD8",                                         // too short
      jpeg.substr(0, jpeg.find("second scan")),           // cut short
      png.substr(0, png.size() / 2),                      // cut short
      std::string("\xFF\xD8\x00\x01", 4),                 // not a marker
      std::string("\xFF\xD8\xFF\xE0\x00\x01", 6),         // length < 2
      png.substr(0, 8) + PngChunk("ABCD", "x") + PngChunk("IEND", ""),
      png.substr(0, 8) + PngChunk("I\x01ND", ""),
  };
  for (const std::string& image : cases) {
    Cleaned cleaned = Clean(image, 4);
    EXPECT_EQ(cleaned.status.code(), StatusCode::kUnsupported) << image.size();
    EXPECT_TRUE(cleaned.refused) << image.size();
    EXPECT_EQ(cleaned.bytes.find("GPS"), std::string::npos);
  }
}

// A sink that refuses every write, like a full disk.
class FailingSink final : public crypto::ByteSink {
 public:
  Status Write(std::span<const uint8_t>) override {
    return Status::IoError("no space left");
  }
};

TEST(MetadataStrippingSinkTest, ErrorsOfTheNextSinkAreNotRefusals) {
  FailingSink full;
  MetadataStrippingSink cleaner(full);
  const std::string jpeg = MakeSyntheticJpeg(kPicture, kMetadata).whole;
  Status status = cleaner.Write(crypto::AsBytes(jpeg));
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_FALSE(cleaner.refused());
}

}  // namespace
}  // namespace fieldvault::core
