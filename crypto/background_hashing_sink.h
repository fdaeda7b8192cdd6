// BackgroundHashingSink: a HashingSink (blake2b.h) whose BLAKE2b-512 runs
// on a second thread (BackgroundHasher), for streams that are also
// encrypted, decrypted or stored on the calling thread: the bundle's
// payload and its age file, at export and at import. On two cores the
// hash then costs little wall time.
//
// Bytes are copied into one of two buffers in turn (the caller's memory
// may change as soon as Write returns); a full buffer goes to the hasher
// while the other fills. The digest equals Blake2bHasher's over the same
// bytes. Memory: two buffers of kBufferBytes, SecretBytes (locked, wiped)
// because what is hashed is often plaintext.
#ifndef FIELDVAULT_CRYPTO_BACKGROUND_HASHING_SINK_H_
#define FIELDVAULT_CRYPTO_BACKGROUND_HASHING_SINK_H_

#include <array>
#include <cstdint>
#include <span>

#include "crypto/background_hasher.h"
#include "crypto/byte_stream.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::crypto {

class BackgroundHashingSink final : public ByteSink {
 public:
  static constexpr size_t kBufferBytes = 256 * 1024;

  // Forwards what it hashes to `next` (which may be null to hash only and
  // must outlive the sink).
  explicit BackgroundHashingSink(ByteSink* next);

  // Hashes `bytes` (copied) and forwards them; the forwarding error, if
  // any, and then nothing more should be written.
  Status Write(std::span<const uint8_t> bytes) override;

  uint64_t bytes_written() const { return bytes_written_; }

  // The digest of everything written. The sink must not be used afterwards.
  Blake2b512 Finish();

 private:
  void HandOver();

  ByteSink* next_;
  std::array<SecretBytes, 2> buffers_;
  size_t current_ = 0;  // the buffer being filled
  size_t filled_ = 0;   // bytes in it
  uint64_t bytes_written_ = 0;
  BackgroundHasher hasher_;  // last: its thread stops before the buffers go
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_BACKGROUND_HASHING_SINK_H_
