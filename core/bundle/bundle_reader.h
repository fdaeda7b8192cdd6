// The tar layer of reading a bundle: the manifest and its signature first,
// then every other file streamed and checked against the manifest as it
// is read, so nothing is trusted that the (signed) manifest does not list.
//
// Order of use: Open (reads manifest.json and manifest.json.minisig, which
// must be the first two members, into memory, bounded); the caller checks
// the signature over manifest_bytes() and parses the manifest; then
// ReadPayload streams the rest. Checks and their kCorruption messages:
// a member the manifest does not list ("does not list"), a member whose
// size or BLAKE2b-512 differs ("does not match the manifest"), a listed
// file that never comes ("is missing"), B2SUMS text other than the one the
// manifest implies, plus every check of TarReader (unsafe paths, links,
// devices, duplicates, truncation). Memory does not grow with the bundle.
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_READER_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_READER_H_

#include <functional>
#include <memory>
#include <string>

#include "core/bundle/manifest.h"
#include "core/bundle/tar_reader.h"
#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// Receives one payload file (never B2SUMS) and its content. The content
// source returns kCorruption instead of its end if the bytes do not match
// the manifest, so a consumer never sees a clean end of a bad file; the
// consumer may stop reading early (the rest is then read and checked).
using PayloadConsumer =
    std::function<Status(const ManifestFile& file, crypto::ByteSource& content)>;

class BundleReader {
 public:
  // Reads the first two members from the tar stream `plaintext` (which
  // must outlive the reader). kCorruption if they are not manifest.json
  // and manifest.json.minisig or exceed their size limits.
  static Result<std::unique_ptr<BundleReader>> Open(crypto::ByteSource& plaintext);

  // The exact bytes received; the signature covers these.
  const std::string& manifest_bytes() const { return manifest_bytes_; }
  const std::string& signature_text() const { return signature_text_; }

  // Streams every remaining member, checking it against `manifest` (parsed
  // from manifest_bytes() after its signature was checked) and handing
  // payload files to `consume`. Returns the first error: the checks above,
  // or the consumer's. Call once.
  Status ReadPayload(const Manifest& manifest, const PayloadConsumer& consume);

 private:
  explicit BundleReader(std::unique_ptr<TarReader> tar) : tar_(std::move(tar)) {}
  Status ReadSmallMember(std::string_view path, uint64_t limit, std::string& out);

  std::unique_ptr<TarReader> tar_;
  std::string manifest_bytes_;
  std::string signature_text_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_READER_H_
