// `export`: writes a signed, encrypted bundle of this vault's records for
// the chosen recipients onto removable media, safely.
//
// In one vault transaction: picks the recipients from the keyring, the
// next sequence number and the previous manifest's hash, streams the
// payload twice (hash, then write) through the export profile, and writes
// the age file under a temporary name in the target directory (bundle_file.h)
// and fsyncs it. Then it commits the sent-bundle row (sequence, hashes,
// recipients; state "pending") with its custody events ("exported", and
// "withheld by profile" when the profile left something out). Only then
// does it rename the file to a random name that says nothing of the sender
// or the content, fsync the directory, read the file back and check it
// against what was written (crypto/copy_check.h), and mark the row
// "written" (bundle_registry.h).
//
// So a bundle on the medium is always known to the vault: its sequence
// number is never reused, even after a crash. A failure before the commit
// leaves the vault unchanged (no sequence number used) and no file behind.
// A failure after it removes the file, marks the row "failed" with an
// "export failed" custody event, and keeps the number used: HQ sees a gap
// naming it. A bundle not marked written does not count as a previous
// export for --since-last, so its records go again.
//
// An export holds the vault's export lock (export_lock.h) from start to
// end, so two exports of one vault never run at once. Before writing it
// settles what earlier exports left unfinished (unfinished_exports.h): a
// row a crash left "pending" becomes "failed" with an "export interrupted"
// custody event, and its temporary file, if found in the directory being
// written to and proven to be this vault's, is removed.
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORTER_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle/bundle_writer.h"
#include "core/bundle/unfinished_exports.h"
#include "core/vault/vault.h"

namespace fieldvault::core::bundle {

// Points of an export where a test can inject a failure (or act on the
// file, e.g. damage it): once the temporary file is flushed, before the
// last of it is read back (a bundle under 16 MiB is then not read back
// yet); before the register row is committed; before the rename.
enum class ExportStep { kReadBack, kCommit, kRename };

struct ExportRequest {
  std::string target;  // a directory (random file name) or a new file path
  std::vector<std::string> recipient_labels;  // empty: every recipient
  bool all = false;    // false: what changed since the last export to the
                       // same recipients (everything the first time)
  // Not empty: only these incidents (full UUIDs) and the records linked to
  // them (export_scope.h), whatever was sent before; the scope is
  // "incidents" and the bundle does not count as a previous export for a
  // later --since-last. Not together with `all`.
  std::vector<std::string> incident_ids;
  std::string profile = "hq";
  bool armor = false;
  // After a restored backup: continue the chain HQ holds instead of this
  // vault's own. The bundle then takes the number after the higher of
  // `sequence` and this vault's last, names `manifest_blake2b` (hex, as
  // HQ read it out: `signers show`) as its previous manifest, carries
  // everything (unless incident ids are given: HQ did not get what the
  // refused bundles held), and its custody event says so. Bundles after
  // it chain to it as usual. HQ accepts it as next only if that hash is
  // the manifest of the last bundle it imported from this vault.
  struct Continuation {
    uint64_t sequence = 0;
    std::string manifest_blake2b;  // 128 lowercase hex digits
  };
  std::optional<Continuation> continue_after;
  ProgressFn progress;  // may be empty
  // Called once, before anything is written, when earlier exports did not
  // finish or temporary files were found (what was found, and what was
  // done about it). May be empty.
  std::function<void(const ExportWarnings&)> warn;
  // Called at each ExportStep; a non-OK status fails the export there as
  // that step's own error would. Empty outside tests.
  std::function<Status(ExportStep)> fault;
  // When not null: a flag a signal handler may set (Ctrl-C, SIGTERM) to
  // stop the export. It is looked at while the bundle is written and once
  // more before the sent bundle is registered; set by then, the export
  // stops as any failure before the commit does (temporary file removed,
  // vault unchanged, no sequence number used) and returns an error for
  // which IsExportInterrupted holds. Set later, it is ignored: the number
  // is used by then, and the bundle is finished and checked as usual.
  // Must outlive the call.
  const std::atomic<bool>* interrupted = nullptr;
};

struct ExportResult {
  std::string path;            // the bundle's final path
  std::string bundle_id;
  uint64_t sequence = 0;
  std::string bundle_blake2b;  // hex, of the file
  uint64_t bytes = 0;
  std::map<std::string, uint64_t> record_counts;
  std::map<std::string, uint64_t> left_out;
  std::vector<std::string> recipient_labels;
  // The full ids of the first records or attachments left out under each
  // name of left_out (at most ExportProfile::kListedIds each): for the
  // monitor's report only; neither the bundle nor the custody log holds
  // them.
  std::map<std::string, std::vector<std::string>> left_out_ids;
};

// Writes the bundle. kFailedPrecondition when there are no recipients (with
// a hint), kNotFound for an unknown label, kInvalidArgument for a bad
// profile or `all` with incident ids, kNotFound for an unknown incident
// (nothing written, no sequence number used), kFailedPrecondition (with a
// hint) while another export of this vault runs, kAlreadyExists when the
// target file exists, kIoError for the media, kCorruption if the copy read
// back from the medium differs (these two before anything is numbered). An
// error after the commit says which sequence number it used.
Result<ExportResult> ExportBundle(Vault& vault, const ExportRequest& request);

// Whether `status`, returned by ExportBundle, says that the export was
// stopped through ExportRequest::interrupted (nothing kept, nothing used).
bool IsExportInterrupted(const Status& status);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORTER_H_
