// Random (version 4) UUIDs, the ids of vaults, records and bundles, e.g.
// "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10", and time-ordered (version 7) ones
// for records made in bulk. Random bits let many vaults create records
// offline without ever colliding, which bundles and HQ merges rely on.
#ifndef FIELDVAULT_CORE_UUID_H_
#define FIELDVAULT_CORE_UUID_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/random.h"

namespace fieldvault::core {

// A new RFC 9562 version-4 UUID from `random`, as 36 lowercase characters
// ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx").
std::string NewUuid(crypto::RandomSource& random);

// A new RFC 9562 version-7 UUID: the first 48 bits are `unix_micros` in
// milliseconds (big-endian), the other 74 free bits come from `random`.
// Ids made one after the other sort in time order, so a bulk import
// appends to the id indexes instead of touching a random page per row;
// the id then tells when the record was made, which its created_at says
// anyway. 74 random bits per millisecond keep collisions out of reach.
std::string NewTimeOrderedUuid(int64_t unix_micros,
                               crypto::RandomSource& random);

// True when `text` is 36 characters in the canonical 8-4-4-4-12 lowercase
// hex form (any version).
bool IsCanonicalUuid(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_UUID_H_
