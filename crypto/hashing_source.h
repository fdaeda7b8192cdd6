// HashingSource: a ByteSource that passes another source's bytes through
// unchanged and takes their BLAKE2b-512 on the way, so a file that is read
// once (a detainee CSV being imported, a bundle being verified) is also
// hashed without a second pass. The digest equals Blake2bHasher's over the
// same bytes (and `b2sum`'s over the file read to its end).
//
// The hash runs either on the calling thread (kInline: cheap to set up, for
// small files) or on a second thread (kBackground, through
// BackgroundHashingSink: for large streams that are also decrypted or
// stored on the calling thread, where it then costs little wall time).
#ifndef FIELDVAULT_CRYPTO_HASHING_SOURCE_H_
#define FIELDVAULT_CRYPTO_HASHING_SOURCE_H_

#include <cstdint>
#include <optional>
#include <span>

#include "crypto/background_hashing_sink.h"
#include "crypto/blake2b.h"
#include "crypto/byte_stream.h"

namespace fieldvault::crypto {

class HashingSource final : public ByteSource {
 public:
  enum class Mode { kInline, kBackground };

  // Reads from `in`, which it does not own and which must outlive it.
  HashingSource(ByteSource& in, Mode mode);
  HashingSource(const HashingSource&) = delete;
  HashingSource& operator=(const HashingSource&) = delete;

  // Reads from `in` into `out` and hashes what was read. Returns the
  // number of bytes (0 at the end), or `in`'s read error (or the
  // background hasher's), after which the digest is of no use.
  Result<size_t> Read(std::span<uint8_t> out) override;

  // Bytes read so far.
  uint64_t bytes_read() const { return bytes_read_; }

  // The digest of every byte read so far. Must be called once; the source
  // must not be read afterwards.
  Blake2b512 Finish();

 private:
  ByteSource& in_;
  HashingSink inline_{nullptr};                    // used in kInline
  std::optional<BackgroundHashingSink> background_;  // set in kBackground
  uint64_t bytes_read_ = 0;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_HASHING_SOURCE_H_
