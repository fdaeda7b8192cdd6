// The order in which to receive several bundles given at once (a stick
// carrying a monitor's days, or several monitors'): each sender's bundles
// by sequence number, oldest first, so that a bundle's records arrive
// after those of the earlier bundles they build on (an import in the
// wrong order refuses a detention whose incident came in a bundle not yet
// imported, and reports gaps that are not there).
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_ORDER_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_ORDER_H_

#include <string>
#include <vector>

#include "core/bundle/receiver.h"
#include "core/vault/vault.h"

namespace fieldvault::core::bundle {

// `paths` reordered: the bundles that open with the identities
// ReceiveBundle would use (options.identities, else the vault's) grouped
// by sender key and profile, each group by sequence number, groups in the
// order their first file was given; then, in the order given, the files
// that do not open (ReceiveBundle judges and reports each). Reads only
// the age header and the manifest of each file, NOT verified: the order
// is a convenience, every bundle is then checked in full. Never fails.
std::vector<std::string> InSequenceOrder(Vault& vault,
                                         const std::vector<std::string>& paths,
                                         const ReceiveOptions& options);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_ORDER_H_
