#include "core/attachments/image_metadata.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace fieldvault::core {

// Cleans one format as it streams: appends what is kept of each piece to
// `out` and remembers where it is between pieces.
class ImageCleaner {
 public:
  virtual ~ImageCleaner() = default;
  // Returns why the image cannot be cleaned, or nullptr.
  virtual const char* Feed(std::span<const uint8_t> bytes,
                           std::vector<uint8_t>& out) = 0;
  // True once the end-of-image marker was passed on.
  virtual bool complete() const = 0;
};

namespace {

constexpr std::array<uint8_t, 8> kPngSignature = {0x89, 'P',  'N',  'G',
                                                  0x0D, 0x0A, 0x1A, 0x0A};

bool StartsWith(const std::vector<uint8_t>& bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
}

void Append(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// JPEG (ITU T.81): a marker is 0xFF and a code; most markers open a
// segment whose two-byte length counts itself. After a scan header (SOS)
// comes entropy-coded data, where 0xFF is followed by 0x00 (a data byte)
// or a restart marker; any other marker ends the scan.
class JpegCleaner final : public ImageCleaner {
 public:
  const char* Feed(std::span<const uint8_t> bytes,
                   std::vector<uint8_t>& out) override;
  bool complete() const override { return state_ == State::kDone; }

 private:
  enum class State {
    kStart0, kStart1, kMarker, kCode, kLength0, kLength1, kHead, kBody,
    kScan, kScanMarker, kDone
  };
  // Enough of a segment to tell an APP0 "JFIF", APP2 "ICC_PROFILE" or
  // APP14 "Adobe" segment from the others.
  static constexpr size_t kHeadBytes = 16;

  const char* Code(uint8_t code, std::vector<uint8_t>& out);
  void Decide(std::vector<uint8_t>& out);
  bool Keeps() const;
  void EndSegment(std::vector<uint8_t>& out);

  State state_ = State::kStart0;
  uint8_t code_ = 0;
  size_t length_ = 0;     // of the segment, its two length bytes included
  size_t remaining_ = 0;  // of the segment's body, after the head
  std::vector<uint8_t> head_;
  bool keep_ = false;
  bool in_scan_ = false;  // a restart marker resumes the scan
  // The first APP1 "Exif" segment, held (at most 64 KiB) to read its
  // Orientation tag; every other tag is dropped with the segment.
  std::vector<uint8_t> exif_;
  bool reading_exif_ = false;
  bool exif_seen_ = false;
};

const char* JpegCleaner::Feed(std::span<const uint8_t> bytes,
                              std::vector<uint8_t>& out) {
  size_t i = 0;
  while (i < bytes.size()) {
    const uint8_t byte = bytes[i];
    switch (state_) {
      case State::kStart0:
      case State::kStart1: {
        const uint8_t expected = state_ == State::kStart0 ? 0xFF : 0xD8;
        if (byte != expected) return "it does not start like a JPEG";
        out.push_back(byte);
        state_ = state_ == State::kStart0 ? State::kStart1 : State::kMarker;
        ++i;
        break;
      }
      case State::kMarker:
        if (byte != 0xFF) return "a JPEG segment is out of place";
        state_ = State::kCode;
        ++i;
        break;
      case State::kCode:
      case State::kScanMarker:
        ++i;
        if (byte == 0xFF) break;  // fill bytes before a marker
        if (state_ == State::kScanMarker && byte == 0x00) {
          out.insert(out.end(), {0xFF, 0x00});  // a data byte 0xFF
          state_ = State::kScan;
          break;
        }
        if (const char* error = Code(byte, out)) return error;
        break;
      case State::kLength0:
        length_ = static_cast<size_t>(byte) << 8;
        state_ = State::kLength1;
        ++i;
        break;
      case State::kLength1:
        length_ |= byte;
        ++i;
        if (length_ < 2) return "a JPEG segment has an impossible length";
        head_.clear();
        remaining_ = length_ - 2;
        state_ = State::kHead;
        if (remaining_ == 0) Decide(out);
        break;
      case State::kHead: {
        const size_t want = std::min(remaining_, kHeadBytes) - head_.size();
        const size_t take = std::min(want, bytes.size() - i);
        head_.insert(head_.end(), bytes.begin() + i, bytes.begin() + i + take);
        i += take;
        if (head_.size() == std::min(remaining_, kHeadBytes)) Decide(out);
        break;
      }
      case State::kBody: {
        const size_t take = std::min(remaining_, bytes.size() - i);
        if (keep_) Append(out, bytes.subspan(i, take));
        if (reading_exif_) Append(exif_, bytes.subspan(i, take));
        i += take;
        remaining_ -= take;
        if (remaining_ == 0) EndSegment(out);
        break;
      }
      case State::kScan: {
        // Copies the run up to the next 0xFF at once.
        const uint8_t* start = bytes.data() + i;
        const void* ff = std::memchr(start, 0xFF, bytes.size() - i);
        const size_t run = ff == nullptr
                               ? bytes.size() - i
                               : static_cast<const uint8_t*>(ff) - start;
        Append(out, bytes.subspan(i, run));
        i += run;
        if (ff != nullptr) {
          state_ = State::kScanMarker;
          ++i;
        }
        break;
      }
      case State::kDone:
        return nullptr;  // whatever follows the image stays out
    }
  }
  return nullptr;
}

// Handles the marker `code` (its 0xFF already read).
const char* JpegCleaner::Code(uint8_t code, std::vector<uint8_t>& out) {
  if (code == 0xD9) {  // end of image
    out.insert(out.end(), {0xFF, 0xD9});
    state_ = State::kDone;
    return nullptr;
  }
  if ((code >= 0xD0 && code <= 0xD7) || code == 0x01) {  // no segment
    out.insert(out.end(), {0xFF, code});
    state_ = in_scan_ ? State::kScan : State::kMarker;
    return nullptr;
  }
  if (code == 0xD8 || code == 0x00) return "a JPEG marker is out of place";
  in_scan_ = false;
  code_ = code;
  state_ = State::kLength0;
  return nullptr;
}

}  // namespace

uint8_t ExifOrientation(const std::vector<uint8_t>& segment) {
  // "Exif\0\0", then a TIFF header: byte order ("II" little endian, "MM"
  // big endian), 42, the offset of the first IFD; an IFD is a count and
  // 12-byte entries (tag, type, count, value).
  constexpr size_t kTiff = 6;
  if (segment.size() < kTiff + 8) return 0;
  const uint8_t* tiff = segment.data() + kTiff;
  const size_t size = segment.size() - kTiff;
  const bool little = tiff[0] == 'I' && tiff[1] == 'I';
  if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 0;
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? tiff[at] | tiff[at + 1] << 8 : tiff[at] << 8 | tiff[at + 1];
  };
  auto u32 = [&](size_t at) -> uint64_t {
    return little ? u16(at) | uint64_t{u16(at + 2)} << 16
                  : uint64_t{u16(at)} << 16 | u16(at + 2);
  };
  if (u16(2) != 42) return 0;
  const uint64_t ifd = u32(4);
  if (ifd + 2 > size) return 0;
  const uint32_t entries = u16(ifd);
  for (uint64_t e = ifd + 2; e + 12 <= size && e < ifd + 2 + 12 * uint64_t{entries}; e += 12) {
    // Orientation: tag 0x0112, one SHORT, 1 (as stored) to 8.
    if (u16(e) != 0x0112) continue;
    if (u16(e + 2) != 3 || u32(e + 4) != 1) return 0;
    const uint32_t value = u16(e + 8);
    return value >= 1 && value <= 8 ? static_cast<uint8_t>(value) : 0;
  }
  return 0;
}

