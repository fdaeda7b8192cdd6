// Fuzzes the bech32 decoder and the age key parsers on top of it.
// Properties: never a crash; a string that decodes re-encodes to exactly
// the same text (same HRP, same case); parsed recipients and identities
// print back as the input.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "crypto/age_keys.h"
#include "crypto/bech32.h"
#include "crypto/init.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fc = fieldvault::crypto;
  std::span<const uint8_t> input(data, size);
  std::string text(data, data + size);

  std::vector<uint8_t> out(fc::Bech32MaxDecodedSize(size));
  auto decoded = fc::Bech32DecodeInto(input, out);
  if (decoded.ok()) {
    out.resize(decoded->data_size);
    auto again = fc::Bech32Encode(decoded->hrp, out, decoded->letter_case);
    if (!again.ok() || *again != text) std::abort();
  }

  auto recipient = fc::AgeRecipient::Parse(text);
  if (recipient.ok() && recipient->ToString() != text) std::abort();
  auto identity = fc::AgeIdentity::Parse(input);
  if (identity.ok()) {
    fc::SecretBytes printed = identity->ToSecretString();
    if (!printed.Equals(fc::SecretBytes::CopyOf(input))) std::abort();
  }
  return 0;
}
