// B2SUMS: the checksum file of a bundle, in exactly the format `b2sum`
// prints and `b2sum -c` reads ("<128 lowercase hex>  <path>\n" per file),
// so that HQ can check a bundle's payload with coreutils alone.
#ifndef FIELDVAULT_CORE_BUNDLE_B2SUMS_H_
#define FIELDVAULT_CORE_BUNDLE_B2SUMS_H_

#include <span>
#include <string>

#include "core/bundle/manifest.h"

namespace fieldvault::core::bundle {

// The B2SUMS text for the payload files among `files`, in their order
// (manifest.json, its signature and B2SUMS itself are skipped). Paths are
// bundle paths, which never need b2sum's backslash escaping.
std::string FormatB2Sums(std::span<const ManifestFile> files);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_B2SUMS_H_
