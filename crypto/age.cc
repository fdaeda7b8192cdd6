#include "crypto/age.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "crypto/hkdf.h"

namespace fieldvault::crypto {
namespace {

// Serves `prefix` (bytes already read from `rest`) and then `rest`.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::vector<uint8_t> prefix, ByteSource& rest)
      : prefix_(std::move(prefix)), rest_(rest) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    if (offset_ < prefix_.size()) {
      size_t n = std::min(out.size(), prefix_.size() - offset_);
      std::memcpy(out.data(), prefix_.data() + offset_, n);
      offset_ += n;
      if (offset_ == prefix_.size()) std::vector<uint8_t>().swap(prefix_);
      return n;
    }
    return rest_.Read(out);
  }

 private:
  std::vector<uint8_t> prefix_;
  size_t offset_ = 0;
  ByteSource& rest_;
};

// HMAC-SHA-256 under HKDF(file key, "", "header") of the header up to and
// including "---".
Result<std::array<uint8_t, kAgeMacBytes>> HeaderMac(
    const SecretBytes& file_key, std::span<const uint8_t> mac_input) {
  FV_ASSIGN_OR_RETURN(
      SecretBytes mac_key,
      HkdfSha256(file_key.Reveal(), {}, AsBytes(kAgeHeaderMacInfo),
                 crypto_auth_hmacsha256_KEYBYTES));
  std::array<uint8_t, kAgeMacBytes> mac;
  crypto_auth_hmacsha256(mac.data(), mac_input.data(), mac_input.size(),
                         mac_key.Reveal().data());
  return mac;
}

bool IsWhitespace(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

// Whether `start` (the first bytes of a file) begins, after whitespace,
// with the armor's BEGIN line.
bool LooksArmored(std::span<const uint8_t> start) {
  auto text = std::find_if_not(start.begin(), start.end(), IsWhitespace);
  return static_cast<size_t>(start.end() - text) >= kAgeArmorBegin.size() &&
         std::equal(kAgeArmorBegin.begin(), kAgeArmorBegin.end(), text);
}

// Reads up to the end of the header. Returns the header bytes; what was
// read past them is left in `leftover`.
Result<std::vector<uint8_t>> ReadHeader(ByteSource& in,
                                        std::vector<uint8_t>& leftover) {
  std::vector<uint8_t> buffer;
  constexpr size_t kStep = 16 * 1024;
  while (true) {
    size_t old_size = buffer.size();
    buffer.resize(old_size + kStep);
    FV_ASSIGN_OR_RETURN(size_t n, in.Read(std::span(buffer).subspan(old_size)));
    buffer.resize(old_size + n);
    // Reject other files at once rather than after reading a megabyte.
    size_t prefix = std::min(buffer.size(), kAgeVersionPrefix.size());
    bool age_so_far = std::equal(buffer.begin(), buffer.begin() + prefix,
                                 kAgeVersionPrefix.begin());
    if (n == 0 || !age_so_far) {
      // Incomplete or foreign: the parser names the right category.
      FV_RETURN_IF_ERROR(ParseAgeHeader(buffer).status());
      return Status::Corruption(std::string(kAgeErrorHeader) +
                                ": file ends inside the header");
    }
    if (auto end = FindAgeHeaderEnd(buffer)) {
      leftover.assign(buffer.begin() + static_cast<ptrdiff_t>(*end),
                      buffer.end());
      buffer.resize(*end);
      return buffer;
    }
    if (buffer.size() > kAgeMaxHeaderBytes) {
      return Status::Corruption(std::string(kAgeErrorHeader) +
                                ": header too large");
    }
  }
}

Result<SecretBytes> UnwrapFileKey(const AgeHeader& header,
                                  std::span<const AgeIdentity> identities) {
  for (const AgeIdentity& identity : identities) {
    FV_ASSIGN_OR_RETURN(std::optional<SecretBytes> file_key,
                        identity.Unwrap(header.stanzas));
    if (file_key) return std::move(*file_key);
  }
  return Status::AuthFailed(std::string(kAgeErrorNoMatch))
      .WithHint("decrypt with the identity (secret key) of one of the "
                "file's recipients");
}

}  // namespace

// ------------------------------------------------------------- encryptor --

