#include "core/bundle/bundle_reader.h"

#include <array>
#include <map>

#include "core/bundle/b2sums.h"
#include "core/bundle/bundle_format.h"
#include "crypto/background_hashing_sink.h"
#include "crypto/blake2b.h"

namespace fieldvault::core::bundle {
namespace {

std::span<uint8_t> MutableBytes(std::string& text) {
  return {reinterpret_cast<uint8_t*>(text.data()), text.size()};
}

Status Mismatch(const std::string& path) {
  return Status::Corruption("file '" + path +
                            "' does not match the manifest (altered or "
                            "damaged)");
}

// Streams one member, hashing it on a second thread while the consumer
// stores it; reports a mismatch in place of the end.
class VerifyingSource final : public crypto::ByteSource {
 public:
  VerifyingSource(crypto::ByteSource& member, const ManifestFile& expected)
      : member_(member), expected_(expected), hasher_(nullptr) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    if (done_) return size_t{0};
    FV_ASSIGN_OR_RETURN(size_t n, member_.Read(out));
    if (n > expected_.size - count_) return Mismatch(expected_.path);
    if (n == 0) {
      // The digest can be taken once: a mismatch stays a mismatch.
      if (failed_ || count_ != expected_.size ||
          hasher_.Finish() != expected_.blake2b) {
        failed_ = true;
        return Mismatch(expected_.path);
      }
      done_ = true;
      return size_t{0};
    }
    FV_RETURN_IF_ERROR(hasher_.Write(out.first(n)));
    count_ += n;
    return n;
  }
  // Reads and checks whatever the consumer left unread.
  Status Drain() {
    std::array<uint8_t, 64 * 1024> buffer;
    while (true) {
      FV_ASSIGN_OR_RETURN(size_t n, Read(buffer));
      if (n == 0) return Status::Ok();
    }
  }

 private:
  crypto::ByteSource& member_;
  const ManifestFile& expected_;
  crypto::BackgroundHashingSink hasher_;
  uint64_t count_ = 0;
  bool done_ = false;
  bool failed_ = false;
};

// Consumes B2SUMS: it must be exactly what the manifest implies, so that
// `b2sum -c` run by hand checks the same hashes fieldvault checked.
Status CheckB2Sums(const Manifest& manifest, crypto::ByteSource& content) {
  const std::string expected = FormatB2Sums(manifest.files);
  std::string text(expected.size() + 1, '\0');
  FV_ASSIGN_OR_RETURN(size_t n, crypto::ReadFull(content, MutableBytes(text)));
  if (n != expected.size() || text.compare(0, n, expected) != 0) {
    return Status::Corruption("B2SUMS does not match the manifest");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<BundleReader>> BundleReader::Open(
    crypto::ByteSource& plaintext) {
  FV_ASSIGN_OR_RETURN(auto tar, TarReader::Open(plaintext));
  std::unique_ptr<BundleReader> reader(new BundleReader(std::move(tar)));
  FV_RETURN_IF_ERROR(reader->ReadSmallMember(kManifestPath, kMaxManifestBytes,
                                             reader->manifest_bytes_));
  FV_RETURN_IF_ERROR(reader->ReadSmallMember(kSignaturePath, kMaxSignatureBytes,
                                             reader->signature_text_));
  return reader;
}

Status BundleReader::ReadSmallMember(std::string_view path, uint64_t limit,
                                     std::string& out) {
  FV_ASSIGN_OR_RETURN(auto member, tar_->Next());
  if (!member || member->path != path) {
    return Status::Corruption("the bundle does not start with manifest.json "
                              "and its signature")
        .WithHint("this is not a fieldvault bundle, or it was altered");
  }
  if (member->size > limit) {
    return Status::Corruption(std::string(path) + " is too large");
  }
  out.resize(member->size);
  FV_ASSIGN_OR_RETURN(size_t n, crypto::ReadFull(*tar_, MutableBytes(out)));
  if (n != out.size()) return Status::Corruption("bundle: truncated");
  return Status::Ok();
}

Status BundleReader::ReadPayload(const Manifest& manifest,
                                 const PayloadConsumer& consume) {
  std::map<std::string, const ManifestFile*> pending;
  for (const ManifestFile& file : manifest.files) pending[file.path] = &file;
  while (true) {
    FV_ASSIGN_OR_RETURN(auto member, tar_->Next());
    if (!member) break;
    auto it = pending.find(member->path);
    if (it == pending.end()) {
      // Duplicates were refused by the tar reader, so this name is unlisted.
      return Status::Corruption("the bundle holds a file its manifest does "
                                "not list: '" + member->path + "'");
    }
    const ManifestFile& expected = *it->second;
    pending.erase(it);
    if (member->size != expected.size) return Mismatch(expected.path);
    VerifyingSource content(*tar_, expected);
    if (expected.path == kB2SumsPath) {
      FV_RETURN_IF_ERROR(CheckB2Sums(manifest, content));
    } else {
      FV_RETURN_IF_ERROR(consume(expected, content));
    }
    FV_RETURN_IF_ERROR(content.Drain());
  }
  if (!pending.empty()) {
    return Status::Corruption("file '" + pending.begin()->first +
                              "' listed in the manifest is missing from the "
                              "bundle (truncated?)");
  }
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
