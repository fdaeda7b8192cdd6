// A simple guess of an attachment's MIME type from its first bytes and,
// failing that, its file name's extension. Covers what monitors attach:
// photos, audio and video recordings, PDFs and office documents. Anything
// unrecognised is "application/octet-stream". No content is interpreted
// beyond fixed magic numbers, so hostile files cannot do harm here.
#ifndef FIELDVAULT_CORE_ATTACHMENTS_MIME_TYPE_H_
#define FIELDVAULT_CORE_ATTACHMENTS_MIME_TYPE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace fieldvault::core {

// Returns the MIME type suggested by `head` (the file's first bytes; 16 or
// more give the best result) or else by the extension of `file_name`.
std::string GuessMimeType(std::span<const uint8_t> head,
                          std::string_view file_name);

// True for a syntactically valid "type/subtype" (RFC 6838 characters,
// at most 127 bytes each side), e.g. when a user gives --mime.
bool IsValidMimeType(std::string_view mime_type);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_ATTACHMENTS_MIME_TYPE_H_
