// TarWriter: writes a POSIX tar stream (ustar, with pax extended headers
// only where ustar cannot say something) member by member into a ByteSink.
//
// Built on libarchive with custom write callbacks, so nothing touches the
// disk unless the sink does, and memory stays at libarchive's one block
// (10 KiB) plus the caller's buffers, whatever the members' sizes. Every
// member is a regular file written with the fixed metadata of
// bundle_format.h (mtime, uid/gid 0, no user or group names, mode 0644), so
// the stream reveals nothing of the writer's machine. Names are checked
// with CheckMemberPath: the writer never makes an absolute path, "..", a
// link or a device.
#ifndef FIELDVAULT_CORE_BUNDLE_TAR_WRITER_H_
#define FIELDVAULT_CORE_BUNDLE_TAR_WRITER_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "crypto/byte_stream.h"
#include "crypto/status.h"

struct archive;

namespace fieldvault::core::bundle {

class TarWriter final : public crypto::ByteSink {
 public:
  // Starts a tar stream into `out`, which must outlive the writer. Returns
  // kIoError if libarchive cannot be set up.
  static Result<std::unique_ptr<TarWriter>> Create(crypto::ByteSink& out);
  ~TarWriter() override;
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  // Starts a member named `path` of exactly `size` bytes. The previous
  // member must be complete. kInvalidArgument for a path CheckMemberPath
  // refuses or a member begun before the last one was complete; the
  // sink's error if writing fails.
  Status BeginMember(std::string_view path, uint64_t size);
  // Appends to the current member. kInvalidArgument when no member is open
  // or `bytes` would exceed its declared size.
  Status Write(std::span<const uint8_t> bytes) override;
  // Convenience: BeginMember + Write of a small in-memory member.
  Status AddMember(std::string_view path, std::span<const uint8_t> bytes);
  // Writes the end-of-archive blocks and flushes everything to the sink.
  // kInvalidArgument if the current member is incomplete. The writer must
  // not be used afterwards.
  Status Finish();

 private:
  explicit TarWriter(crypto::ByteSink& out) : out_(out) {}
  Status LibarchiveError(std::string_view what);
  static ssize_t WriteCallback(struct archive*, void* self,
                               const void* buffer, size_t length);

  crypto::ByteSink& out_;
  struct archive* archive_ = nullptr;
  Status sink_status_;  // the sink's own error, kept for a precise message
  uint64_t remaining_ = 0;
  bool member_open_ = false;
  bool finished_ = false;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_TAR_WRITER_H_
