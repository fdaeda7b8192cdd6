// Fuzzes TarReader, the strict tar reader HQ runs on a bundle's decrypted
// plaintext (which a sender, or anyone holding a recipient key, chooses):
// paths, sizes, member types, links, devices, sparse and extension
// headers, truncation and what follows the end-of-archive marker.
// The input is read twice, once from a memory source that hands out
// everything at once and once from a source that hands out a few bytes at
// a time (its chunk size taken from the input's length), and every member
// is drained with varying read sizes.
// Properties: never a crash, a hang or an escaping exception; a member's
// bytes are exactly its declared size; both reads agree on the outcome and
// on every member's path, size and bytes (where the source's reads end
// must not change what a bundle holds).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "core/bundle/tar_reader.h"
#include "crypto/byte_stream.h"
#include "fuzz/fuzz_support.h"

namespace {

namespace fb = fieldvault::core::bundle;
namespace fc = fieldvault::crypto;

struct Outcome {
  bool ok = false;
  std::vector<std::string> paths;
  std::vector<uint64_t> sizes;
  std::string content;  // every member's bytes, one after the other
};

Outcome ReadAll(fc::ByteSource& source) {
  Outcome outcome;
  auto reader = fb::TarReader::Open(source);
  if (!reader.ok()) return outcome;
  std::vector<uint8_t> buffer(4096);
  size_t read_size = 1;
  while (true) {
    auto member = (*reader)->Next();
    if (!member.ok()) return outcome;
    if (!member->has_value()) break;
    uint64_t got = 0;
    while (true) {
      // 1, 7, 49, 343, 2401, 4096, ...: small and large reads alike.
      read_size = std::min<size_t>(read_size * 7, buffer.size());
      auto n = (*reader)->Read(std::span(buffer).first(read_size));
      if (!n.ok()) return outcome;
      if (*n == 0) break;
      got += *n;
      outcome.content.append(buffer.begin(), buffer.begin() + *n);
    }
    if (got != (*member)->size) std::abort();
    outcome.paths.push_back((*member)->path);
    outcome.sizes.push_back(got);
  }
  // After the end: Next stays at the end, Read is refused.
  auto again = (*reader)->Next();
  if (!again.ok() || again->has_value()) std::abort();
  if ((*reader)->Read(std::span(buffer)).ok()) std::abort();
  outcome.ok = true;
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  fc::MemorySource whole(bytes);
  const Outcome at_once = ReadAll(whole);
  fieldvault::fuzz::ChunkedSource pieces(bytes, 1 + size % 701);
  const Outcome piecewise = ReadAll(pieces);
  if (at_once.ok != piecewise.ok) std::abort();
  if (at_once.ok &&
      (at_once.paths != piecewise.paths || at_once.sizes != piecewise.sizes ||
       at_once.content != piecewise.content)) {
    std::abort();
  }
  return 0;
}
