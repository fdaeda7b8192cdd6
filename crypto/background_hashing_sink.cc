#include "crypto/background_hashing_sink.h"

#include <algorithm>
#include <cstring>

namespace fieldvault::crypto {

BackgroundHashingSink::BackgroundHashingSink(ByteSink* next)
    : next_(next),
      buffers_{SecretBytes(kBufferBytes), SecretBytes(kBufferBytes)} {}

Status BackgroundHashingSink::Write(std::span<const uint8_t> bytes) {
  bytes_written_ += bytes.size();
  for (std::span<const uint8_t> rest = bytes; !rest.empty();) {
    const size_t n = std::min(rest.size(), kBufferBytes - filled_);
    std::memcpy(buffers_[current_].MutableReveal().data() + filled_, rest.data(), n);
    filled_ += n;
    rest = rest.subspan(n);
    if (filled_ == kBufferBytes) HandOver();
  }
  return next_ ? next_->Write(bytes) : Status::Ok();
}

// The hasher waits for the previous buffer before taking this one, so the
// buffer filled next (the previous one) is no longer being read.
void BackgroundHashingSink::HandOver() {
  hasher_.Update(buffers_[current_].Reveal().first(filled_));
  current_ ^= 1;
  filled_ = 0;
}

Blake2b512 BackgroundHashingSink::Finish() {
  if (filled_ > 0) HandOver();
  return hasher_.Finish();
}

}  // namespace fieldvault::crypto
