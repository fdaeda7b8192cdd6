#include "crypto/key_wrap.h"

#include <sodium.h>

namespace fieldvault::crypto {

static_assert(kWrapNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kWrapTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kWrappingKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

Result<WrappedKey> WrapKey(const SecretBytes& wrapping_key,
                           const SecretBytes& key,
                           std::span<const uint8_t> associated_data,
                           RandomSource& random) {
  if (wrapping_key.size() != kWrappingKeyBytes) {
    return Status::InvalidArgument("wrapping key must be 32 bytes");
  }
  if (key.empty() || key.size() > kMaxWrappedKeyBytes) {
    return Status::InvalidArgument("key to wrap must be 1 to 64 bytes");
  }
  WrappedKey wrapped;
  // A random 192-bit nonce never repeats in practice, so the same wrapping
  // key can seal many times without any counter to keep.
  random.Fill(wrapped.nonce);
  wrapped.sealed.resize(key.size() + kWrapTagBytes);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      wrapped.sealed.data(), &sealed_size, key.Reveal().data(), key.size(),
      associated_data.data(), associated_data.size(), nullptr,
      wrapped.nonce.data(), wrapping_key.Reveal().data());
  wrapped.sealed.resize(sealed_size);
  return wrapped;
}

Result<SecretBytes> UnwrapKey(const SecretBytes& wrapping_key,
                              const WrappedKey& wrapped,
                              std::span<const uint8_t> associated_data) {
  if (wrapping_key.size() != kWrappingKeyBytes) {
    return Status::InvalidArgument("wrapping key must be 32 bytes");
  }
  if (wrapped.sealed.size() <= kWrapTagBytes ||
      wrapped.sealed.size() > kMaxWrappedKeyBytes + kWrapTagBytes) {
    return Status::InvalidArgument("sealed key has a wrong length");
  }
  // Decrypt straight into locked memory: the plaintext never touches an
  // ordinary buffer.
  SecretBytes key(wrapped.sealed.size() - kWrapTagBytes);
  unsigned long long key_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          key.MutableReveal().data(), &key_size, nullptr,
          wrapped.sealed.data(), wrapped.sealed.size(),
          associated_data.data(), associated_data.size(),
          wrapped.nonce.data(), wrapping_key.Reveal().data()) != 0) {
    return Status::AuthFailed("key unwrap failed");
  }
  return key;
}

}  // namespace fieldvault::crypto