Result<std::unique_ptr<AgeEncryptor>> AgeEncryptor::Create(
    std::span<const AgeRecipient> recipients, ByteSink& out, bool armor,
    RandomSource& random) {
  if (recipients.empty()) {
    return Status::InvalidArgument("age encryption needs at least one "
                                   "recipient");
  }
  SecretBytes file_key(kAgeFileKeyBytes);
  random.Fill(file_key.MutableReveal());
  std::vector<AgeStanza> stanzas;
  for (const AgeRecipient& recipient : recipients) {
    FV_ASSIGN_OR_RETURN(AgeStanza stanza, recipient.Wrap(file_key, random));
    stanzas.push_back(std::move(stanza));
  }
  FV_ASSIGN_OR_RETURN(std::string header,
                      SerializeAgeHeaderWithoutMac(stanzas));
  FV_ASSIGN_OR_RETURN(auto mac, HeaderMac(file_key, AsBytes(header)));
  header += SerializeAgeMacLine(mac);

  std::unique_ptr<AgeEncryptor> encryptor(new AgeEncryptor());
  ByteSink* sink = &out;
  if (armor) {
    encryptor->armor_ = std::make_unique<AgeArmorWriter>(out);
    sink = encryptor->armor_.get();
  }
  FV_RETURN_IF_ERROR(sink->Write(AsBytes(header)));
  FV_ASSIGN_OR_RETURN(encryptor->stream_,
                      AgeStreamWriter::Create(file_key, *sink, random));
  return encryptor;
}

Status AgeEncryptor::Write(std::span<const uint8_t> bytes) {
  return stream_->Write(bytes);
}

Status AgeEncryptor::Finish() {
  FV_RETURN_IF_ERROR(stream_->Finish());
  if (armor_) FV_RETURN_IF_ERROR(armor_->Finish());
  return Status::Ok();
}

// ------------------------------------------------------------- decryptor --

Result<std::unique_ptr<AgeDecryptor>> AgeDecryptor::Open(
    ByteSource& in, std::span<const AgeIdentity> identities,
    AgeInputFormat format) {
  std::unique_ptr<AgeDecryptor> decryptor(new AgeDecryptor());
  ByteSource* source = &in;
  if (format == AgeInputFormat::kDetect) {
    // Look at the start: armor may follow up to 1 KiB of whitespace.
    std::vector<uint8_t> start(kAgeArmorMaxWhitespace + kAgeArmorBegin.size());
    FV_ASSIGN_OR_RETURN(size_t n, ReadFull(in, start));
    start.resize(n);
    format = LooksArmored(start) ? AgeInputFormat::kArmored
                                 : AgeInputFormat::kBinary;
    decryptor->detected_ =
        std::make_unique<PrefixedSource>(std::move(start), in);
    source = decryptor->detected_.get();
  }
  if (format == AgeInputFormat::kArmored) {
    decryptor->armor_ = std::make_unique<AgeArmorReader>(*source);
    source = decryptor->armor_.get();
  }

  std::vector<uint8_t> leftover;
  FV_ASSIGN_OR_RETURN(std::vector<uint8_t> header_bytes,
                      ReadHeader(*source, leftover));
  FV_ASSIGN_OR_RETURN(AgeHeader header, ParseAgeHeader(header_bytes));
  decryptor->stanza_count_ = header.stanzas.size();
  FV_ASSIGN_OR_RETURN(SecretBytes file_key, UnwrapFileKey(header, identities));
  FV_ASSIGN_OR_RETURN(
      auto mac, HeaderMac(file_key, std::span(header_bytes.data(),
                                              header.mac_input_size)));
  if (crypto_verify_32(mac.data(), header.mac.data()) != 0) {
    return Status::Corruption(std::string(kAgeErrorHeaderMac))
        .WithHint("the file was altered or damaged; ask the sender for a "
                  "new copy");
  }
  decryptor->payload_ =
      std::make_unique<PrefixedSource>(std::move(leftover), *source);
  FV_ASSIGN_OR_RETURN(decryptor->stream_,
                      AgeStreamReader::Open(file_key, *decryptor->payload_));
  return decryptor;
}

Result<size_t> AgeDecryptor::Read(std::span<uint8_t> out) {
  return stream_->Read(out);
}

}  // namespace fieldvault::crypto
