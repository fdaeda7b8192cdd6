#include "core/bundle/b2sums.h"

#include "crypto/encoding.h"

namespace fieldvault::core::bundle {

std::string FormatB2Sums(std::span<const ManifestFile> files) {
  std::string text;
  for (const ManifestFile& file : files) {
    if (!IsPayloadPath(file.path)) continue;
    text += crypto::HexEncode(file.blake2b);
    text += "  ";
    text += file.path;
    text += '\n';
  }
  return text;
}

}  // namespace fieldvault::core::bundle
