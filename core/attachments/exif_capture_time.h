// When a photo was taken, as its camera wrote it: the EXIF
// DateTimeOriginal of a JPEG (with OffsetTimeOriginal when present). A
// file's modification time is usually when it was copied to the laptop,
// not when the picture was taken. Kept apart from image_metadata.h, which
// removes metadata rather than reading it.
#ifndef FIELDVAULT_CORE_ATTACHMENTS_EXIF_CAPTURE_TIME_H_
#define FIELDVAULT_CORE_ATTACHMENTS_EXIF_CAPTURE_TIME_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace fieldvault::core {

// How many bytes from a file's start ExifCaptureTime needs at most: the
// EXIF segment (at most 64 KiB) comes right after the start of image and
// perhaps a JFIF segment.
inline constexpr size_t kExifHeadBytes = 192 * 1024;

// The capture time in `head` (a JPEG file's first bytes, up to
// kExifHeadBytes) as PartialDate text: "2020-02-22T12:10:05" (the camera's
// local time, as EXIF records it) or "2020-02-22T12:10:05+06:00" when
// OffsetTimeOriginal gives the zone. nullopt when `head` is not a JPEG,
// has no EXIF DateTimeOriginal, or holds a malformed or blank one
// ("0000:00:00 00:00:00"). Never reads outside `head`.
std::optional<std::string> ExifCaptureTime(std::span<const uint8_t> head);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_ATTACHMENTS_EXIF_CAPTURE_TIME_H_
