// SecretBytes: a move-only buffer for passphrases, keys and other secrets.
//
// Memory comes from sodium_malloc: guarded pages, locked against swapping
// (mlock) where the system allows, and wiped by sodium_free when the buffer
// is destroyed. The bytes are reached only through the explicit, searchable
// calls Reveal() and MutableReveal(); there is no conversion to std::string.
// Comparison is constant-time. Call InitializeCrypto() before the first use.
#ifndef FIELDVAULT_CRYPTO_SECRET_BYTES_H_
#define FIELDVAULT_CRYPTO_SECRET_BYTES_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace fieldvault::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;  // empty
  // `size` zero bytes in locked memory. Aborts if memory cannot be had:
  // continuing without it could leave secrets in swappable memory.
  explicit SecretBytes(size_t size);
  // A copy of `bytes`; the caller remains responsible for wiping them.
  static SecretBytes CopyOf(std::span<const uint8_t> bytes);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Read access to the secret. Keep the span's use short and local.
  std::span<const uint8_t> Reveal() const { return {data_, size_}; }
  // Write access, for filling the buffer (reading a passphrase, deriving).
  std::span<uint8_t> MutableReveal() { return {data_, size_}; }

  // Shrinks the visible size to `new_size` (<= size()); the dropped tail is
  // wiped at once. Used after reading a passphrase into a larger buffer.
  void Truncate(size_t new_size);

  // A separate copy in new locked memory.
  SecretBytes Clone() const;

  // Constant-time equality (sizes are compared in the open).
  bool Equals(const SecretBytes& other) const;

 private:
  void Release();

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_SECRET_BYTES_H_
