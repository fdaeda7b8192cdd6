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

// An EXIF body as a phone writes it: little-endian TIFF, IFD0 with the
// camera make, the Orientation and a pointer to GPS data (`metadata`).
std::string ExifWithOrientation(uint16_t orientation, std::string_view metadata) {
  auto le16 = [](uint32_t v) { return std::string{char(v & 0xFF), char(v >> 8)}; };
  auto le32 = [&](uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); };
  std::string tiff = "II" + le16(42) + le32(8) + le16(3);
  tiff += le16(0x010F) + le16(2) + le32(4) + "SYN" + std::string(1, '\0');  // Make
  tiff += le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0);
  tiff += le16(0x8825) + le16(4) + le32(1) + le32(50);  // GPS IFD pointer
  tiff += le32(0) + std::string(metadata);
  return "Exif" + std::string(2, '\0') + tiff;
}

TEST(MetadataStrippingSinkTest, JpegKeepsTheOrientationAloneOfExif) {
  auto jpeg = MakeSyntheticJpeg(kPicture, kMetadata);
  const std::string exif = JpegSegment(0xE1, ExifWithOrientation(6, kMetadata));
  // The camera's EXIF segment replaced by one holding Orientation 6.
  std::string whole = jpeg.whole;
  const size_t at = whole.find("\xFF\xE1");
  ASSERT_NE(at, std::string::npos);
  whole.insert(at, exif);
  const std::vector<uint8_t> segment = OrientationSegment(6);
  const std::string kept(segment.begin(), segment.end());
  std::string expected = jpeg.cleaned;
  expected.insert(expected.find("\xFF\xE2"), kept);
  for (size_t piece : {size_t{1}, size_t{5}, size_t{64}, whole.size()}) {
    Cleaned cleaned = Clean(whole, piece);
    ASSERT_TRUE(cleaned.status.ok()) << cleaned.status.message();
    EXPECT_EQ(cleaned.bytes, expected) << "pieces of " << piece;
    EXPECT_EQ(cleaned.bytes.find("GPS"), std::string::npos);
    EXPECT_EQ(cleaned.bytes.find("SYN"), std::string::npos);
  }
  // The kept segment is EXIF as readers parse it: Orientation 6.
  std::vector<uint8_t> body(segment.begin() + 4, segment.end());
  EXPECT_EQ(ExifOrientation(body), 6);
  // Upright (1), absent or malformed: nothing of EXIF stays.
  for (const std::string& other : {ExifWithOrientation(1, kMetadata),
                                   std::string("Exif\0\0MM\0\x2A\xFF\xFF\xFF\xFF", 14),
                                   std::string("Exif\0\0II", 8)}) {
    std::string image = jpeg.whole;
    image.insert(image.find("\xFF\xE1"), JpegSegment(0xE1, other));
    Cleaned cleaned = Clean(image, 3);
    ASSERT_TRUE(cleaned.status.ok()) << cleaned.status.message();
    EXPECT_EQ(cleaned.bytes, jpeg.cleaned);
  }
  // Big-endian EXIF is read too.
  const std::string big("Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x08\0\0", 28);
  EXPECT_EQ(ExifOrientation(std::vector<uint8_t>(big.begin(), big.end())), 8);
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
