#include "core/bundle/bundle_format.h"

#include <cstdio>

namespace fieldvault::core::bundle {
namespace {

bool IsNameByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string PrintableForMessage(std::string_view text) {
  constexpr size_t kMaxShown = 120;
  std::string out;
  for (size_t i = 0; i < text.size() && out.size() < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\x%02x", c);
      out += escaped;
    }
  }
  if (out.size() >= kMaxShown) out += "...";
  return out;
}

Status CheckMemberPath(std::string_view path) {
  // A whitelist rather than a blacklist: fieldvault only ever writes names
  // from this alphabet, so anything else (absolute paths, "..", backslashes,
  // control bytes, non-ASCII look-alikes) can only come from a forger.
  auto unsafe = [&](std::string_view why) {
    return Status::Corruption("the bundle holds an unsafe path '" +
                              PrintableForMessage(path) + "' (" +
                              std::string(why) + ")");
  };
  if (path.empty()) return unsafe("empty name");
  if (path.size() > kMaxPathBytes) return unsafe("name too long");
  if (path.front() == '/') return unsafe("absolute path");
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view component = path.substr(start, end - start);
    if (component.empty()) return unsafe("empty path component");
    if (component == "..") return unsafe("'..' leaves the bundle");
    if (component == ".") return unsafe("'.' component");
    for (char c : component) {
      if (!IsNameByte(c)) return unsafe("character not allowed");
    }
    start = end + 1;
  }
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
