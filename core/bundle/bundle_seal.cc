#include "core/bundle/bundle_seal.h"

#include <algorithm>
#include <optional>
#include <string>

#include "core/bundle/bundle_format.h"
#include "crypto/age_format.h"

namespace fieldvault::core::bundle {
namespace {

// Remembers whether the file has been read to its end, its length and its
// first bytes (the age header), to tell a truncated bundle from an altered
// one when the last part read fails authentication.
class EndTrackingSource final : public crypto::ByteSource {
 public:
  explicit EndTrackingSource(crypto::ByteSource& in) : in_(in) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    FV_ASSIGN_OR_RETURN(size_t n, in_.Read(out));
    if (n == 0 && !out.empty()) at_end_ = true;
    const size_t keep = std::min(n, kKeptHeadBytes - std::min(kKeptHeadBytes, head_.size()));
    head_.append(reinterpret_cast<const char*>(out.data()), keep);
    total_ += n;
    return n;
  }
  bool at_end() const { return at_end_; }
  // Once at_end(): whether the file is as long as a whole bundle can be,
  // i.e. its age payload decrypts to whole tar records. nullopt when that
  // cannot be told (an armored file, a header not among the first bytes).
  // A cut at a random place leaves a whole length once in 10240 cuts.
  std::optional<bool> WholeLength() const;

 private:
  static constexpr size_t kKeptHeadBytes = 64 * 1024;
  crypto::ByteSource& in_;
  bool at_end_ = false;
  uint64_t total_ = 0;
  std::string head_;
};

std::optional<bool> EndTrackingSource::WholeLength() const {
  using namespace crypto;
  if (!head_.starts_with(kAgeIntro)) return std::nullopt;  // armored, or not age
  std::string mac_line = "\n";
  mac_line.append(kAgeMacPrefix).append(" ");
  const size_t mac = head_.find(mac_line);
  const size_t end = mac == std::string::npos ? mac : head_.find('\n', mac + 1);
  if (end == std::string::npos) return std::nullopt;
  const uint64_t header = end + 1;
  if (total_ < header + kAgePayloadNonceBytes) return false;
  const uint64_t body = total_ - header - kAgePayloadNonceBytes;
  const uint64_t chunk = kAgeChunkBytes + kAgeTagBytes;
  const uint64_t rest = body % chunk;
  if (rest != 0 && rest < kAgeTagBytes) return false;
  const uint64_t plaintext =
      body / chunk * kAgeChunkBytes + (rest == 0 ? 0 : rest - kAgeTagBytes);
  return plaintext != 0 && plaintext % kTarRecordBytes == 0;
}

constexpr std::string_view kUntrustedComment = "fieldvault bundle signature";

}  // namespace

std::string TrustedComment(const Manifest& manifest) {
  return "fieldvault-bundle v1 id=" + manifest.bundle_id +
         " sequence=" + std::to_string(manifest.sequence);
}

Result<SealedBundle> SealBundle(const SealInput& input, crypto::ByteSink& out,
                                crypto::RandomSource& random) {
  if (input.signing_key == nullptr) {
    return Status::InvalidArgument("bundle: no signing key");
  }
  std::vector<std::string> recipients;
  for (const auto& recipient : input.recipients) {
    recipients.push_back(recipient.ToString());
  }
  if (recipients.empty() || recipients != input.manifest.recipients) {
    return Status::InvalidArgument("bundle: recipients do not match the manifest");
  }
  FV_ASSIGN_OR_RETURN(PayloadDigest digest, DigestPayload(input.payload));
  SealedBundle sealed{input.manifest, ""};
  sealed.manifest.files = digest.files;
  if (input.complete_manifest) input.complete_manifest(sealed.manifest);
  sealed.manifest_json = SerializeManifest(sealed.manifest);
  crypto::MemorySource manifest_source(crypto::AsBytes(sealed.manifest_json));
  FV_ASSIGN_OR_RETURN(
      std::string signature,
      crypto::SignPrehashed(*input.signing_key, manifest_source,
                            TrustedComment(sealed.manifest), kUntrustedComment));
  FV_ASSIGN_OR_RETURN(auto encryptor,
                      crypto::AgeEncryptor::Create(input.recipients, out,
                                                   input.armor, random));
  // Two stages on two cores, as `tar | age` in two processes: reading the
  // vault and making the tar here, encrypting and writing on the pipe's
  // thread.
  crypto::PipeSink pipe(*encryptor);
  FV_RETURN_IF_ERROR(WriteBundleTar(pipe, sealed.manifest_json, signature,
                                    digest, input.payload, input.progress));
  FV_RETURN_IF_ERROR(pipe.Finish());
  FV_RETURN_IF_ERROR(encryptor->Finish());
  return sealed;
}

