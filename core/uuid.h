// Random (version 4) UUIDs, the ids of vaults, records and bundles, e.g.
// "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10", and sequential (version 8) ones
// for records made in bulk. Random bits let many vaults create records
// offline without ever colliding, which bundles and HQ merges rely on.
#ifndef FIELDVAULT_CORE_UUID_H_
#define FIELDVAULT_CORE_UUID_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/random.h"

namespace fieldvault::core {

// A new RFC 9562 version-4 UUID from `random`, as 36 lowercase characters
// ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx").
std::string NewUuid(crypto::RandomSource& random);

// Ids for records made in bulk: RFC 9562 version-8 (custom) UUIDs whose
// first 32 bits count up by one from a random start and whose other 90
// free bits are random. Made one after the other they sort in order, so a
// bulk import appends to the id indexes instead of touching a random page
// of each per row. Their first eight hex digits, the short id the CLI
// shows and takes, differ from one record to the next (time-ordered ids
// shared them for a minute), and they do not tell when a record was made.
class SequentialUuids {
 public:
  // `random` must outlive this object.
  explicit SequentialUuids(crypto::RandomSource& random);

  // The next id.
  std::string Next();

 private:
  // Random bits for this many ids are drawn at once: one getrandom call
  // per id cost ~1 microsecond of a detainee import's ~100 per line.
  static constexpr size_t kBatch = 64;

  crypto::RandomSource* random_;
  uint32_t next_;
  std::array<uint8_t, 16 * kBatch> pool_{};
  size_t used_ = kBatch;  // ids taken from pool_
};

// True when `text` is 36 characters in the canonical 8-4-4-4-12 lowercase
// hex form (any version).
bool IsCanonicalUuid(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_UUID_H_
