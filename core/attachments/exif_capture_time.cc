#include "core/attachments/exif_capture_time.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>
#include <string_view>

namespace fieldvault::core {
namespace {

// EXIF tags (EXIF 2.32, CIPA DC-008) and TIFF types used here.
constexpr uint16_t kExifIfdPointer = 0x8769;
constexpr uint16_t kDateTimeOriginal = 0x9003;
constexpr uint16_t kOffsetTimeOriginal = 0x9011;
constexpr uint16_t kTypeAscii = 2;
constexpr uint16_t kTypeLong = 4;

// The TIFF structure inside an APP1 "Exif" segment; every read is checked
// against its size and yields nullopt past the end.
class Tiff {
 public:
  explicit Tiff(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool ReadHeader() {
    if (bytes_.size() < 8) return false;
    if (bytes_[0] == 'I' && bytes_[1] == 'I') {
      little_ = true;
    } else if (!(bytes_[0] == 'M' && bytes_[1] == 'M')) {
      return false;
    }
    return U16(2) == 42;
  }
  std::optional<uint32_t> FirstIfd() const { return U32(4); }

  // The entry of `tag` in the IFD at `ifd`: its type, count and the
  // offset of its value field.
  struct Entry {
    uint16_t type;
    uint32_t count;
    size_t value_at;
  };
  std::optional<Entry> Find(uint32_t ifd, uint16_t tag) const {
    auto count = U16(ifd);
    if (!count) return std::nullopt;
    for (uint32_t i = 0; i < *count; ++i) {
      const size_t at = size_t{ifd} + 2 + size_t{12} * i;
      auto entry_tag = U16(at);
      auto type = U16(at + 2);
      auto n = U32(at + 4);
      if (!entry_tag || !type || !n) return std::nullopt;
      if (*entry_tag == tag) return Entry{*type, *n, at + 8};
    }
    return std::nullopt;
  }
  std::optional<uint32_t> Long(const Entry& entry) const {
    if (entry.type != kTypeLong || entry.count != 1) return std::nullopt;
    return U32(entry.value_at);
  }
  // An ASCII value up to its first NUL.
  std::optional<std::string> Ascii(const Entry& entry) const {
    if (entry.type != kTypeAscii || entry.count == 0 || entry.count > 64) {
      return std::nullopt;
    }
    size_t at = entry.value_at;
    if (entry.count > 4) {  // longer values lie at an offset
      auto offset = U32(entry.value_at);
      if (!offset) return std::nullopt;
      at = *offset;
    }
    if (at > bytes_.size() || bytes_.size() - at < entry.count) {
      return std::nullopt;
    }
    std::string text(reinterpret_cast<const char*>(bytes_.data() + at),
                     entry.count);
    return text.substr(0, text.find('\0'));
  }

 private:
  std::optional<uint16_t> U16(size_t at) const {
    if (at > bytes_.size() || bytes_.size() - at < 2) return std::nullopt;
    return little_ ? uint16_t(bytes_[at] | bytes_[at + 1] << 8)
                   : uint16_t(bytes_[at] << 8 | bytes_[at + 1]);
  }
  std::optional<uint32_t> U32(size_t at) const {
    auto high = U16(little_ ? at + 2 : at);
    auto low = U16(little_ ? at : at + 2);
    if (!high || !low) return std::nullopt;
    return uint32_t{*high} << 16 | *low;
  }

  std::span<const uint8_t> bytes_;
  bool little_ = false;
};

// The TIFF bytes of the JPEG's APP1 "Exif" segment, or an empty span.
std::span<const uint8_t> ExifSegment(std::span<const uint8_t> jpeg) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return {};
  size_t at = 2;
  while (at + 4 <= jpeg.size() && jpeg[at] == 0xFF) {
    const uint8_t marker = jpeg[at + 1];
    // Scans start, or the image ends: metadata comes before both.
    if (marker == 0xDA || marker == 0xD9) return {};
    const size_t length = size_t{jpeg[at + 2]} << 8 | jpeg[at + 3];
    if (length < 2 || jpeg.size() - at - 2 < length) return {};
    std::span<const uint8_t> data = jpeg.subspan(at + 4, length - 2);
    static constexpr uint8_t kExifHeader[] = {'E', 'x', 'i', 'f', 0, 0};
    if (marker == 0xE1 && data.size() > sizeof kExifHeader &&
        std::equal(std::begin(kExifHeader), std::end(kExifHeader),
                   data.begin())) {
      return data.subspan(sizeof kExifHeader);
    }
    at += 2 + length;
  }
  return {};
}

bool DigitsAt(std::string_view text, std::initializer_list<size_t> at) {
  for (size_t i : at) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// "2020:02:22 12:10:05" as "2020-02-22T12:10:05"; nullopt when malformed
// or blank (cameras write zeros or spaces when their clock was not set).
std::optional<std::string> IsoDateTime(std::string_view exif) {
  if (exif.size() != 19 || exif[4] != ':' || exif[7] != ':' ||
      exif[10] != ' ' || exif[13] != ':' || exif[16] != ':' ||
      !DigitsAt(exif, {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) ||
      exif.substr(0, 4) == "0000") {
    return std::nullopt;
  }
  std::string text(exif);
  text[4] = text[7] = '-';
  text[10] = 'T';
  return text;
}

bool IsOffset(std::string_view offset) {
  return offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') &&
         offset[3] == ':' && DigitsAt(offset, {1, 2, 4, 5});
}

}  // namespace

std::optional<std::string> ExifCaptureTime(std::span<const uint8_t> head) {
  Tiff tiff(ExifSegment(head));
  if (!tiff.ReadHeader()) return std::nullopt;
  auto ifd0 = tiff.FirstIfd();
  if (!ifd0) return std::nullopt;
  auto pointer = tiff.Find(*ifd0, kExifIfdPointer);
  if (!pointer) return std::nullopt;
  auto exif_ifd = tiff.Long(*pointer);
  if (!exif_ifd) return std::nullopt;
  auto original = tiff.Find(*exif_ifd, kDateTimeOriginal);
  if (!original) return std::nullopt;
  auto text = tiff.Ascii(*original);
  if (!text) return std::nullopt;
  auto time = IsoDateTime(*text);
  if (!time) return std::nullopt;
  if (auto offset_entry = tiff.Find(*exif_ifd, kOffsetTimeOriginal)) {
    auto offset = tiff.Ascii(*offset_entry);
    if (offset && IsOffset(*offset)) *time += *offset;
  }
  return time;
}

}  // namespace fieldvault::core
