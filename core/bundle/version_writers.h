// Naming who wrote the versions of a record: for each bundle a version
// came in (VersionSource::bundle_id, core/records/version_source.h), its
// signer and sequence number from the register of received bundles
// (bundle_registry.h) and the label this vault trusts the signer under.
// What `show --history` prints beside each version.
#ifndef FIELDVAULT_CORE_BUNDLE_VERSION_WRITERS_H_
#define FIELDVAULT_CORE_BUNDLE_VERSION_WRITERS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/db/database.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// The signer of an imported bundle.
struct BundleSigner {
  std::string label;       // as trusted here ("" if no longer listed)
  std::string key_id;      // 16 hex digits
  std::string public_key;  // minisign base64
  uint64_t sequence = 0;   // the bundle's number in its signer's chain
};

// The signer of each bundle some of `versions` name (as written or as the
// conflict they resolved) that this vault imported; a bundle not in the
// register (it cannot be, unless the vault was edited by hand) is left
// out. kIoError.
Result<std::map<std::string, BundleSigner>> SignersOfVersions(
    Database& db, const std::vector<RecordVersion>& versions);

// The signer of the bundle this vault imported as `bundle_id`, if any.
// kIoError.
Result<std::optional<BundleSigner>> SignerOfBundle(Database& db,
                                                   const std::string& bundle_id);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_VERSION_WRITERS_H_
