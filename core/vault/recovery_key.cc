#include "core/vault/recovery_key.h"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace fieldvault::core {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kKeyChars = 32;    // 160 bits / 5
constexpr size_t kCheckChars = 4;   // 20 bits
constexpr char kTypoMessage[] =
    "the recovery key has a typo: its last group does not match";

// Value of a base32 character, -1 if it is not one. Accepts lowercase and
// the look-alikes a person copying by hand is likely to write.
int CharValue(uint8_t c) {
  if (c >= 'a' && c <= 'z') c = static_cast<uint8_t>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  for (int i = 0; i < 32; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

// The 20-bit check: the first bits of BLAKE2b over the key, so a changed
// character is caught with probability 1 - 2^-20.
uint32_t CheckValue(const uint8_t* key) {
  std::array<uint8_t, 16> digest{};
  crypto_generichash(digest.data(), digest.size(), key, kRecoveryKeyBytes,
                     nullptr, 0);
  return (uint32_t{digest[0]} << 12) | (uint32_t{digest[1]} << 4) |
         (digest[2] >> 4);
}

}  // namespace

crypto::SecretBytes GenerateRecoveryKey(crypto::RandomSource& random) {
  crypto::SecretBytes key(kRecoveryKeyBytes);
  random.Fill(key.MutableReveal());
  return key;
}

crypto::SecretBytes FormatRecoveryKey(const crypto::SecretBytes& key) {
  crypto::SecretBytes text(kRecoveryKeyTextBytes);
  auto out = text.MutableReveal();
  auto in = key.Reveal();
  size_t written = 0;
  auto put = [&](int value) {
    if (written > 0 && written % 5 == 4) out[written++] = '-';
    out[written++] = static_cast<uint8_t>(kAlphabet[value]);
  };
  // 160 bits, most significant first, five at a time.
  for (size_t i = 0; i < kKeyChars; ++i) {
    size_t bit = i * 5;
    unsigned pair = (unsigned{in[bit / 8]} << 8) |
                    (bit / 8 + 1 < in.size() ? in[bit / 8 + 1] : 0);
    put(static_cast<int>((pair >> (11 - bit % 8)) & 31));
  }
  uint32_t check = CheckValue(in.data());
  for (int i = kCheckChars - 1; i >= 0; --i) put((check >> (5 * i)) & 31);
  return text;
}

Result<crypto::SecretBytes> ParseRecoveryKey(const crypto::SecretBytes& text) {
  crypto::SecretBytes values(kKeyChars + kCheckChars);
  auto out = values.MutableReveal();
  size_t count = 0;
  for (uint8_t c : text.Reveal()) {
    if (c == '-' || c == ' ') continue;
    int value = CharValue(c);
    if (value < 0 || count == out.size()) {
      return Status::InvalidArgument("not a recovery key");
    }
    out[count++] = static_cast<uint8_t>(value);
  }
  if (count != out.size()) return Status::InvalidArgument("not a recovery key");
  crypto::SecretBytes key(kRecoveryKeyBytes);
  auto bytes = key.MutableReveal();
  for (size_t i = 0; i < kKeyChars; ++i) {
    for (int b = 4; b >= 0; --b) {
      size_t bit = i * 5 + (4 - b);
      if ((out[i] >> b) & 1) bytes[bit / 8] |= uint8_t(0x80 >> (bit % 8));
    }
  }
  uint32_t check = 0;
  for (size_t i = 0; i < kCheckChars; ++i) check = (check << 5) | out[kKeyChars + i];
  if (check != CheckValue(bytes.data())) {
    return Status::InvalidArgument(kTypoMessage)
        .WithHint("compare each group with your written copy");
  }
  return key;
}

bool IsRecoveryKeyTypo(const Status& status) {
  return status.message() == kTypoMessage;
}

}  // namespace fieldvault::core
