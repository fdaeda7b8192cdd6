// TarReader: reads a tar stream from a ByteSource member by member, with
// the strict checks a bundle reader needs, and streams each member's bytes.
//
// Built on libarchive (tar formats only: ustar, pax, GNU; no compression,
// no other archive formats). Refused, each with kCorruption and a message
// naming the member: a path CheckMemberPath refuses (absolute, "..", odd
// bytes), any member that is not a regular file (directories, hard or
// symbolic links, devices, FIFOs), sparse members, a name seen twice,
// header blocks over kMaxHeaderBytes, more than kMaxMembers members, and
// anything but zero bytes after the end-of-archive marker. A stream that
// stops early is kCorruption ("truncated"), and so is a member whose bytes
// are fewer or more than its declared size. Memory stays at libarchive's
// read-ahead plus one 64 KiB buffer whatever the members' sizes; only the
// set of names seen grows, bounded by kMaxMembers.
#ifndef FIELDVAULT_CORE_BUNDLE_TAR_READER_H_
#define FIELDVAULT_CORE_BUNDLE_TAR_READER_H_

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_set>

#include "crypto/byte_stream.h"
#include "crypto/status.h"

struct archive;
struct archive_entry;

namespace fieldvault::core::bundle {

struct TarMember {
  std::string path;  // already checked by CheckMemberPath
  uint64_t size = 0;
};

class TarReader final : public crypto::ByteSource {
 public:
  // Reads from `in`, which must outlive the reader. kIoError if libarchive
  // cannot be set up; nothing is read yet.
  static Result<std::unique_ptr<TarReader>> Open(crypto::ByteSource& in);
  ~TarReader() override;
  TarReader(const TarReader&) = delete;
  TarReader& operator=(const TarReader&) = delete;

  // Skips what is left of the current member and returns the next one, or
  // nullopt at a clean end of the archive (after which the source has been
  // read to its end and found to hold only zero bytes). kCorruption for
  // everything listed above; the source's own error if reading fails.
  Result<std::optional<TarMember>> Next();

  // Reads the current member's bytes; 0 at its end, after exactly the
  // member's declared size. kFailedPrecondition when no member is current;
  // kCorruption if the stream ends inside it or the member's data does not
  // match its declared size.
  Result<size_t> Read(std::span<uint8_t> out) override;

 private:
  explicit TarReader(crypto::ByteSource& in) : in_(in) {}
  static ssize_t ReadCallback(struct archive*, void* self,
                             const void** buffer);
  Status LibarchiveError(std::string_view what);
  Status CheckEntry(::archive_entry* entry, TarMember& member);
  Status CheckTrailer();

  crypto::ByteSource& in_;
  struct archive* archive_ = nullptr;
  std::array<uint8_t, 64 * 1024> buffer_{};
  Status source_status_;      // the source's own error, if any
  uint64_t fed_ = 0;          // bytes handed to libarchive so far
  uint64_t last_nonzero_ = 0; // 1 + offset of the last non-zero byte fed
  uint64_t members_ = 0;
  std::string member_path_;    // the current member's, for messages
  uint64_t member_size_ = 0;   // its declared size
  uint64_t member_read_ = 0;   // bytes of it delivered so far
  std::unordered_set<std::string> seen_;
  bool member_current_ = false;
  bool at_end_ = false;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_TAR_READER_H_
