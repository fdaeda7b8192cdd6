// A bundle file on its way onto removable media. It is written under a
// temporary name (".fv-<random>.part", 0600) in the directory of its final
// path, flushed (and read back from the medium by the exporter, as it is
// written: medium_read.h), and only then renamed to the final name (never
// replacing a file), after which the directory is flushed. The object owns
// the temporary file: destroyed before the rename succeeded, it closes and
// removes it, so no error path leaves a half-written file behind, and no
// half-written bundle ever carries the final name. A crash (power loss, a
// pulled stick) can still leave a ".part" file; it is never a bundle name
// and holds only age ciphertext (the next export removes it when it can
// prove it is this vault's: unfinished_exports.h).
#ifndef FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_
#define FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/bundle/writeback_sink.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// The final path for a bundle written to `target`: a random name
// ("<24 hex>.fvb") inside it when it is a directory, so the name says
// nothing of the sender or the content; else `target` itself.
// kAlreadyExists (with a hint) when `target` is an existing file.
Result<std::string> ChooseBundlePath(const std::string& target,
                                     crypto::RandomSource& random);

// The directory a bundle written to `target` goes into, where its
// temporary file is made: `target` when it is a directory, else the
// directory of `target` ("." when it names none).
std::string BundleDirectory(const std::string& target);

// Whether `name` (a file name, not a path) has the form BundleFile gives
// its temporary files: ".fv-" + 16 lowercase hex digits + ".part".
bool IsTemporaryBundleName(std::string_view name);

class BundleFile {
 public:
  // Creates the temporary file next to `final_path` (exclusively, 0600).
  // kIoError (with a hint about the medium; kMediumFull when it is full)
  // when it cannot.
  static Result<BundleFile> Create(std::string final_path,
                                   crypto::RandomSource& random);

  BundleFile(BundleFile&& other) noexcept;
  BundleFile& operator=(BundleFile&&) = delete;
  BundleFile(const BundleFile&) = delete;
  ~BundleFile();  // removes the temporary file unless renamed

  // The open temporary file, for writing. Owned by this object.
  int fd() const { return fd_; }
  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  // fsync of the file. kIoError.
  Status Flush();
  // Closes the file and renames it to its final name without replacing
  // anything; on success this object no longer removes it. kIoError.
  Status Rename();
  // fsync of the directory, so the new name survives a power loss.
  Status FlushDirectory();
  // Removes the file under its final name (after a failed directory flush).
  void RemoveFinal() const;

 private:
  BundleFile(int fd, std::string temp_path, std::string final_path)
      : fd_(fd), temp_path_(std::move(temp_path)),
        final_path_(std::move(final_path)) {}

  int fd_ = -1;
  std::string temp_path_;   // "" once renamed (nothing left to remove)
  std::string final_path_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_BUNDLE_FILE_H_
