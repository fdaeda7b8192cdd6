// A synthetic JPEG carrying an EXIF DateTimeOriginal (and optionally
// OffsetTimeOriginal), built byte by byte, for tests of capture times in
// core/ and through the real binary. No real photo.
#ifndef FIELDVAULT_TESTS_CORE_ATTACHMENTS_EXIF_JPEG_H_
#define FIELDVAULT_TESTS_CORE_ATTACHMENTS_EXIF_JPEG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace fieldvault::testing {

using Bytes = std::vector<uint8_t>;

// push_back one by one: GCC 12 warns falsely (-Warray-bounds) on
// vector::insert of an initializer list here.
inline void Append(Bytes& out, std::initializer_list<uint8_t> bytes) {
  for (uint8_t byte : bytes) out.push_back(byte);
}

inline void Put16(Bytes& out, uint16_t value, bool little) {
  if (little) {
    Append(out, {uint8_t(value), uint8_t(value >> 8)});
  } else {
    Append(out, {uint8_t(value >> 8), uint8_t(value)});
  }
}
inline void Put32(Bytes& out, uint32_t value, bool little) {
  Put16(out, little ? uint16_t(value) : uint16_t(value >> 16), little);
  Put16(out, little ? uint16_t(value >> 16) : uint16_t(value), little);
}

// A JPEG: SOI, a JFIF APP0, an APP1 "Exif" whose IFD0 points to an EXIF
// IFD holding DateTimeOriginal `date` (20 bytes with its NUL) and, when
// not empty, OffsetTimeOriginal `offset` (7 bytes); then a scan and EOI.
inline Bytes ExifJpeg(const std::string& date, const std::string& offset,
                      bool little) {
  Bytes tiff;
  tiff.insert(tiff.end(), little ? "II" : "MM", (little ? "II" : "MM") + 2);
  Put16(tiff, 42, little);
  Put32(tiff, 8, little);  // IFD0 right after the header
  // IFD0: one entry, the EXIF IFD pointer.
  Put16(tiff, 1, little);
  Put16(tiff, 0x8769, little);
  Put16(tiff, 4, little);
  Put32(tiff, 1, little);
  const uint32_t exif_ifd = 8 + 2 + 12 + 4;
  Put32(tiff, exif_ifd, little);
  Put32(tiff, 0, little);  // no next IFD
  const uint16_t entries = offset.empty() ? 1 : 2;
  const uint32_t values = exif_ifd + 2 + 12 * entries + 4;
  Put16(tiff, entries, little);
  Put16(tiff, 0x9003, little);
  Put16(tiff, 2, little);
  Put32(tiff, 20, little);
  Put32(tiff, values, little);
  if (!offset.empty()) {
    Put16(tiff, 0x9011, little);
    Put16(tiff, 2, little);
    Put32(tiff, 7, little);
    Put32(tiff, values + 20, little);
  }
  Put32(tiff, 0, little);
  std::string text = date;
  text.resize(20, '\0');
  tiff.insert(tiff.end(), text.begin(), text.end());
  if (!offset.empty()) {
    std::string zone = offset;
    zone.resize(7, '\0');
    tiff.insert(tiff.end(), zone.begin(), zone.end());
  }
  Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F',
                0,    1,    1,    0,    0,    1,    0,   1,   0,   0};
  const size_t length = 2 + 6 + tiff.size();
  Append(jpeg, {0xFF, 0xE1, uint8_t(length >> 8), uint8_t(length), 'E', 'x',
                'i', 'f', 0, 0});
  jpeg.insert(jpeg.end(), tiff.begin(), tiff.end());
  Append(jpeg, {0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9});
  return jpeg;
}

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_ATTACHMENTS_EXIF_JPEG_H_
