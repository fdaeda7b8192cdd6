// Fuzzes the age header parser and the decryptor behind it. Properties:
// never a crash; a header that parses re-serializes to exactly the same
// bytes (the parser accepts canonical encodings only); FindAgeHeaderEnd
// agrees with the parser; and decrypting the input as a whole file with a
// fixed identity ends in an error or a verified end, never a crash.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/age.h"
#include "crypto/init.h"

namespace {

// The identity of the CCTV testkit's X25519 vectors, so that seeds taken
// from them get past the header into the payload.
constexpr std::string_view kIdentity =
    "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fc = fieldvault::crypto;
  std::span<const uint8_t> input(data, size);

  auto header = fc::ParseAgeHeader(input);
  if (header.ok()) {
    if (fc::FindAgeHeaderEnd(input) != size) std::abort();
    auto text = fc::SerializeAgeHeaderWithoutMac(header->stanzas);
    if (!text.ok() || text->size() != header->mac_input_size) std::abort();
    *text += fc::SerializeAgeMacLine(header->mac);
    if (std::string(data, data + size) != *text) std::abort();
  }

  static const auto* identities = [] {
    auto* list = new std::vector<fc::AgeIdentity>();
    list->push_back(fc::AgeIdentity::Parse(fc::AsBytes(kIdentity)).value());
    return list;
  }();
  fc::MemorySource source(input);
  auto decryptor = fc::AgeDecryptor::Open(source, *identities);
  if (!decryptor.ok()) return 0;
  std::vector<uint8_t> buffer(4096);
  while (true) {
    auto n = (*decryptor)->Read(buffer);
    if (!n.ok() || *n == 0) break;
  }
  return 0;
}
