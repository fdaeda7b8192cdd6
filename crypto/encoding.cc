#include "crypto/encoding.h"

#include <sodium.h>

namespace fieldvault::crypto {
namespace {

int SodiumVariant(Base64Variant variant) {
  return variant == Base64Variant::kPadded
             ? sodium_base64_VARIANT_ORIGINAL
             : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}

}  // namespace

std::string HexEncode(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

Result<std::vector<uint8_t>> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) {
    return Status::InvalidArgument("hex text has an odd length");
  }
  std::vector<uint8_t> out(text.size() / 2);
  size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(),
                     nullptr, &written, &end) != 0 ||
      written != out.size() || end != text.data() + text.size()) {
    return Status::InvalidArgument("not valid hex text");
  }
  return out;
}

std::string Base64Encode(std::span<const uint8_t> bytes,
                         Base64Variant variant) {
  int v = SodiumVariant(variant);
  std::string out(sodium_base64_encoded_len(bytes.size(), v), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), v);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

Result<std::vector<uint8_t>> Base64Decode(std::string_view text,
                                          Base64Variant variant) {
  std::vector<uint8_t> out(text.size() / 4 * 3 + 3);
  size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(),
                        nullptr, &written, &end, SodiumVariant(variant)) != 0 ||
      end != text.data() + text.size()) {
    return Status::InvalidArgument("not valid base64 text");
  }
  out.resize(written);
  // Canonical form only: two encodings must not decode to the same bytes.
  if (Base64Encode(out, variant) != text) {
    return Status::InvalidArgument("base64 text is not canonical");
  }
  return out;
}

}  // namespace fieldvault::crypto
