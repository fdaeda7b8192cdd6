// Fuzzes the age ASCII armor reader. Properties: never a crash; read sizes
// do not change the outcome; and whatever it decodes, the armor writer
// encodes into text that the reader decodes back to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "crypto/age_armor.h"
#include "crypto/init.h"

namespace {

namespace fc = fieldvault::crypto;

// Decodes `input` reading `step` bytes at a time; nullopt on error.
std::optional<std::vector<uint8_t>> Dearmor(std::span<const uint8_t> input,
                                            size_t step) {
  fc::MemorySource source(input);
  fc::AgeArmorReader reader(source);
  std::vector<uint8_t> out, buffer(step);
  while (true) {
    auto n = reader.Read(buffer);
    if (!n.ok()) return std::nullopt;
    if (*n == 0) return out;
    out.insert(out.end(), buffer.begin(), buffer.begin() + *n);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fc::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  auto small = Dearmor(input, 7);
  auto large = Dearmor(input, 1000);
  if (small.has_value() != large.has_value()) std::abort();
  if (!small) return 0;
  if (*small != *large) std::abort();

  fc::MemorySink text;
  fc::AgeArmorWriter writer(text);
  if (!writer.Write(*small).ok() || !writer.Finish().ok()) std::abort();
  auto again = Dearmor(text.bytes(), 64);
  if (!again || *again != *small) std::abort();
  return 0;
}
