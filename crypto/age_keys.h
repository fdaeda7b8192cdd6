// age's native X25519 keys: recipients ("age1...", lowercase bech32 of the
// 32-byte public key), identities ("AGE-SECRET-KEY-1...", uppercase bech32
// of the 32-byte secret scalar), age-keygen identity files, and the X25519
// recipient stanza that wraps a file key:
//   -> X25519 <base64 ephemeral share>
//   <base64 ChaCha20-Poly1305(wrap key, zero nonce, file key)>
// with wrap key = HKDF-SHA-256(X25519(e, R), salt = share || R,
// info = "age-encryption.org/v1/X25519").
//
// Secret keys live in SecretBytes only; their text form is produced into
// SecretBytes and parsed from spans without intermediate copies.
#ifndef FIELDVAULT_CRYPTO_AGE_KEYS_H_
#define FIELDVAULT_CRYPTO_AGE_KEYS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/age_format.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

class AgeRecipient {
 public:
  // Parses "age1..." strictly: lowercase only, valid checksum, HRP "age",
  // exactly 32 bytes. Returns kInvalidArgument otherwise.
  static Result<AgeRecipient> Parse(std::string_view text);
  static AgeRecipient FromPublicKey(
      const std::array<uint8_t, kAgeX25519KeyBytes>& public_key);

  // The canonical "age1..." text.
  std::string ToString() const;
  const std::array<uint8_t, kAgeX25519KeyBytes>& public_key() const {
    return public_key_;
  }
  bool operator==(const AgeRecipient& other) const = default;

  // Wraps `file_key` (16 bytes) for this recipient into a new X25519 stanza
  // with a fresh ephemeral key drawn from `random`. kInvalidArgument if the
  // file key has the wrong size or the public key is a low-order point.
  Result<AgeStanza> Wrap(const SecretBytes& file_key,
                         RandomSource& random) const;

 private:
  explicit AgeRecipient(const std::array<uint8_t, kAgeX25519KeyBytes>& key)
      : public_key_(key) {}
  std::array<uint8_t, kAgeX25519KeyBytes> public_key_;
};

class AgeIdentity {
 public:
  // A new identity from 32 bytes of `random`.
  static AgeIdentity Generate(RandomSource& random);
  // Parses "AGE-SECRET-KEY-1..." strictly: uppercase only, valid checksum,
  // 32 bytes. Returns kInvalidArgument; the message never quotes the text.
  static Result<AgeIdentity> Parse(std::span<const uint8_t> text);

  AgeIdentity(AgeIdentity&&) noexcept = default;
  AgeIdentity& operator=(AgeIdentity&&) noexcept = default;

  // The "AGE-SECRET-KEY-1..." text, in locked memory.
  SecretBytes ToSecretString() const;
  // The matching recipient (X25519 of the secret and the base point).
  const AgeRecipient& Recipient() const { return recipient_; }

  // Looks for a stanza addressed to this identity and returns the 16-byte
  // file key from it, or nullopt if none is (stanzas of other types are
  // skipped). An X25519 stanza with the wrong number of arguments, a
  // non-canonical or wrong-length share, a body that is not 32 bytes, or a
  // share giving an all-zero shared secret is an error: kCorruption
  // (kAgeErrorHeader), as the age specification requires.
  Result<std::optional<SecretBytes>> Unwrap(
      std::span<const AgeStanza> stanzas) const;

 private:
  AgeIdentity(SecretBytes secret_key, AgeRecipient recipient)
      : secret_key_(std::move(secret_key)), recipient_(recipient) {}
  static AgeIdentity FromSecret(SecretBytes secret_key);

  SecretBytes secret_key_;  // 32-byte X25519 scalar
  AgeRecipient recipient_;
};

// Reads an identity file in age-keygen's format: one identity per line;
// empty lines and lines starting with '#' are ignored; LF or CRLF. Returns
// the identities in file order; kInvalidArgument naming the line number
// (never its text) on a malformed line, or when there is no identity.
Result<std::vector<AgeIdentity>> ParseIdentityFile(
    std::span<const uint8_t> contents);

// Writes an identity file exactly as age-keygen does:
//   # created: <created>
//   # public key: age1...
//   AGE-SECRET-KEY-1...
// `created` is the caller's timestamp text (RFC 3339, e.g.
// "2026-02-22T10:00:00Z"); this layer has no clock. The result is secret:
// store it in a 0600 file or the vault.
SecretBytes FormatIdentityFile(const AgeIdentity& identity,
                               std::string_view created);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_AGE_KEYS_H_
