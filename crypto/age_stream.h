// age's payload encryption: the STREAM construction over ChaCha20-Poly1305.
// The payload starts with a 16-byte random nonce; the payload key is
// HKDF-SHA-256(file key, salt = nonce, info = "payload"). The plaintext is
// cut into 64 KiB chunks, each sealed with a 12-byte nonce made of an 11-byte
// big-endian chunk counter and a last-chunk flag byte (1 for the final
// chunk). The final chunk may be full; it is empty only when the whole
// payload is empty.
//
// Both classes hold one chunk at a time: memory does not grow with the
// payload. Keys live in SecretBytes; plaintext buffers are wiped on
// destruction.
#ifndef FIELDVAULT_CRYPTO_AGE_STREAM_H_
#define FIELDVAULT_CRYPTO_AGE_STREAM_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "crypto/age_format.h"
#include "crypto/byte_stream.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

using AgeChunkNonce = std::array<uint8_t, 12>;

// Encrypts a payload into `out` (which must outlive it).
class AgeStreamWriter final : public ByteSink {
 public:
  // Draws the payload nonce from `random`, writes it to `out` and derives
  // the payload key from the 16-byte `file_key`. Errors: kInvalidArgument
  // for a wrong-size key, or the errors of `out`.
  static Result<std::unique_ptr<AgeStreamWriter>> Create(
      const SecretBytes& file_key, ByteSink& out, RandomSource& random);
  ~AgeStreamWriter() override;

  // Encrypts and writes every full chunk that is known not to be the last.
  Status Write(std::span<const uint8_t> bytes) override;
  // Seals and writes the final chunk. Must be called exactly once; without
  // it the payload is truncated (and readers will say so).
  Status Finish();

 private:
  AgeStreamWriter(SecretBytes key, ByteSink& out);
  Status SealChunk(std::span<const uint8_t> plaintext, bool last);

  SecretBytes key_;
  ByteSink& out_;
  AgeChunkNonce nonce_{};
  std::vector<uint8_t> plaintext_;   // up to one chunk
  std::vector<uint8_t> ciphertext_;  // one sealed chunk
  bool finished_ = false;
  std::optional<Status> error_;
};

// Decrypts a payload read from `in` (which must outlive it), releasing
// plaintext chunk by chunk once each chunk's tag has been verified.
class AgeStreamReader final : public ByteSource {
 public:
  // Reads the payload nonce from `in` and derives the payload key.
  // Errors: kCorruption (kAgeErrorPayload) if `in` ends within the nonce;
  // kInvalidArgument for a wrong-size key; errors of `in`.
  static Result<std::unique_ptr<AgeStreamReader>> Open(
      const SecretBytes& file_key, ByteSource& in);
  ~AgeStreamReader() override;

  // Returns verified plaintext. Returns 0 only after a valid final chunk
  // followed by the end of input. A damaged chunk, a missing final chunk
  // (truncation), an empty final chunk after others, or data after the
  // final chunk give kCorruption (kAgeErrorPayload). As in age, a final
  // chunk is released before the check for trailing data, so treat the
  // plaintext as complete only when Read() returns 0.
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  AgeStreamReader(SecretBytes key, ByteSource& in);
  // Reads, verifies and decrypts the next chunk into `out` (at least one
  // chunk of space); returns its plaintext size.
  Result<size_t> OpenChunk(std::span<uint8_t> out);
  Status CheckEnd();
  Status Fail(std::string detail);

  SecretBytes key_;
  ByteSource& in_;
  AgeChunkNonce nonce_{};
  std::vector<uint8_t> ciphertext_;  // one sealed chunk
  std::vector<uint8_t> plaintext_;   // one opened chunk not yet returned
  size_t unread_start_ = 0;
  size_t unread_end_ = 0;
  bool saw_last_ = false;  // the final chunk has been opened
  bool done_ = false;      // ... and the end of input confirmed
  std::optional<Status> error_;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_AGE_STREAM_H_
