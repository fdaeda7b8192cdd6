#include "core/attachments/mime_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace fieldvault::core {
namespace {

using std::string_view_literals::operator""sv;

struct Magic {
  size_t offset;
  std::string_view bytes;
  std::string_view mime_type;
};

// Fixed signatures, checked in order (longer and more specific first).
constexpr std::array<Magic, 17> kMagic = {{
    {0, "\xFF\xD8\xFF"sv, "image/jpeg"},
    {0, "\x89PNG\r\n\x1A\n"sv, "image/png"},
    {0, "GIF87a"sv, "image/gif"},
    {0, "GIF89a"sv, "image/gif"},
    {0, "%PDF-"sv, "application/pdf"},
    {0, "II*\0"sv, "image/tiff"},
    {0, "MM\0*"sv, "image/tiff"},
    {0, "OggS"sv, "audio/ogg"},
    {0, "fLaC"sv, "audio/flac"},
    {0, "ID3"sv, "audio/mpeg"},
    {0, "#!AMR"sv, "audio/amr"},
    {0, "\x1A\x45\xDF\xA3"sv, "video/webm"},
    {8, "WAVE"sv, "audio/wav"},
    {8, "WEBP"sv, "image/webp"},
    {8, "AVI "sv, "video/x-msvideo"},
    {0, "\x1F\x8B"sv, "application/gzip"},
    {0, "7z\xBC\xAF\x27\x1C"sv, "application/x-7z-compressed"},
}};

struct Extension {
  std::string_view extension;
  std::string_view mime_type;
};

constexpr std::array<Extension, 24> kExtensions = {{
    {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},
    {"png", "image/png"},       {"heic", "image/heic"},
    {"pdf", "application/pdf"}, {"txt", "text/plain"},
    {"csv", "text/csv"},        {"md", "text/markdown"},
    {"mp3", "audio/mpeg"},      {"m4a", "audio/mp4"},
    {"ogg", "audio/ogg"},       {"opus", "audio/ogg"},
    {"wav", "audio/wav"},       {"mp4", "video/mp4"},
    {"mov", "video/quicktime"}, {"webm", "video/webm"},
    {"docx", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument."
             "spreadsheetml.sheet"},
    {"odt", "application/vnd.oasis.opendocument.text"},
    {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {"zip", "application/zip"}, {"json", "application/json"},
    {"html", "text/html"},      {"xml", "application/xml"},
}};

bool HasAt(std::span<const uint8_t> head, size_t offset,
           std::string_view bytes) {
  return head.size() >= offset + bytes.size() &&
         std::memcmp(head.data() + offset, bytes.data(), bytes.size()) == 0;
}

// ISO base media files (MP4, MOV, M4A, HEIC) say what they are in the
// brand of their first "ftyp" box.
std::string_view FtypMimeType(std::span<const uint8_t> head) {
  if (!HasAt(head, 4, "ftyp"sv) || head.size() < 12) return {};
  std::string_view brand(reinterpret_cast<const char*>(head.data() + 8), 4);
  if (brand == "qt  ") return "video/quicktime";
  if (brand == "M4A " || brand == "M4B ") return "audio/mp4";
  if (brand == "heic" || brand == "heix" || brand == "mif1") {
    return "image/heic";
  }
  if (brand.starts_with("3gp")) return "video/3gpp";
  return "video/mp4";
}

std::string LowerExtension(std::string_view file_name) {
  size_t slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  size_t dot = file_name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string extension(file_name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension;
}

bool IsTokenPart(std::string_view part) {
  if (part.empty() || part.size() > 127) return false;
  return std::all_of(part.begin(), part.end(), [](unsigned char c) {
    return std::isalnum(c) || std::strchr("!#$&^_.+-", c) != nullptr;
  });
}

}  // namespace

std::string GuessMimeType(std::span<const uint8_t> head,
                          std::string_view file_name) {
  const std::string extension = LowerExtension(file_name);
  for (const Magic& magic : kMagic) {
    if (!HasAt(head, magic.offset, magic.bytes)) continue;
    if (magic.offset == 8 && !HasAt(head, 0, "RIFF"sv)) continue;
    return std::string(magic.mime_type);
  }
  if (std::string_view ftyp = FtypMimeType(head); !ftyp.empty()) {
    return std::string(ftyp);
  }
  // ZIP containers: the extension tells a .docx from an .odt from a .zip.
  const bool zip = HasAt(head, 0, "PK\x03\x04"sv);
  for (const Extension& known : kExtensions) {
    if (known.extension != extension) continue;
    const bool zip_type = known.mime_type.find("officedocument") !=
                              std::string_view::npos ||
                          known.mime_type.find("opendocument") !=
                              std::string_view::npos ||
                          known.extension == "zip";
    if (zip == zip_type) return std::string(known.mime_type);
  }
  if (zip) return "application/zip";
  return "application/octet-stream";
}

bool IsValidMimeType(std::string_view mime_type) {
  size_t slash = mime_type.find('/');
  if (slash == std::string_view::npos) return false;
  return IsTokenPart(mime_type.substr(0, slash)) &&
         IsTokenPart(mime_type.substr(slash + 1));
}

}  // namespace fieldvault::core
