// Record identifiers: random (version 4) UUIDs in lowercase text, e.g.
// "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10". Random ids let many vaults create
// records offline without ever colliding, which bundles and HQ merges rely on.
#ifndef FIELDVAULT_CORE_RECORDS_UUID_H_
#define FIELDVAULT_CORE_RECORDS_UUID_H_

#include <string>
#include <string_view>

#include "crypto/random.h"

namespace fieldvault::core {

// A new version 4 UUID drawn from `random`.
std::string NewUuid(crypto::RandomSource& random);

// True for the canonical lowercase 8-4-4-4-12 hex form (any version).
bool IsUuid(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_UUID_H_
