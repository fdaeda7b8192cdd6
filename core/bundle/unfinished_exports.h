// Exports that did not finish, for `status` and for the next `export`.
//
// An export registers its bundle as "pending" before the file gets its
// final name, then marks it "written" or "failed" (exporter.h). A crash in
// between (power loss, kill -9) leaves the row "pending", and perhaps the
// temporary file ".fv-<16 hex>.part" next to where the bundle was going
// (bundle_file.h). Its sequence number stays used either way: the file
// may or may not have reached the medium, and HQ would refuse a second
// bundle with the same number as a replay.
//
// This module lists the bundles that need the monitor's attention, and at
// the start of an export (under the export lock, export_lock.h, so any
// pending row is stale) settles them: a pending row becomes "failed" with
// an "export interrupted" custody event, so its state is no longer
// ambiguous. In the directory being written to it looks for temporary
// files, and removes only those proven to be this vault's: a file whose
// BLAKE2b-512 is the one registered for a bundle of this vault that was not
// confirmed written (the hash is of the complete, flushed file, taken
// before the row is committed). Any other (an export that stopped before
// registering, or another vault's) is only reported. Nothing here prints.
#ifndef FIELDVAULT_CORE_BUNDLE_UNFINISHED_EXPORTS_H_
#define FIELDVAULT_CORE_BUNDLE_UNFINISHED_EXPORTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/vault/vault.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

enum class UnfinishedState {
  kRunning,      // pending, and an export of this vault is running now
  kInterrupted,  // pending, and no export will finish it
  kFailed,       // failed (its file was removed), no bundle written since
};

struct UnfinishedExport {
  std::string profile;  // "hq" or "public": sequences are per profile
  uint64_t sequence = 0;
  std::string bundle_id;
  int64_t started_at = 0;  // microseconds; when the export registered it
  UnfinishedState state = UnfinishedState::kInterrupted;
};

// A temporary bundle file found in the directory an export writes to.
struct LeftoverFile {
  std::string path;
  uint64_t bytes = 0;
  std::string profile;    // of the bundle it was proven to belong to, or ""
  uint64_t sequence = 0;  // the bundle it was proven to belong to, or 0
  bool removed = false;   // proven ours and removed
};

struct ExportWarnings {
  std::vector<UnfinishedExport> bundles;  // states before the export settled them
  std::vector<LeftoverFile> leftovers;
  bool empty() const { return bundles.empty() && leftovers.empty(); }
};

// The sent bundles that need attention, in the order they were
// registered: every pending one
// (kRunning or kInterrupted, told apart by the export lock) and every
// failed one with no bundle confirmed written after it. Reads only.
// kIoError (the lock could not be checked) or database errors.
Result<std::vector<UnfinishedExport>> FindUnfinishedExports(Vault& vault);

// For ExportBundle, which must hold the export lock: reports what
// FindUnfinishedExports would (pending rows as kInterrupted), marks pending
// rows failed with an "export interrupted" custody event each (one
// transaction), then removes the temporary files in `directory` proven to
// be theirs or of other bundles not confirmed written, and reports every
// temporary file found there. A directory that cannot be read has no
// leftovers. Database errors leave the register as it was.
Result<ExportWarnings> SettleUnfinishedExports(Vault& vault,
                                               const std::string& directory);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_UNFINISHED_EXPORTS_H_
