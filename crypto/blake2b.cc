#include "crypto/blake2b.h"

namespace fieldvault::crypto {

Blake2bHasher::Blake2bHasher() {
  crypto_generichash_blake2b_init(&state_, nullptr, 0, kBlake2b512Bytes);
}

void Blake2bHasher::Update(std::span<const uint8_t> bytes) {
  crypto_generichash_blake2b_update(&state_, bytes.data(), bytes.size());
}

Blake2b512 Blake2bHasher::Finish() {
  Blake2b512 digest;
  crypto_generichash_blake2b_final(&state_, digest.data(), digest.size());
  return digest;
}

Blake2b512 HashBlake2b512(std::span<const uint8_t> bytes) {
  Blake2bHasher hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

Result<Blake2b512> HashBlake2b512(ByteSource& source) {
  HashingSink sink(nullptr);
  FV_RETURN_IF_ERROR(CopyStream(source, sink).status());
  return sink.Finish();
}

Status HashingSink::Write(std::span<const uint8_t> bytes) {
  hasher_.Update(bytes);
  bytes_written_ += bytes.size();
  return next_ ? next_->Write(bytes) : Status::Ok();
}

}  // namespace fieldvault::crypto
