// Synthetic JPEG and PNG files for the metadata tests: well formed at the
// level of segments and chunks (what image_metadata.h parses), with the
// text `picture` inside the compressed picture data and `metadata` in
// every place a camera or an editor puts metadata. Not decodable pictures.
#ifndef FIELDVAULT_TESTS_CORE_ATTACHMENTS_SYNTHETIC_IMAGES_H_
#define FIELDVAULT_TESTS_CORE_ATTACHMENTS_SYNTHETIC_IMAGES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace fieldvault::testing {

// A JPEG segment: the marker, the big-endian length and `body`.
inline std::string JpegSegment(uint8_t code, std::string_view body) {
  const size_t length = body.size() + 2;
  std::string out = {'\xFF', static_cast<char>(code),
                     static_cast<char>(length >> 8),
                     static_cast<char>(length & 0xFF)};
  return out.append(body);
}

// A PNG chunk with a zero CRC (the cleaner does not check CRCs).
inline std::string PngChunk(std::string_view type, std::string_view data) {
  const size_t n = data.size();
  std::string out = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                     static_cast<char>(n >> 8), static_cast<char>(n)};
  out.append(type).append(data);
  return out.append(4, '\0');
}

// The parts of a synthetic JPEG that a cleaned copy keeps, in order.
struct SyntheticJpeg {
  std::string cleaned;  // what must come out
  std::string whole;    // what a camera wrote
};

inline SyntheticJpeg MakeSyntheticJpeg(std::string_view picture,
                                       std::string_view metadata) {
  const std::string jfif("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14);
  const std::string soi = "\xFF\xD8";
  const std::string tables =
      JpegSegment(0xDB, std::string(65, '\x01')) +          // DQT
      JpegSegment(0xC0, std::string("\x08\x00\x10\x00\x10\x01\x01\x11\x00",
                                    9)) +                  // SOF0
      JpegSegment(0xC4, std::string("\x00\x01\x02\x03", 4)) +  // DHT
      JpegSegment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6));  // SOS
  // Scan data: the picture, a stuffed 0xFF, a restart marker, fill bytes
  // before the second scan's tables, the second scan, the end.
  const std::string scans = std::string(picture) + "\xFF" + '\0' + "\xFF\xD0" +
                            std::string(picture) + "\xFF\xFF" +
                            JpegSegment(0xC4, std::string("\x10\x01", 2)) +
                            JpegSegment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6)) +
                            "second scan" + "\xFF\xD9";
  SyntheticJpeg jpeg;
  jpeg.cleaned = soi + JpegSegment(0xE0, jfif) +
                 JpegSegment(0xE2, "ICC_PROFILE" + std::string(1, '\0') + "\x01\x01") +
                 tables + std::string(picture) + "\xFF" + '\0' + "\xFF\xD0" +
                 std::string(picture) + JpegSegment(0xC4, std::string("\x10\x01", 2)) +
                 JpegSegment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6)) +
                 "second scan" + "\xFF\xD9";
  jpeg.whole = soi + JpegSegment(0xE0, jfif) +
               JpegSegment(0xE1, "Exif" + std::string(2, '\0') + std::string(metadata)) +
               JpegSegment(0xE2, "ICC_PROFILE" + std::string(1, '\0') + "\x01\x01") +
               JpegSegment(0xE2, "MPF" + std::string(1, '\0') + std::string(metadata)) +
               JpegSegment(0xED, "Photoshop 3.0" + std::string(1, '\0') + std::string(metadata)) +
               JpegSegment(0xFE, metadata) + tables + scans +
               "appended video " + std::string(metadata);
  return jpeg;
}

struct SyntheticPng {
  std::string cleaned;
  std::string whole;
};

inline SyntheticPng MakeSyntheticPng(std::string_view picture,
                                     std::string_view metadata) {
  const std::string signature("\x89PNG\r\n\x1A\n", 8);
  const std::string ihdr = PngChunk("IHDR", std::string(13, '\x01'));
  const std::string gama = PngChunk("gAMA", std::string("\x00\x00\xB1\x8F", 4));
  const std::string idat = PngChunk("IDAT", picture);
  const std::string iend = PngChunk("IEND", "");
  SyntheticPng png;
  png.cleaned = signature + ihdr + gama + idat + iend;
  png.whole = signature + ihdr +
              PngChunk("tEXt", "Author" + std::string(1, '\0') + std::string(metadata)) +
              gama + PngChunk("eXIf", metadata) + idat +
              PngChunk("tIME", "\x07\xE4\x02\x16\x09\x1E\x00") +
              PngChunk("prVt", metadata) + iend + std::string(metadata);
  return png;
}

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_ATTACHMENTS_SYNTHETIC_IMAGES_H_
