#include "core/bundle/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <string>

#include "core/bundle/bundle_format.h"

namespace fieldvault::core::bundle {

Result<std::unique_ptr<TarReader>> TarReader::Open(crypto::ByteSource& in) {
  std::unique_ptr<TarReader> reader(new TarReader(in));
  reader->archive_ = archive_read_new();
  if (reader->archive_ == nullptr) return Status::IoError("tar: out of memory");
  // Tar formats only and no decompression filters: a bundle's plaintext is
  // a bare tar stream, and every extra parser is extra attack surface.
  if (archive_read_support_format_tar(reader->archive_) != ARCHIVE_OK) {
    return reader->LibarchiveError("tar: set format");
  }
  if (archive_read_open(reader->archive_, reader.get(), nullptr,
                        &TarReader::ReadCallback, nullptr) != ARCHIVE_OK) {
    return reader->LibarchiveError("tar: open");
  }
  return reader;
}

TarReader::~TarReader() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

ssize_t TarReader::ReadCallback(struct archive*, void* self,
                                const void** buffer) {
  auto* reader = static_cast<TarReader*>(self);
  Result<size_t> n = reader->in_.Read(reader->buffer_);
  if (!n.ok()) {
    reader->source_status_ = n.status();
    return -1;
  }
  // Remember where the last non-zero byte was, so that after the
  // end-of-archive marker we can insist on nothing but zero padding.
  for (size_t i = *n; i > 0; --i) {
    if (reader->buffer_[i - 1] != 0) {
      reader->last_nonzero_ = reader->fed_ + i;
      break;
    }
  }
  reader->fed_ += *n;
  *buffer = reader->buffer_.data();
  return static_cast<ssize_t>(*n);
}

Status TarReader::LibarchiveError(std::string_view what) {
  if (!source_status_.ok()) return source_status_;
  const char* message = archive_error_string(archive_);
  return Status::Corruption(
      std::string(what) + ": the tar stream is damaged or truncated (" +
      PrintableForMessage(message != nullptr ? message : "unknown error") +
      ")");
}

Status TarReader::CheckEntry(::archive_entry* entry, TarMember& member) {
  const char* raw_path = archive_entry_pathname(entry);
  member.path = raw_path != nullptr ? raw_path : "";
  FV_RETURN_IF_ERROR(CheckMemberPath(member.path));
  const std::string shown = "'" + member.path + "'";
  uint64_t header_bytes = static_cast<uint64_t>(archive_filter_bytes(archive_, 0)) -
                          static_cast<uint64_t>(archive_read_header_position(archive_));
  if (header_bytes > kMaxHeaderBytes) {
    return Status::Corruption("tar member " + shown + " has oversized headers");
  }
  if (archive_entry_hardlink(entry) != nullptr ||
      archive_entry_symlink(entry) != nullptr) {
    return Status::Corruption("tar member " + shown + " is a link");
  }
  if (archive_entry_filetype(entry) != AE_IFREG) {
    return Status::Corruption("tar member " + shown +
                              " is not a regular file");
  }
  if (archive_entry_sparse_count(entry) != 0) {
    return Status::Corruption("tar member " + shown + " is a sparse file");
  }
  if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0 ||
      static_cast<uint64_t>(archive_entry_size(entry)) > kMaxMemberBytes) {
    return Status::Corruption("tar member " + shown + " has a bad size");
  }
  member.size = static_cast<uint64_t>(archive_entry_size(entry));
  if (++members_ > kMaxMembers) {
    return Status::Corruption("the tar stream has too many members");
  }
  if (!seen_.insert(member.path).second) {
    return Status::Corruption("tar member " + shown + " appears twice");
  }
  return Status::Ok();
}

Status TarReader::CheckTrailer() {
  // Read the source to its end: a forger could otherwise hide bytes after
  // the end-of-archive marker that other tar readers might still unpack.
  while (true) {
    const void* ignored = nullptr;
    ssize_t n = ReadCallback(archive_, this, &ignored);
    if (n < 0) return source_status_;
    if (n == 0) break;
  }
  // libarchive also ends quietly at a stream that stops between members;
  // a bundle must end with the two zero blocks POSIX requires.
  const uint64_t end = static_cast<uint64_t>(
      archive_read_header_position(archive_));
  if (fed_ < end + 1024) {
    return Status::Corruption("the tar stream is truncated (no end marker)");
  }
  if (last_nonzero_ > end) {
    return Status::Corruption(
        "the tar stream has data after its end-of-archive marker");
  }
  return Status::Ok();
}

Result<std::optional<TarMember>> TarReader::Next() {
  if (at_end_) return std::optional<TarMember>();
  member_current_ = false;
  struct archive_entry* entry = nullptr;
  int r = archive_read_next_header(archive_, &entry);
  if (r == ARCHIVE_EOF) {
    FV_RETURN_IF_ERROR(CheckTrailer());
    at_end_ = true;
    return std::optional<TarMember>();
  }
  // Warnings too are refused: our writer never causes one.
  if (r != ARCHIVE_OK) return LibarchiveError("tar: read header");
  TarMember member;
  FV_RETURN_IF_ERROR(CheckEntry(entry, member));
  member_current_ = true;
  member_path_ = member.path;
  member_size_ = member.size;
  member_read_ = 0;
  return std::optional<TarMember>(std::move(member));
}

Result<size_t> TarReader::Read(std::span<uint8_t> out) {
  if (!member_current_) {
    return Status::FailedPrecondition("tar: no member is being read");
  }
  if (out.empty()) return size_t{0};
  la_ssize_t n = archive_read_data(archive_, out.data(), out.size());
  if (n < 0) return LibarchiveError("tar: read member");
  // libarchive's size is not always what it delivers: a GNU sparse header
  // whose map holds only empty runs reports its "real size" and passes the
  // sparse check (no runs), yet yields no data. Callers size buffers and
  // check manifests by the declared size, so the two must agree.
  member_read_ += static_cast<uint64_t>(n);
  if (member_read_ > member_size_ || (n == 0 && member_read_ < member_size_)) {
    return Status::Corruption("tar member '" + member_path_ +
                              "' does not hold its declared size");
  }
  return static_cast<size_t>(n);
}

}  // namespace fieldvault::core::bundle
