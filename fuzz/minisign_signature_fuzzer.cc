// Fuzzes the minisign signature file parser and the verifier behind it:
// an error or a signature, never a crash; a parsed signature must write
// back (FormatSignatureFile) to text that parses to the same fields; and
// verification against a fixed key and message must not crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/init.h"
#include "crypto/minisign.h"

namespace {

// tests/vectors/minisign/test.pub
constexpr std::string_view kPublicKey =
    "RWRhUQuBcRrnvIhm4hjzuScd2DU7zeFo7YzvySlpDB7eyO07sVbbPTlw";
constexpr std::string_view kMessage = "hello minisign\n";

bool SameFields(const fieldvault::crypto::MinisignSignature& a,
                const fieldvault::crypto::MinisignSignature& b) {
  return a.prehashed == b.prehashed && a.key_id == b.key_id &&
         a.signature == b.signature &&
         a.untrusted_comment == b.untrusted_comment &&
         a.trusted_comment == b.trusted_comment &&
         a.global_signature == b.global_signature;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!fieldvault::crypto::InitializeCrypto().ok()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fc = fieldvault::crypto;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto signature = fc::ParseSignatureFile(text);
  if (!signature.ok()) return 0;
  auto written = fc::FormatSignatureFile(*signature);
  if (!written.ok()) std::abort();
  auto again = fc::ParseSignatureFile(*written);
  if (!again.ok() || !SameFields(*again, *signature)) std::abort();

  static const fc::MinisignPublicKey key =
      fc::MinisignPublicKey::ParseBase64(kPublicKey).value();
  fc::MemorySource message(fc::AsBytes(kMessage));
  (void)fc::VerifySignature(key, message, *signature, true);
  return 0;
}
