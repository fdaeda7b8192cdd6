// Fuzzes the strict parse a receiving HQ runs on a bundle's manifest.json
// (an attacker can hand HQ any bytes before the signature is checked), and
// the B2SUMS text HQ derives from it to compare with the bundle's B2SUMS.
// Properties: never a crash or an escaping exception; a manifest that
// parses, written back by SerializeManifest, parses to the same manifest
// (same bytes when written again); its B2SUMS lists each payload file once,
// in order, as "<128 lowercase hex>  <path>\n".
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/bundle/b2sums.h"
#include "core/bundle/manifest.h"
#include "crypto/encoding.h"

namespace {

namespace fb = fieldvault::core::bundle;

void CheckB2Sums(const fb::Manifest& manifest) {
  const std::string text = fb::FormatB2Sums(manifest.files);
  std::string expected;
  for (const fb::ManifestFile& file : manifest.files) {
    if (!fb::IsPayloadPath(file.path)) continue;
    // The path is a checked bundle path: no newline, no backslash that
    // b2sum would need to escape.
    if (file.path.find_first_of("\n\\") != std::string::npos) std::abort();
    expected +=
        fieldvault::crypto::HexEncode(file.blake2b) + "  " + file.path + "\n";
  }
  if (text != expected) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = fb::ParseManifest(text);
  if (!manifest.ok()) return 0;

  const std::string written = fb::SerializeManifest(*manifest);
  auto reparsed = fb::ParseManifest(written);
  if (!reparsed.ok()) std::abort();
  if (fb::SerializeManifest(*reparsed) != written) std::abort();
  if (manifest->recipients.empty() || manifest->sequence == 0 ||
      manifest->previous_manifest.has_value() != (manifest->sequence != 1)) {
    std::abort();
  }
  CheckB2Sums(*manifest);
  return 0;
}