std::vector<uint8_t> OrientationSegment(uint8_t orientation) {
  // APP1, length 34: "Exif\0\0", a big-endian TIFF header whose IFD0
  // holds the Orientation alone, and no next IFD.
  return {0xFF, 0xE1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0x00,
          0x00, 'M',  'M',  0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
          0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00,
          0x01, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
}

namespace {

bool JpegCleaner::Keeps() const {
  if (code_ == 0xFE) return false;                   // comment
  if (code_ < 0xE0 || code_ > 0xEF) return true;     // not APPn
  if (code_ == 0xE0) {                               // JFIF, no thumbnail
    return StartsWith(head_, std::string_view("JFIF\0", 5)) && length_ == 16;
  }
  if (code_ == 0xE2) {
    return StartsWith(head_, std::string_view("ICC_PROFILE\0", 12));
  }
  if (code_ == 0xEE) return StartsWith(head_, "Adobe");
  return false;
}

void JpegCleaner::Decide(std::vector<uint8_t>& out) {
  keep_ = Keeps();
  if (keep_) {
    out.insert(out.end(), {0xFF, code_, static_cast<uint8_t>(length_ >> 8),
                           static_cast<uint8_t>(length_ & 0xFF)});
    Append(out, head_);
  }
  reading_exif_ = code_ == 0xE1 && !exif_seen_ &&
                  StartsWith(head_, std::string_view("Exif\0\0", 6));
  if (reading_exif_) exif_ = head_;
  remaining_ -= head_.size();
  state_ = State::kBody;
  if (remaining_ == 0) EndSegment(out);
}

void JpegCleaner::EndSegment(std::vector<uint8_t>& out) {
  if (reading_exif_) {
    // A portrait is stored sideways with an Orientation that tells viewers
    // to turn it: dropped with the rest of EXIF, it would be published
    // lying on its side. Turning the picture itself would mean decoding
    // and re-encoding it; a new EXIF segment holding that one tag keeps it
    // byte for byte and says nothing else.
    const uint8_t orientation = ExifOrientation(exif_);
    if (orientation > 1) Append(out, OrientationSegment(orientation));
    reading_exif_ = false;
    exif_seen_ = true;
    exif_.clear();
    exif_.shrink_to_fit();
  }
  in_scan_ = code_ == 0xDA;  // start of scan: entropy-coded data follows
  state_ = in_scan_ ? State::kScan : State::kMarker;
}

// PNG (ISO/IEC 15948): the signature, then chunks of a four-byte length,
// a four-letter type, the data and a CRC; IEND is the last.
class PngCleaner final : public ImageCleaner {
 public:
  const char* Feed(std::span<const uint8_t> bytes,
                   std::vector<uint8_t>& out) override;
  bool complete() const override { return state_ == State::kDone; }

 private:
  enum class State { kSignature, kHeader, kBody, kDone };
  const char* Header(std::vector<uint8_t>& out);

  State state_ = State::kSignature;
  std::vector<uint8_t> pending_;  // the signature or a chunk header
  uint64_t remaining_ = 0;        // of the chunk's data and CRC
  bool keep_ = false;
  bool last_ = false;  // the chunk is IEND
};

// Ancillary chunks that change how the picture looks or moves.
bool KeepsAncillary(std::string_view type) {
  static constexpr std::array<std::string_view, 11> kKept = {
      "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT",
      "bKGD", "pHYs", "acTL", "fcTL", "fdAT"};
  return std::find(kKept.begin(), kKept.end(), type) != kKept.end();
}

const char* PngCleaner::Feed(std::span<const uint8_t> bytes,
                             std::vector<uint8_t>& out) {
  size_t i = 0;
  while (i < bytes.size()) {
    switch (state_) {
      case State::kSignature:
      case State::kHeader: {
        const size_t take = std::min(8 - pending_.size(), bytes.size() - i);
        pending_.insert(pending_.end(), bytes.begin() + i,
                        bytes.begin() + i + take);
        i += take;
        if (pending_.size() < 8) break;
        if (state_ == State::kSignature) {
          if (!std::equal(kPngSignature.begin(), kPngSignature.end(),
                          pending_.begin())) {
            return "it does not start like a PNG";
          }
          Append(out, pending_);
          pending_.clear();
          state_ = State::kHeader;
        } else if (const char* error = Header(out)) {
          return error;
        }
        break;
      }
      case State::kBody: {
        const size_t take = static_cast<size_t>(
            std::min<uint64_t>(remaining_, bytes.size() - i));
        if (keep_) Append(out, bytes.subspan(i, take));
        i += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = last_ ? State::kDone : State::kHeader;
        break;
      }
      case State::kDone:
        return nullptr;  // whatever follows IEND stays out
    }
  }
  return nullptr;
}

const char* PngCleaner::Header(std::vector<uint8_t>& out) {
  const uint32_t length = (uint32_t{pending_[0]} << 24) |
                          (uint32_t{pending_[1]} << 16) |
                          (uint32_t{pending_[2]} << 8) | pending_[3];
  if (length > 0x7FFFFFFFu) return "a PNG chunk has an impossible length";
  const std::string_view type(reinterpret_cast<const char*>(&pending_[4]), 4);
  for (char c : type) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return "a PNG chunk has an impossible type";
    }
  }
  const bool critical = type[0] >= 'A' && type[0] <= 'Z';
  if (critical && type != "IHDR" && type != "PLTE" && type != "IDAT" &&
      type != "IEND") {
    return "a PNG chunk of an unknown kind is needed to show the picture";
  }
  keep_ = critical || KeepsAncillary(type);
  last_ = type == "IEND";
  if (keep_) Append(out, pending_);
  pending_.clear();
  remaining_ = uint64_t{length} + 4;  // and the CRC
  state_ = State::kBody;
  return nullptr;
}

}  // namespace

