#include "crypto/age_stream.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "crypto/hkdf.h"

namespace fieldvault::crypto {
namespace {

constexpr size_t kFlagIndex = 11;

// Increments the 88-bit big-endian chunk counter. Returns false on
// wrap-around (after 2^88 chunks: unreachable in practice, refused anyway).
bool IncrementCounter(AgeChunkNonce& nonce) {
  for (size_t i = kFlagIndex; i-- > 0;) {
    if (++nonce[i] != 0) return true;
  }
  return false;
}

bool CounterIsZero(const AgeChunkNonce& nonce) {
  return std::all_of(nonce.begin(), nonce.begin() + kFlagIndex,
                     [](uint8_t b) { return b == 0; });
}

Result<SecretBytes> DerivePayloadKey(
    const SecretBytes& file_key,
    std::span<const uint8_t, kAgePayloadNonceBytes> nonce) {
  if (file_key.size() != kAgeFileKeyBytes) {
    return Status::InvalidArgument("age file key must be 16 bytes");
  }
  return HkdfSha256(file_key.Reveal(), nonce, AsBytes(kAgePayloadInfo),
                    crypto_aead_chacha20poly1305_ietf_KEYBYTES);
}

}  // namespace

// ---------------------------------------------------------------- writer --

AgeStreamWriter::AgeStreamWriter(SecretBytes key, ByteSink& out)
    : key_(std::move(key)), out_(out), ciphertext_(kAgeEncryptedChunkBytes) {
  plaintext_.reserve(kAgeChunkBytes);
}

AgeStreamWriter::~AgeStreamWriter() {
  sodium_memzero(plaintext_.data(), plaintext_.capacity());
}

Result<std::unique_ptr<AgeStreamWriter>> AgeStreamWriter::Create(
    const SecretBytes& file_key, ByteSink& out, RandomSource& random) {
  std::array<uint8_t, kAgePayloadNonceBytes> nonce;
  random.Fill(nonce);
  FV_ASSIGN_OR_RETURN(SecretBytes key, DerivePayloadKey(file_key, nonce));
  FV_RETURN_IF_ERROR(out.Write(nonce));
  return std::unique_ptr<AgeStreamWriter>(
      new AgeStreamWriter(std::move(key), out));
}

Status AgeStreamWriter::SealChunk(std::span<const uint8_t> plaintext,
                                  bool last) {
  if (last) nonce_[kFlagIndex] = 1;
  unsigned long long sealed_size = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(
      ciphertext_.data(), &sealed_size, plaintext.data(), plaintext.size(),
      nullptr, 0, nullptr, nonce_.data(), key_.Reveal().data());
  if (!IncrementCounter(nonce_)) {
    error_ = Status::InvalidArgument("age payload too long");
    return *error_;
  }
  Status status = out_.Write(std::span(ciphertext_.data(), sealed_size));
  if (!status.ok()) error_ = status;
  return status;
}

Status AgeStreamWriter::Write(std::span<const uint8_t> bytes) {
  if (error_) return *error_;
  if (finished_) return Status::FailedPrecondition("age stream already finished");
  while (!bytes.empty()) {
    // A full buffer is sealed only once more data arrives: the final chunk
    // may be full, and only Finish() knows which chunk is final.
    if (plaintext_.size() == kAgeChunkBytes) {
      FV_RETURN_IF_ERROR(SealChunk(plaintext_, /*last=*/false));
      plaintext_.clear();
    }
    if (plaintext_.empty() && bytes.size() > kAgeChunkBytes) {
      // Fast path: seal straight from the caller's buffer, no copy.
      FV_RETURN_IF_ERROR(SealChunk(bytes.first(kAgeChunkBytes), false));
      bytes = bytes.subspan(kAgeChunkBytes);
      continue;
    }
    size_t n = std::min(bytes.size(), kAgeChunkBytes - plaintext_.size());
    plaintext_.insert(plaintext_.end(), bytes.begin(), bytes.begin() + n);
    bytes = bytes.subspan(n);
  }
  return Status::Ok();
}

Status AgeStreamWriter::Finish() {
  if (error_) return *error_;
  if (finished_) return Status::FailedPrecondition("age stream already finished");
  finished_ = true;
  // Empty only if the whole payload is empty, as the format requires.
  return SealChunk(plaintext_, /*last=*/true);
}

// ---------------------------------------------------------------- reader --

AgeStreamReader::AgeStreamReader(SecretBytes key, ByteSource& in)
    : key_(std::move(key)),
      in_(in),
      ciphertext_(kAgeEncryptedChunkBytes),
      plaintext_(kAgeChunkBytes) {}

AgeStreamReader::~AgeStreamReader() {
  sodium_memzero(plaintext_.data(), plaintext_.size());
}

Result<std::unique_ptr<AgeStreamReader>> AgeStreamReader::Open(
    const SecretBytes& file_key, ByteSource& in) {
  std::array<uint8_t, kAgePayloadNonceBytes> nonce;
  FV_ASSIGN_OR_RETURN(size_t n, ReadFull(in, nonce));
  if (n != nonce.size()) {
    return Status::Corruption(std::string(kAgeErrorPayload) +
                              ": file ends before the payload")
        .WithHint("the file was cut short; ask the sender for a new copy");
  }
  FV_ASSIGN_OR_RETURN(SecretBytes key, DerivePayloadKey(file_key, nonce));
  return std::unique_ptr<AgeStreamReader>(
      new AgeStreamReader(std::move(key), in));
}

Status AgeStreamReader::Fail(std::string detail) {
  error_ = Status::Corruption(std::string(kAgeErrorPayload) + ": " + detail)
               .WithHint("the file was cut short or altered; ask the sender "
                         "for a new copy");
  return *error_;
}

Result<size_t> AgeStreamReader::OpenChunk(std::span<uint8_t> out) {
  FV_ASSIGN_OR_RETURN(size_t n, ReadFull(in_, ciphertext_));
  if (n == 0) return Fail("the final chunk is missing");
  bool last = n < ciphertext_.size();
  if (last) {
    if (n < kAgeTagBytes) return Fail("chunk too short");
    if (n == kAgeTagBytes && !CounterIsZero(nonce_)) {
      return Fail("empty final chunk");
    }
    nonce_[kFlagIndex] = 1;
  }
  auto open = [&] {
    // libsodium checks the tag before writing any plaintext.
    return crypto_aead_chacha20poly1305_ietf_decrypt(
               out.data(), nullptr, nullptr, ciphertext_.data(), n, nullptr,
               0, nonce_.data(), key_.Reveal().data()) == 0;
  };
  bool opened = open();
  if (!opened && !last) {
    // A full-size chunk may still be the final one.
    last = true;
    nonce_[kFlagIndex] = 1;
    opened = open();
  }
  if (!opened) return Fail("a chunk failed authentication");
  if (!IncrementCounter(nonce_)) return Fail("too many chunks");
  saw_last_ = last;
  return n - kAgeTagBytes;
}

Status AgeStreamReader::CheckEnd() {
  uint8_t extra;
  FV_ASSIGN_OR_RETURN(size_t n, in_.Read(std::span(&extra, 1)));
  if (n != 0) return Fail("data after the final chunk");
  done_ = true;
  return Status::Ok();
}

Result<size_t> AgeStreamReader::Read(std::span<uint8_t> out) {
  while (true) {
    if (unread_start_ < unread_end_) {
      size_t n = std::min(out.size(), unread_end_ - unread_start_);
      std::memcpy(out.data(), plaintext_.data() + unread_start_, n);
      unread_start_ += n;
      return n;
    }
    if (error_) return *error_;
    if (done_ || out.empty()) return size_t{0};
    if (saw_last_) {
      FV_RETURN_IF_ERROR(CheckEnd());
      return size_t{0};
    }
    if (out.size() >= kAgeChunkBytes) {
      // Decrypt straight into the caller's buffer.
      FV_ASSIGN_OR_RETURN(size_t n, OpenChunk(out));
      if (n > 0) return n;
      continue;  // an empty final chunk: go on to the end check
    }
    FV_ASSIGN_OR_RETURN(size_t n, OpenChunk(plaintext_));
    unread_start_ = 0;
    unread_end_ = n;
  }
}

}  // namespace fieldvault::crypto
