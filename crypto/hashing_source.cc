#include "crypto/hashing_source.h"

namespace fieldvault::crypto {

HashingSource::HashingSource(ByteSource& in, Mode mode) : in_(in) {
  // The background sink owns a thread and two locked buffers: only made
  // when asked for, so small inline reads stay cheap.
  if (mode == Mode::kBackground) background_.emplace(nullptr);
}

Result<size_t> HashingSource::Read(std::span<uint8_t> out) {
  FV_ASSIGN_OR_RETURN(size_t n, in_.Read(out));
  // The background sink copies the bytes before returning, so the caller
  // may reuse `out` at once.
  if (background_) {
    FV_RETURN_IF_ERROR(background_->Write(out.first(n)));
  } else {
    FV_RETURN_IF_ERROR(inline_.Write(out.first(n)));
  }
  bytes_read_ += n;
  return n;
}

Blake2b512 HashingSource::Finish() {
  return background_ ? background_->Finish() : inline_.Finish();
}

}  // namespace fieldvault::crypto
