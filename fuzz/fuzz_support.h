// Helpers shared by the fuzz targets: a source that hands its bytes out a
// few at a time (to try every place a read can end) and one NameNormalizer
// per process (building ICU's transliterator takes milliseconds).
#ifndef FIELDVAULT_FUZZ_FUZZ_SUPPORT_H_
#define FIELDVAULT_FUZZ_FUZZ_SUPPORT_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <utility>

#include "core/names/match_key.h"
#include "crypto/byte_stream.h"

namespace fieldvault::fuzz {

// Reads from bytes held elsewhere, at most `chunk` (>= 1) bytes per read.
class ChunkedSource final : public crypto::ByteSource {
 public:
  ChunkedSource(std::span<const uint8_t> bytes, size_t chunk)
      : bytes_(bytes), chunk_(chunk) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    size_t n = std::min({out.size(), chunk_, bytes_.size() - offset_});
    std::copy_n(bytes_.begin() + offset_, n, out.begin());
    offset_ += n;
    return n;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t chunk_;
  size_t offset_ = 0;
};

// The process's NameNormalizer, built on first use and never freed.
// Aborts if ICU lacks its data: a packaging problem, not a finding.
inline const core::NameNormalizer& SharedNameNormalizer() {
  static core::NameNormalizer* normalizer = [] {
    auto created = core::NameNormalizer::Create();
    if (!created.ok()) std::abort();
    return new core::NameNormalizer(std::move(created).value());
  }();
  return *normalizer;
}

}  // namespace fieldvault::fuzz

#endif  // FIELDVAULT_FUZZ_FUZZ_SUPPORT_H_
