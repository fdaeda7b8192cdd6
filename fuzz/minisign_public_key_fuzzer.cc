// Fuzzes the minisign public key parsers (file and bare base64 line): they
// must return an error or a key, never crash, and a parsed key must write
// back to text that parses to the same key.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/init.h"
#include "crypto/minisign_key.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fieldvault::crypto::MinisignPublicKey;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto key : {MinisignPublicKey::ParseFile(text),
                   MinisignPublicKey::ParseBase64(text)}) {
    if (!key.ok()) continue;
    auto again = MinisignPublicKey::ParseFile(key->ToFileText());
    if (!again.ok() || !(*again == *key)) std::abort();
    auto line = MinisignPublicKey::ParseBase64(key->ToBase64());
    if (!line.ok() || !(*line == *key)) std::abort();
  }
  return 0;
}
