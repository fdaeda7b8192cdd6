#include "core/bundle/tar_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <string>

#include "core/bundle/bundle_format.h"

namespace fieldvault::core::bundle {
namespace {

// Frees an archive_entry when it goes out of scope.
struct EntryDeleter {
  void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

}  // namespace

Result<std::unique_ptr<TarWriter>> TarWriter::Create(crypto::ByteSink& out) {
  std::unique_ptr<TarWriter> writer(new TarWriter(out));
  writer->archive_ = archive_write_new();
  if (writer->archive_ == nullptr) {
    return Status::IoError("tar: out of memory");
  }
  // "pax restricted" writes plain ustar headers and adds a pax extended
  // header only for a member ustar cannot describe, which our short names
  // and fixed metadata never need except for members over 8 GiB.
  if (archive_write_set_format_pax_restricted(writer->archive_) != ARCHIVE_OK ||
      archive_write_add_filter_none(writer->archive_) != ARCHIVE_OK) {
    return writer->LibarchiveError("tar: set format");
  }
  if (archive_write_open2(writer->archive_, writer.get(), nullptr,
                          &TarWriter::WriteCallback, nullptr,
                          nullptr) != ARCHIVE_OK) {
    return writer->LibarchiveError("tar: open");
  }
  return writer;
}

TarWriter::~TarWriter() {
  if (archive_ != nullptr) archive_write_free(archive_);
}

ssize_t TarWriter::WriteCallback(struct archive*, void* self,
                                 const void* buffer, size_t length) {
  auto* writer = static_cast<TarWriter*>(self);
  Status status = writer->out_.Write(
      std::span(static_cast<const uint8_t*>(buffer), length));
  if (!status.ok()) {
    writer->sink_status_ = status;
    return -1;
  }
  return static_cast<ssize_t>(length);
}

Status TarWriter::LibarchiveError(std::string_view what) {
  // A failing sink makes libarchive report a generic error; the sink's own
  // message (disk full, USB stick removed) is the one worth showing.
  if (!sink_status_.ok()) return sink_status_;
  const char* message = archive_error_string(archive_);
  return Status::IoError(std::string(what) + ": " +
                         (message != nullptr ? message : "unknown error"));
}

Status TarWriter::BeginMember(std::string_view path, uint64_t size) {
  if (finished_) return Status::InvalidArgument("tar: already finished");
  if (member_open_ && remaining_ != 0) {
    return Status::InvalidArgument("tar: previous member is incomplete");
  }
  Status path_ok = CheckMemberPath(path);
  if (!path_ok.ok()) return Status::InvalidArgument(path_ok.message());
  if (size > kMaxMemberBytes) {
    return Status::InvalidArgument("tar: member too large");
  }
  std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
  if (!entry) return Status::IoError("tar: out of memory");
  archive_entry_copy_pathname(entry.get(), std::string(path).c_str());
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), kTarMode);
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
  archive_entry_set_mtime(entry.get(), kTarMtime, 0);
  archive_entry_set_uid(entry.get(), kTarUid);
  archive_entry_set_gid(entry.get(), kTarGid);
  if (archive_write_header(archive_, entry.get()) != ARCHIVE_OK) {
    return LibarchiveError("tar: write header");
  }
  member_open_ = true;
  remaining_ = size;
  return Status::Ok();
}

Status TarWriter::Write(std::span<const uint8_t> bytes) {
  if (!member_open_) return Status::InvalidArgument("tar: no member open");
  if (bytes.size() > remaining_) {
    return Status::InvalidArgument("tar: member longer than declared");
  }
  while (!bytes.empty()) {
    la_ssize_t n = archive_write_data(archive_, bytes.data(), bytes.size());
    if (n <= 0) return LibarchiveError("tar: write data");
    bytes = bytes.subspan(static_cast<size_t>(n));
    remaining_ -= static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status TarWriter::AddMember(std::string_view path,
                            std::span<const uint8_t> bytes) {
  FV_RETURN_IF_ERROR(BeginMember(path, bytes.size()));
  return Write(bytes);
}

Status TarWriter::Finish() {
  if (finished_) return Status::InvalidArgument("tar: already finished");
  if (member_open_ && remaining_ != 0) {
    return Status::InvalidArgument("tar: last member is incomplete");
  }
  finished_ = true;
  if (archive_write_close(archive_) != ARCHIVE_OK) {
    return LibarchiveError("tar: finish");
  }
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
