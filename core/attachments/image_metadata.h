// Removing the metadata of photos that leave for publication. A phone or
// camera writes into a photo where it was taken (EXIF GPS), when, with
// which device (serial numbers), often a thumbnail of the uncropped
// picture, and editors add authors and comments: published, any of these
// can lead to a witness or a monitor. The public export profile passes
// every attachment through a MetadataStrippingSink and leaves at home what
// it cannot clean.
//
// Only formats fieldvault can rewrite losslessly are cleaned; the picture
// itself (its compressed data) is copied byte for byte:
//   JPEG  keeps the segments needed to decode (quantisation and Huffman
//         tables, frame and scan headers, restart intervals, the scans),
//         APP0 "JFIF" without a thumbnail, APP2 "ICC_PROFILE" (colours)
//         and APP14 "Adobe" (colour transform). Every other APPn (EXIF,
//         XMP, IPTC, maker notes, thumbnails), comments and anything after
//         the end-of-image marker (appended videos of "motion photos",
//         vendor trailers) are dropped. One thing of EXIF is kept: its
//         Orientation (2 to 8), written in a new APP1 "Exif" segment that
//         holds that tag alone, in the place of the first EXIF segment,
//         so that a portrait is not published lying on its side.
//   PNG   keeps the critical chunks and the ancillary ones that change how
//         the picture looks (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD,
//         pHYs) and the animation chunks (acTL, fcTL, fdAT); text, eXIf,
//         tIME and unknown ancillary chunks, and anything after IEND, are
//         dropped.
// Anything else (other image formats, video, audio, documents) is refused:
// fieldvault cannot say what metadata they hold.
#ifndef FIELDVAULT_CORE_ATTACHMENTS_IMAGE_METADATA_H_
#define FIELDVAULT_CORE_ATTACHMENTS_IMAGE_METADATA_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core {

class ImageCleaner;  // one per format, in image_metadata.cc

// The EXIF Orientation (1 to 8) of a JPEG APP1 segment's body ("Exif\0\0"
// and a TIFF structure), or 0 when it holds none or is malformed.
uint8_t ExifOrientation(const std::vector<uint8_t>& segment);

// A JPEG APP1 "Exif" segment (marker included) whose only tag is
// Orientation `orientation`.
std::vector<uint8_t> OrientationSegment(uint8_t orientation);

// Streams an image to `next` without its metadata, in memory that does
// not depend on the image's size. Writes may split the image anywhere.
// The first bytes decide the format.
class MetadataStrippingSink final : public crypto::ByteSink {
 public:
  // `next` must outlive this object.
  explicit MetadataStrippingSink(crypto::ByteSink& next);
  ~MetadataStrippingSink() override;
  MetadataStrippingSink(const MetadataStrippingSink&) = delete;
  MetadataStrippingSink& operator=(const MetadataStrippingSink&) = delete;

  // Cleans `bytes` and passes on what is kept. kUnsupported when the
  // content is not a JPEG or PNG, or is not well formed enough to be
  // cleaned (refused() is then true); `next`'s own errors otherwise.
  Status Write(std::span<const uint8_t> bytes) override;

  // Call after the last Write: passes on what is still held and returns
  // kUnsupported (refused() true) when the image ended before its
  // end-of-image marker, or no byte came at all.
  Status Finish();

  // True once the content was refused: the caller decides what to do
  // with an image fieldvault cannot clean (the public profile keeps it
  // home), as opposed to an error of `next`.
  bool refused() const { return refused_; }

 private:
  Status Refuse(const char* why);
  Status Flush();

  crypto::ByteSink& next_;
  std::unique_ptr<ImageCleaner> cleaner_;  // chosen by the first bytes
  std::vector<uint8_t> sniffed_;    // the first bytes, until then
  std::vector<uint8_t> out_;        // kept bytes not yet passed on
  bool refused_ = false;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_ATTACHMENTS_IMAGE_METADATA_H_
