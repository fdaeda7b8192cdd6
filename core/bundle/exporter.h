// `export`: writes a signed, encrypted bundle of this vault's records for
// the chosen recipients onto removable media, safely.
//
// In one vault transaction: picks the recipients from the keyring, the
// next sequence number and the previous manifest's hash, streams the
// payload twice (hash, then write) through the export profile, and writes
// the age file under a temporary name in the target directory; then
// fsyncs it, renames it to a random name that says nothing of the sender
// or the content, fsyncs the directory, reads the file back from disk and
// checks it against what was written (crypto/copy_check.h). Only then are the bundle
// and its custody events ("exported", and "withheld by profile" when the
// profile left something out) committed. On any error the vault is
// unchanged and no file carries a final name.
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORTER_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORTER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/bundle/bundle_writer.h"
#include "core/vault/vault.h"

namespace fieldvault::core::bundle {

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
  ProgressFn progress;  // may be empty
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
};

// Writes the bundle. kFailedPrecondition when there are no recipients (with
// a hint), kNotFound for an unknown label, kInvalidArgument for a bad
// profile or `all` with incident ids, kNotFound for an unknown incident
// (nothing written, no sequence number used), kAlreadyExists when the
// target file exists, kIoError for the media, kCorruption if the read-back
// differs.
Result<ExportResult> ExportBundle(Vault& vault, const ExportRequest& request);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORTER_H_
