// age v1 encryption and decryption as streams (https://age-encryption.org/v1):
// X25519 recipients, binary or ASCII-armored files, 64 KiB chunks, memory
// that does not grow with the file. Files written here decrypt with stock
// `age -d -i key.txt`; files written by `age -r` (binary or -a) decrypt here.
//
// Errors name what the user can act on; every message begins (after any
// context a caller adds) with one of the kAgeError* phrases of
// crypto/age_format.h:
//   not an age file               kInvalidArgument
//   unsupported age format version kUnsupported
//   no identity matches            kAuthFailed (the only wrong-key case)
//   invalid age ASCII armor        kCorruption
//   age header damaged             kCorruption (incl. a bad header MAC)
//   age payload damaged or truncated kCorruption
// The file key, the payload key and identities stay in SecretBytes.
#ifndef FIELDVAULT_CRYPTO_AGE_H_
#define FIELDVAULT_CRYPTO_AGE_H_

#include <cstdint>
#include <memory>
#include <span>

#include "crypto/age_armor.h"
#include "crypto/age_format.h"
#include "crypto/age_keys.h"
#include "crypto/age_stream.h"
#include "crypto/byte_stream.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

// Encrypts what is written to it into an age file written to `out`.
class AgeEncryptor final : public ByteSink {
 public:
  // Draws a fresh file key, wraps it for every recipient (one X25519 stanza
  // each, in the given order), and writes the header to `out` (which must
  // outlive the encryptor), ASCII-armored when `armor` is true.
  // Errors: kInvalidArgument for no recipients or an unusable recipient
  // key; the errors of `out`.
  static Result<std::unique_ptr<AgeEncryptor>> Create(
      std::span<const AgeRecipient> recipients, ByteSink& out, bool armor,
      RandomSource& random);

  // Encrypts and writes whole chunks as they fill; buffers at most 64 KiB.
  Status Write(std::span<const uint8_t> bytes) override;
  // Writes the final chunk and, when armored, the END line. Must be called
  // once; a file whose encryptor was not finished reads as truncated.
  Status Finish();

 private:
  AgeEncryptor() = default;

  std::unique_ptr<AgeArmorWriter> armor_;   // when armored; wraps `out`
  std::unique_ptr<AgeStreamWriter> stream_;
};

enum class AgeInputFormat {
  kDetect,   // armored if the file starts (after whitespace) with BEGIN
  kBinary,
  kArmored,
};

// Decrypts an age file read from `in`, releasing plaintext chunk by chunk.
class AgeDecryptor final : public ByteSource {
 public:
  // Reads and checks the header: finds the file key with the first of
  // `identities` that matches a stanza, verifies the header MAC, and
  // prepares the payload. `in` must outlive the decryptor. Errors: see the
  // top of this file (with no identities at all: no identity matches).
  static Result<std::unique_ptr<AgeDecryptor>> Open(
      ByteSource& in, std::span<const AgeIdentity> identities,
      AgeInputFormat format = AgeInputFormat::kDetect);

  // Returns verified plaintext; 0 only at a verified end of the file.
  // Damage, truncation or data after the end: kCorruption
  // (kAgeErrorPayload, or kAgeErrorArmor). The final chunk is released
  // before the check for trailing data, so treat the plaintext as complete
  // only when Read() has returned 0.
  Result<size_t> Read(std::span<uint8_t> out) override;

  // Number of recipient stanzas in the header (all types).
  size_t stanza_count() const { return stanza_count_; }

 private:
  AgeDecryptor() = default;

  std::unique_ptr<ByteSource> detected_;  // replays bytes read to detect
  std::unique_ptr<ByteSource> armor_;     // when armored
  std::unique_ptr<ByteSource> payload_;   // replays bytes after the header
  std::unique_ptr<AgeStreamReader> stream_;
  size_t stanza_count_ = 0;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_AGE_H_
