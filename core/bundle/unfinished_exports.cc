#include "core/bundle/unfinished_exports.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "core/bundle/bundle_file.h"
#include "core/bundle/bundle_registry.h"
#include "core/bundle/export_lock.h"
#include "crypto/blake2b.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

// Closes a file descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

bool AnyPending(const std::vector<SentBundle>& bundles) {
  return std::any_of(bundles.begin(), bundles.end(),
                     [](const SentBundle& sent) { return sent.state == kSentPending; });
}

// The bundles of `not_written` (in the order they were registered) that
// need attention: pending ones, and failed ones after the last bundle of
// their profile confirmed written (once a later one got through, the
// monitor has nothing left to do about it). The last pending one is
// kRunning when `export_running`: an export settles older pending rows
// when it starts.
Result<std::vector<UnfinishedExport>> Select(Database& db,
                                             const std::vector<SentBundle>& not_written,
                                             bool export_running) {
  const SentBundle* newest_pending = nullptr;
  for (const SentBundle& sent : not_written) {
    if (sent.state == kSentPending) newest_pending = &sent;
  }
  std::vector<UnfinishedExport> selected;
  for (const SentBundle& sent : not_written) {
    UnfinishedState state = UnfinishedState::kFailed;
    if (sent.state == kSentPending) {
      state = export_running && &sent == newest_pending ? UnfinishedState::kRunning
                                                        : UnfinishedState::kInterrupted;
    } else {
      FV_ASSIGN_OR_RETURN(auto last_written, LastWrittenBundle(db, sent.profile));
      if (last_written && sent.sequence < last_written->sequence) continue;
    }
    selected.push_back({sent.profile, sent.sequence, sent.bundle_id, sent.created_at, state});
  }
  return selected;
}

// The bundle in `candidates` whose registered file hash `path` has, or
// null (also when it cannot be read: then it is not proven).
const SentBundle* ProvenBundle(const std::string& path,
                               const std::vector<SentBundle>& candidates) {
  if (candidates.empty()) return nullptr;
  Fd file{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  struct stat info {};
  if (file.fd < 0 || ::fstat(file.fd, &info) != 0 || !S_ISREG(info.st_mode)) return nullptr;
  crypto::FdSource source(file.fd);
  Result<crypto::Blake2b512> hash = crypto::HashBlake2b512(source);
  if (!hash.ok()) return nullptr;
  const std::string hex = crypto::HexEncode(*hash);
  for (const SentBundle& sent : candidates) {
    if (sent.bundle_blake2b == hex) return &sent;
  }
  return nullptr;
}

// The temporary bundle files (regular files, not links) directly in
// `directory`, by path, each matched against `candidates`.
std::vector<LeftoverFile> FindLeftovers(const std::string& directory,
                                        const std::vector<SentBundle>& candidates) {
  std::vector<LeftoverFile> found;
  std::error_code error;
  for (std::filesystem::directory_iterator it(directory, error), end;
       !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::error_code stat_error;
    if (!IsTemporaryBundleName(name) || !it->is_regular_file(stat_error) ||
        it->is_symlink(stat_error)) {
      continue;
    }
    const std::string path = it->path().string();
    const uint64_t bytes = it->file_size(stat_error);
    const SentBundle* proven = ProvenBundle(path, candidates);
    found.push_back({path, stat_error ? 0 : bytes, proven ? proven->profile : "",
                     proven ? proven->sequence : 0, false});
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  return found;
}

// Marks each pending row of `not_written` failed, with a custody event
// each, in one transaction.
Status MarkInterrupted(Vault& vault, const std::vector<SentBundle>& not_written) {
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  for (const SentBundle& sent : not_written) {
    if (sent.state != kSentPending) continue;
    FV_RETURN_IF_ERROR(SetSentBundleState(write.db(), sent.bundle_id, kSentFailed));
    FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
        {"export interrupted", "", "", sent.bundle_id,
         SequenceName(sent.profile, sent.sequence) +
             " is used; the export stopped after registering it and before "
             "the bundle was confirmed on the medium (the computer or "
             "fieldvault stopped); marked failed at the next export"}));
  }
  return write.Commit();
}

}  // namespace

Result<std::vector<UnfinishedExport>> FindUnfinishedExports(Vault& vault) {
  FV_ASSIGN_OR_RETURN(auto not_written, SentBundlesNotWritten(vault.db()));
  bool running = false;
  if (AnyPending(not_written)) {
    FV_ASSIGN_OR_RETURN(running, ExportLock::IsHeld(vault.dir()));
  }
  return Select(vault.db(), not_written, running);
}

Result<ExportWarnings> SettleUnfinishedExports(Vault& vault,
                                               const std::string& directory) {
  FV_ASSIGN_OR_RETURN(auto not_written, SentBundlesNotWritten(vault.db()));
  ExportWarnings warnings;
  FV_ASSIGN_OR_RETURN(warnings.bundles, Select(vault.db(), not_written, false));
  warnings.leftovers = FindLeftovers(directory, not_written);
  if (AnyPending(not_written)) FV_RETURN_IF_ERROR(MarkInterrupted(vault, not_written));
  // Only after the commit: had it failed, the files would still match
  // rows that say "pending".
  for (LeftoverFile& leftover : warnings.leftovers) {
    if (leftover.sequence != 0) leftover.removed = ::unlink(leftover.path.c_str()) == 0;
  }
  return warnings;
}

}  // namespace fieldvault::core::bundle
