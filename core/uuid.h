// Random (version 4) UUIDs, the ids of vaults, records and bundles, e.g.
// "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10". Random ids let many vaults create
// records offline without ever colliding, which bundles and HQ merges rely
// on.
#ifndef FIELDVAULT_CORE_UUID_H_
#define FIELDVAULT_CORE_UUID_H_

#include <string>
#include <string_view>

#include "crypto/random.h"

namespace fieldvault::core {

// A new RFC 9562 version-4 UUID from `random`, as 36 lowercase characters
// ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx").
std::string NewUuid(crypto::RandomSource& random);

// True when `text` is 36 characters in the canonical 8-4-4-4-12 lowercase
// hex form (any version).
bool IsCanonicalUuid(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_UUID_H_