MetadataStrippingSink::MetadataStrippingSink(crypto::ByteSink& next)
    : next_(next) {}
MetadataStrippingSink::~MetadataStrippingSink() = default;

Status MetadataStrippingSink::Refuse(const char* why) {
  refused_ = true;
  return Status::Unsupported(
      std::string("fieldvault cannot remove this file's metadata: ") + why);
}

Status MetadataStrippingSink::Flush() {
  if (out_.empty()) return Status::Ok();
  Status status = next_.Write(out_);
  out_.clear();
  return status;
}

Status MetadataStrippingSink::Write(std::span<const uint8_t> bytes) {
  if (refused_) return Refuse("it was refused before");
  if (cleaner_ == nullptr) {
    // The format is known from the first three bytes (JPEG) or eight (PNG).
    const size_t take = std::min(kPngSignature.size() - sniffed_.size(),
                                 bytes.size());
    sniffed_.insert(sniffed_.end(), bytes.begin(), bytes.begin() + take);
    bytes = bytes.subspan(take);
    if (sniffed_.size() >= 3 && sniffed_[0] == 0xFF && sniffed_[1] == 0xD8 &&
        sniffed_[2] == 0xFF) {
      cleaner_ = std::make_unique<JpegCleaner>();
    } else if (sniffed_.size() == kPngSignature.size() &&
               sniffed_[0] == kPngSignature[0]) {
      cleaner_ = std::make_unique<PngCleaner>();
    } else if (sniffed_.size() == kPngSignature.size()) {
      return Refuse("it is not a JPEG or PNG image");
    } else {
      return Status::Ok();
    }
    if (const char* error = cleaner_->Feed(sniffed_, out_)) return Refuse(error);
  }
  if (const char* error = cleaner_->Feed(bytes, out_)) return Refuse(error);
  return Flush();
}

Status MetadataStrippingSink::Finish() {
  if (refused_) return Refuse("it was refused before");
  if (cleaner_ == nullptr) return Refuse("it is too short to be an image");
  if (!cleaner_->complete()) return Refuse("the image is cut short");
  return Flush();
}

}  // namespace fieldvault::core
