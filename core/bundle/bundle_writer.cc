#include "core/bundle/bundle_writer.h"

#include <optional>
#include <set>

#include "core/bundle/b2sums.h"
#include "core/bundle/bundle_format.h"
#include "core/bundle/tar_writer.h"
#include "crypto/background_hashing_sink.h"
#include "crypto/blake2b.h"

namespace fieldvault::core::bundle {
namespace {

Status Changed(const std::string& path) {
  return Status::FailedPrecondition("bundle: '" + path +
                                    "' changed while the bundle was written")
      .WithHint("run the export again");
}

Status Damaged(const std::string& path) {
  return Status::Corruption("bundle: '" + path + "' does not have the size "
                            "recorded for it: the vault is damaged")
      .WithHint("run `fieldvault check --attachments` to list every damaged "
                "attachment, and restore the vault from a backup");
}

// Forwards one payload file to the tar, counting it, refusing bytes beyond
// its digested size, and reports progress. A file digested in the first
// pass is hashed again (on a second thread while this one reads, tars and
// encrypts) to prove the second pass gave the same bytes; one whose size
// and hash the source knew (`known`) is only counted: the store vouches
// for its content (PayloadFile::known).
class CheckingSink final : public crypto::ByteSink {
 public:
  CheckingSink(crypto::ByteSink& next, const ManifestFile& expected, bool known,
               uint64_t& done, uint64_t total, const ProgressFn& progress)
      : next_(next), expected_(expected), known_(known), done_(done),
        total_(total), progress_(progress) {
    if (!known) hashing_.emplace(&next);
  }
  Status Write(std::span<const uint8_t> bytes) override {
    if (bytes.size() > expected_.size - written_) return Wrong();
    FV_RETURN_IF_ERROR(hashing_ ? hashing_->Write(bytes) : next_.Write(bytes));
    written_ += bytes.size();
    done_ += bytes.size();
    if (progress_) progress_(done_, total_);
    return Status::Ok();
  }
  // Once the file was written: whether it was what the digest says.
  Status Check() {
    if (written_ != expected_.size) return Wrong();
    if (hashing_ && hashing_->Finish() != expected_.blake2b) return Wrong();
    return Status::Ok();
  }

 private:
  // Other bytes than in the first pass: the source changed; another size
  // than the store recorded: the stored content is damaged.
  Status Wrong() const {
    return known_ ? Damaged(expected_.path) : Changed(expected_.path);
  }

  crypto::ByteSink& next_;
  const ManifestFile& expected_;
  bool known_;
  uint64_t written_ = 0;
  uint64_t& done_;
  uint64_t total_;
  const ProgressFn& progress_;
  std::optional<crypto::BackgroundHashingSink> hashing_;
};

Status CheckPayloadPath(const std::string& path, std::set<std::string>& seen) {
  Status ok = CheckMemberPath(path);
  if (!ok.ok()) return Status::InvalidArgument(ok.message());
  if (!IsPayloadPath(path)) {
    return Status::InvalidArgument("bundle: '" + path + "' is a reserved name");
  }
  if (!seen.insert(path).second) {
    return Status::InvalidArgument("bundle: '" + path + "' appears twice");
  }
  return Status::Ok();
}

}  // namespace

Result<PayloadDigest> DigestPayload(std::span<const PayloadFile> payload) {
  PayloadDigest digest;
  std::set<std::string> seen;
  std::vector<ManifestFile> payload_files;
  for (const PayloadFile& file : payload) {
    FV_RETURN_IF_ERROR(CheckPayloadPath(file.path, seen));
    if (file.known) {
      payload_files.push_back({file.path, file.known->size, file.known->blake2b});
      digest.total_bytes += file.known->size;
      continue;
    }
    // Hashed on a second thread while this one reads the vault.
    crypto::BackgroundHashingSink hashing(nullptr);
    FV_RETURN_IF_ERROR_CTX(file.write(hashing), "bundle: " + file.path);
    payload_files.push_back(
        {file.path, hashing.bytes_written(), hashing.Finish()});
    digest.total_bytes += hashing.bytes_written();
  }
  digest.b2sums = FormatB2Sums(payload_files);
  digest.files.push_back({std::string(kB2SumsPath), digest.b2sums.size(),
                          crypto::HashBlake2b512(crypto::AsBytes(digest.b2sums))});
  digest.total_bytes += digest.b2sums.size();
  digest.files.insert(digest.files.end(), payload_files.begin(),
                      payload_files.end());
  return digest;
}

Status WriteBundleTar(crypto::ByteSink& out, std::string_view manifest_json,
                      std::string_view signature_text,
                      const PayloadDigest& digest,
                      std::span<const PayloadFile> payload,
                      const ProgressFn& progress) {
  if (digest.files.size() != payload.size() + 1) {
    return Status::InvalidArgument("bundle: digest does not fit the payload");
  }
  FV_ASSIGN_OR_RETURN(auto tar, TarWriter::Create(out));
  FV_RETURN_IF_ERROR(tar->AddMember(kManifestPath, crypto::AsBytes(manifest_json)));
  FV_RETURN_IF_ERROR(
      tar->AddMember(kSignaturePath, crypto::AsBytes(signature_text)));
  FV_RETURN_IF_ERROR(tar->AddMember(kB2SumsPath, crypto::AsBytes(digest.b2sums)));
  uint64_t done = digest.b2sums.size();
  for (size_t i = 0; i < payload.size(); ++i) {
    const ManifestFile& expected = digest.files[i + 1];
    if (expected.path != payload[i].path) {
      return Status::InvalidArgument("bundle: digest does not fit the payload");
    }
    FV_RETURN_IF_ERROR(tar->BeginMember(expected.path, expected.size));
    CheckingSink sink(*tar, expected, payload[i].known.has_value(), done,
                      digest.total_bytes, progress);
    FV_RETURN_IF_ERROR(payload[i].write(sink));
    FV_RETURN_IF_ERROR(sink.Check());
  }
  return tar->Finish();
}

}  // namespace fieldvault::core::bundle