Result<std::unique_ptr<BundleOpener>> BundleOpener::Open(
    crypto::ByteSource& in, std::span<const crypto::AgeIdentity> identities) {
  std::unique_ptr<BundleOpener> opener(new BundleOpener());
  opener->counting_ = std::make_unique<EndTrackingSource>(in);
  auto decryptor = crypto::AgeDecryptor::Open(*opener->counting_, identities);
  if (!decryptor.ok()) return opener->Explain(decryptor.status());
  opener->decryptor_ = std::move(decryptor).value();
  opener->prefetch_ = std::make_unique<crypto::PrefetchSource>(*opener->decryptor_);
  auto reader = BundleReader::Open(*opener->prefetch_);
  if (!reader.ok()) return opener->Explain(reader.status());
  opener->reader_ = std::move(reader).value();
  auto signature = crypto::ParseSignatureFile(opener->reader_->signature_text());
  if (!signature.ok()) {
    return Status::Corruption("the manifest's signature file is malformed (" +
                              signature.status().message() + ")");
  }
  opener->signature_ = std::move(signature).value();
  FV_ASSIGN_OR_RETURN(opener->manifest_,
                      ParseManifest(opener->reader_->manifest_bytes()));
  auto claimed = crypto::MinisignPublicKey::ParseBase64(
      opener->manifest_.sender.minisign_public_key);
  if (!claimed.ok() || claimed->key_id() != opener->signature_.key_id) {
    return Status::Corruption(
        "the manifest's sender key does not match its signature");
  }
  opener->claimed_ = std::move(claimed).value();
  return opener;
}

// What the sender can do about a damaged bundle. fieldvault keeps no copy
// of a bundle it wrote (it goes to the stick, the stick with the courier)
// and never writes one twice, so "send a new copy" is not possible: the
// sender exports everything again, and this bundle's number stays missing.
constexpr std::string_view kResendHint =
    "ask the sender to export again with `fieldvault export --all` (this "
    "bundle's sequence number will stay missing)";

Status BundleOpener::Explain(const Status& status) const {
  const std::string& message = status.message();
  if (message.find(crypto::kAgeErrorNoMatch) != std::string::npos) {
    return Status::AuthFailed(std::string(kNotEncryptedToUs))
        .WithHint("it was made for another recipient; ask the sender to export "
                  "to your key (`fieldvault id show` prints it)");
  }
  if (message.find(crypto::kAgeErrorPayload) != std::string::npos) {
    // A payload error comes from the decryptor through the prefetch
    // thread, which has stopped reading by the time it is handed on: the
    // flag is settled.
    const auto* file = static_cast<EndTrackingSource*>(counting_.get());
    // The last part failed: cut short, unless the file has a whole
    // bundle's length (then a byte of it was changed, as in the middle).
    const std::optional<bool> whole =
        file->at_end() ? file->WholeLength() : std::optional<bool>(true);
    if (!whole) {
      return Status::Corruption("the bundle is truncated (cut short) or its "
                                "end was altered")
          .WithHint("copy it again from the USB stick if it is still there; "
                    "otherwise " + std::string(kResendHint));
    }
    if (!*whole) {
      return Status::Corruption("the bundle is truncated (cut short): the file "
                                "ends before the bundle does")
          .WithHint("copy it again from the USB stick if it is still there; "
                    "otherwise " + std::string(kResendHint));
    }
    return Status::Corruption("the bundle was altered or damaged: part of it "
                              "fails authentication")
        .WithHint("do not use it; compare its BLAKE2b with the one the sender "
                  "printed. If only this copy was damaged, copy it again from "
                  "the stick; otherwise " + std::string(kResendHint));
  }
  if (message.find(crypto::kAgeErrorHeader) != std::string::npos) {
    return Status::Corruption("the bundle's header was altered or damaged")
        .WithHint("copy it again from the USB stick if it is still there; "
                  "otherwise " + std::string(kResendHint));
  }
  if (message.find(crypto::kAgeErrorNotAgeFile) != std::string::npos &&
      status.hint().empty()) {
    return status.WithContext("bundle").WithHint(
        "check that this is the .fvb file from the stick, and copy it again if "
        "it is still there; otherwise " + std::string(kResendHint));
  }
  return status.WithContext("bundle");
}

Status BundleOpener::VerifySignature(const crypto::MinisignPublicKey& key) const {
  crypto::MemorySource manifest(crypto::AsBytes(reader_->manifest_bytes()));
  Status verified = crypto::VerifySignature(key, manifest, signature_);
  if (!verified.ok()) {
    return Status::AuthFailed("the manifest's signature is not valid for the "
                              "sender's key (forged or altered manifest)");
  }
  if (signature_.trusted_comment != TrustedComment(manifest_)) {
    return Status::AuthFailed("the signature does not name this bundle (its "
                              "trusted comment differs)");
  }
  return Status::Ok();
}

Status BundleOpener::ReadPayload(const PayloadConsumer& consume) {
  Status status = reader_->ReadPayload(manifest_, consume);
  if (status.ok()) {
    // The tar reader read the decrypted stream to its end, and a clean end
    // there is only given after the age stream's final chunk checked out.
    std::array<uint8_t, 1> probe;
    auto n = prefetch_->Read(probe);
    if (!n.ok()) status = n.status();
    else if (*n != 0) status = Status::Corruption("bundle: data after the tar");
  }
  stream_failed_ = status.message().find(crypto::kAgeErrorPayload) != std::string::npos;
  return status.ok() ? status : Explain(status);
}

}  // namespace fieldvault::core::bundle
