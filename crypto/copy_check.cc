#include "crypto/copy_check.h"

#include <vector>

namespace fieldvault::crypto {

CopyCheck::CopyCheck(RandomSource& random)
    : key_(crypto_onetimeauth_poly1305_KEYBYTES) {
  random.Fill(key_.MutableReveal());
}

CopyCheck::TaggingSink::TaggingSink(const CopyCheck& check, ByteSink* next)
    : next_(next) {
  // The same key tags both copies: Poly1305 then acts as a universal hash
  // whose key no one else sees, which is all an equality check needs.
  crypto_onetimeauth_poly1305_init(&state_, check.key_.Reveal().data());
}

CopyCheck::TaggingSink::~TaggingSink() {
  sodium_memzero(&state_, sizeof state_);  // it holds the key
}

Status CopyCheck::TaggingSink::Write(std::span<const uint8_t> bytes) {
  crypto_onetimeauth_poly1305_update(&state_, bytes.data(), bytes.size());
  return next_ ? next_->Write(bytes) : Status::Ok();
}

CopyTag CopyCheck::TaggingSink::Finish() {
  CopyTag tag;
  crypto_onetimeauth_poly1305_final(&state_, tag.data());
  return tag;
}

Result<CopyTag> CopyCheck::TagAll(ByteSource& source) const {
  TaggingSink sink(*this, nullptr);
  std::vector<uint8_t> buffer(size_t{1} << 20);
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, source.Read(buffer));
    if (n == 0) return sink.Finish();
    FV_RETURN_IF_ERROR(sink.Write(std::span(buffer.data(), n)));
  }
}

bool CopyCheck::Same(const CopyTag& a, const CopyTag& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fieldvault::crypto
