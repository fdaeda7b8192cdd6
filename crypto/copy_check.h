// CopyCheck: tells whether two byte streams are equal, such as a bundle as
// written and as read back from a USB stick, at Poly1305 speed (several
// times faster than BLAKE2b, so a read-back costs little CPU).
//
// Both streams are tagged with Poly1305 under one random key held in
// locked memory. The tags never leave the process and the key is used for
// nothing else, so neither a failing medium nor anyone else can produce
// other bytes with the same tag except by chance: at most length/16 in
// 2^106 (below 2^-76 even for 1 TiB). It proves a copy faithful, not who
// made it: to name content to others, hash it (blake2b.h) or sign it.
#ifndef FIELDVAULT_CRYPTO_COPY_CHECK_H_
#define FIELDVAULT_CRYPTO_COPY_CHECK_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>

#include "crypto/byte_stream.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::crypto {

using CopyTag = std::array<uint8_t, crypto_onetimeauth_poly1305_BYTES>;

class CopyCheck {
 public:
  // A check with a fresh key from `random`.
  explicit CopyCheck(RandomSource& random);

  // Tags what passes through it and forwards it to `next` (which may be
  // null to tag only). The CopyCheck must outlive it.
  class TaggingSink final : public ByteSink {
   public:
    TaggingSink(const CopyCheck& check, ByteSink* next);
    ~TaggingSink() override;
    TaggingSink(const TaggingSink&) = delete;
    TaggingSink& operator=(const TaggingSink&) = delete;
    Status Write(std::span<const uint8_t> bytes) override;
    // The tag of everything written; the sink must not be used afterwards.
    CopyTag Finish();

   private:
    ByteSink* next_;
    crypto_onetimeauth_poly1305_state state_;
  };

  // The tag of all of `source`, read through a 1 MiB buffer (large reads
  // let the kernel fetch from the medium while the tag is computed). The
  // source's read error otherwise.
  Result<CopyTag> TagAll(ByteSource& source) const;

  // True when the tags are equal (constant time).
  static bool Same(const CopyTag& a, const CopyTag& b);

 private:
  SecretBytes key_;
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_COPY_CHECK_H_
