// Reading a written bundle back from the medium, to check it against what
// was written (BundleFile::ReadBack, crypto/copy_check.h).
//
// The file is opened with O_DIRECT where the file system allows it: the
// bytes then come from the device itself, never from the page cache, and
// cost no copy through it (asking the kernel to drop its cached copy, the
// fallback, is only advice, and the buffered read costs CPU that a busy
// laptop does not have). A second thread reads the next block while this
// one tags the last, so the medium and the tag work at once. Memory: two
// blocks of kMediumReadBlockBytes, whatever the file's size.
#ifndef FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_
#define FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_

#include <cstddef>
#include <string>

#include "crypto/copy_check.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

inline constexpr size_t kMediumReadBlockBytes = 4 << 20;

enum class MediumRead {
  kDirectWherePossible,  // O_DIRECT, else as kBuffered
  kBuffered,             // the page cache, after asking it to drop the file
};

// The tag under `check` of the whole file at `path`. kIoError (with a hint
// about the medium) when it cannot be opened or read.
Result<crypto::CopyTag> TagFromMedium(const std::string& path,
                                      const crypto::CopyCheck& check,
                                      MediumRead how = MediumRead::kDirectWherePossible);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_MEDIUM_READ_H_
