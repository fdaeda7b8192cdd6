// Bech32 (BIP 173, the original checksum, not bech32m) as age uses it for
// recipients ("age1...") and identities ("AGE-SECRET-KEY-1..."): 8-bit data
// regrouped into 5-bit characters, a human-readable part (HRP), the
// separator '1' and a six-character checksum.
//
// As the age specification asks, there is no 90-character length limit.
// Text is either all lowercase or all uppercase; the checksum is always
// computed over the lowercase form. This file does no cryptography; it is a
// text format. The encoder and decoder write into caller-provided buffers so
// that secret keys can be kept in SecretBytes end to end.
#ifndef FIELDVAULT_CRYPTO_BECH32_H_
#define FIELDVAULT_CRYPTO_BECH32_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::crypto {

enum class Bech32Case { kLower, kUpper };

// Number of characters Bech32EncodeInto writes for an HRP of `hrp_size`
// characters and `data_size` bytes of data.
size_t Bech32EncodedSize(size_t hrp_size, size_t data_size);

// Encodes `data` under `hrp` into `out`, which must be exactly
// Bech32EncodedSize() bytes long. `hrp` must be non-empty, printable ASCII
// (33..126) and of a single case. Returns kInvalidArgument otherwise. Safe
// for secrets: nothing is copied outside `out`.
Status Bech32EncodeInto(std::string_view hrp, std::span<const uint8_t> data,
                        Bech32Case letter_case, std::span<uint8_t> out);

// Convenience for public data: returns the encoded text or kInvalidArgument.
Result<std::string> Bech32Encode(std::string_view hrp,
                                 std::span<const uint8_t> data,
                                 Bech32Case letter_case);

// Maximum number of data bytes that `text` can decode to (an upper bound,
// for sizing the output of Bech32DecodeInto).
size_t Bech32MaxDecodedSize(size_t text_size);

struct Bech32Decoded {
  std::string hrp;      // as written (keeps the text's case)
  Bech32Case letter_case;
  size_t data_size;     // bytes written to the caller's buffer
};

// Decodes `text`, writing the data bytes into `out` (which must hold at
// least Bech32MaxDecodedSize(text.size()) bytes; use exactly that to be
// sure). Rejects mixed case, a missing or misplaced separator, an empty HRP,
// HRP characters outside 33..126, characters outside the bech32 alphabet,
// a bad checksum, and non-zero or overlong padding bits. Returns
// kInvalidArgument with a message that never quotes the text (it may be a
// secret key).
Result<Bech32Decoded> Bech32DecodeInto(std::span<const uint8_t> text,
                                       std::span<uint8_t> out);

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_BECH32_H_
