#include "core/identity/fingerprint.h"

#include "crypto/blake2b.h"
#include "crypto/byte_stream.h"
#include "crypto/encoding.h"

namespace fieldvault::core {
namespace {

constexpr size_t kFingerprintBytes = 10;

std::string Fingerprint(std::string_view domain, std::string_view key_text) {
  // The domain label (with its NUL) keeps a signing key's fingerprint from
  // ever equalling a recipient's, whatever their texts.
  crypto::Blake2bHasher hasher;
  hasher.Update(crypto::AsBytes(domain));
  hasher.Update(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>("\0"), 1));
  hasher.Update(crypto::AsBytes(key_text));
  crypto::Blake2b512 digest = hasher.Finish();
  std::string hex = crypto::HexEncode(
      std::span<const uint8_t>(digest.data(), kFingerprintBytes));
  std::string grouped;
  for (size_t i = 0; i < hex.size(); i += 4) {
    if (i != 0) grouped += ' ';
    grouped += hex.substr(i, 4);
  }
  return grouped;
}

}  // namespace

std::string SigningKeyFingerprint(std::string_view minisign_base64) {
  return Fingerprint("fieldvault signing key v1", minisign_base64);
}

std::string RecipientFingerprint(std::string_view age_recipient) {
  return Fingerprint("fieldvault age recipient v1", age_recipient);
}

}  // namespace fieldvault::core
