#include "crypto/bech32.h"

#include <array>

namespace fieldvault::crypto {
namespace {

constexpr std::string_view kAlphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr size_t kChecksumChars = 6;
constexpr uint32_t kGenerator[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
                                    0x3d4233dd, 0x2a1462b3};

// The BCH checksum state of BIP 173, fed one 5-bit value at a time so that
// no array of (possibly secret) values needs to be built.
class Polymod {
 public:
  void Feed(uint8_t value) {
    uint32_t top = state_ >> 25;
    state_ = ((state_ & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) state_ ^= kGenerator[i];
    }
  }
  // The HRP is fed lowercased: "high bits, 0, low bits" of each character.
  void FeedHrp(std::span<const uint8_t> hrp) {
    for (uint8_t c : hrp) Feed(ToLower(c) >> 5);
    Feed(0);
    for (uint8_t c : hrp) Feed(ToLower(c) & 31);
  }
  uint32_t state() const { return state_; }

  static uint8_t ToLower(uint8_t c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<uint8_t>(c + 32) : c;
  }

 private:
  uint32_t state_ = 1;
};

// Value of an alphabet character (lowercase), or -1.
int CharValue(uint8_t c) {
  static const std::array<int8_t, 128> table = [] {
    std::array<int8_t, 128> t{};
    t.fill(-1);
    for (size_t i = 0; i < kAlphabet.size(); ++i) {
      t[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
    }
    return t;
  }();
  return c < 128 ? table[c] : -1;
}

uint8_t ApplyCase(char c, Bech32Case letter_case) {
  if (letter_case == Bech32Case::kUpper && c >= 'a' && c <= 'z') c -= 32;
  return static_cast<uint8_t>(c);
}

Status CheckHrp(std::span<const uint8_t> hrp) {
  if (hrp.empty()) return Status::InvalidArgument("bech32: empty prefix");
  for (uint8_t c : hrp) {
    if (c < 33 || c > 126) {
      return Status::InvalidArgument("bech32: invalid prefix character");
    }
  }
  return Status::Ok();
}

// Which letter cases occur in `text`.
struct Cases {
  bool lower = false;
  bool upper = false;
};
Cases FindCases(std::span<const uint8_t> text) {
  Cases cases;
  for (uint8_t c : text) {
    cases.lower |= (c >= 'a' && c <= 'z');
    cases.upper |= (c >= 'A' && c <= 'Z');
  }
  return cases;
}

// Regroups bytes into 5-bit values, padding the tail with zero bits, and
// passes each value to `emit`.
template <typename Emit>
void RegroupToFiveBits(std::span<const uint8_t> data, Emit emit) {
  uint32_t accumulator = 0;
  int bits = 0;
  for (uint8_t byte : data) {
    accumulator = ((accumulator << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      emit(static_cast<uint8_t>((accumulator >> bits) & 31));
    }
  }
  if (bits > 0) emit(static_cast<uint8_t>((accumulator << (5 - bits)) & 31));
  accumulator = 0;  // may have held secret bits
}

// Regroups the 5-bit values of `chars` into bytes in `out`; at most 4 zero
// padding bits may remain. Returns the number of bytes written.
Result<size_t> RegroupToBytes(std::span<const uint8_t> chars,
                              std::span<uint8_t> out) {
  uint32_t accumulator = 0;
  int bits = 0;
  size_t written = 0;
  for (uint8_t c : chars) {
    int value = CharValue(Polymod::ToLower(c));
    accumulator = ((accumulator << 5) | static_cast<uint32_t>(value)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = static_cast<uint8_t>(accumulator >> bits);
    }
  }
  bool bad_padding = bits >= 5 || (accumulator & ((1u << bits) - 1)) != 0;
  accumulator = 0;
  if (bad_padding) {
    return Status::InvalidArgument("bech32: invalid padding bits");
  }
  return written;
}

}  // namespace

size_t Bech32EncodedSize(size_t hrp_size, size_t data_size) {
  return hrp_size + 1 + (data_size * 8 + 4) / 5 + kChecksumChars;
}

Status Bech32EncodeInto(std::string_view hrp, std::span<const uint8_t> data,
                        Bech32Case letter_case, std::span<uint8_t> out) {
  auto hrp_bytes = std::span(reinterpret_cast<const uint8_t*>(hrp.data()),
                             hrp.size());
  FV_RETURN_IF_ERROR(CheckHrp(hrp_bytes));
  Cases cases = FindCases(hrp_bytes);
  if (cases.lower && cases.upper) {
    return Status::InvalidArgument("bech32: mixed-case prefix");
  }
  if (out.size() != Bech32EncodedSize(hrp.size(), data.size())) {
    return Status::InvalidArgument("bech32: wrong output size");
  }
  Polymod checksum;
  checksum.FeedHrp(hrp_bytes);
  size_t pos = 0;
  for (uint8_t c : hrp_bytes) {
    out[pos++] = ApplyCase(static_cast<char>(Polymod::ToLower(c)),
                           letter_case);
  }
  out[pos++] = '1';
  RegroupToFiveBits(data, [&](uint8_t value) {
    checksum.Feed(value);
    out[pos++] = ApplyCase(kAlphabet[value], letter_case);
  });
  for (size_t i = 0; i < kChecksumChars; ++i) checksum.Feed(0);
  uint32_t mod = checksum.state() ^ 1;
  for (size_t i = 0; i < kChecksumChars; ++i) {
    out[pos++] = ApplyCase(kAlphabet[(mod >> (5 * (5 - i))) & 31],
                           letter_case);
  }
  return Status::Ok();
}

Result<std::string> Bech32Encode(std::string_view hrp,
                                 std::span<const uint8_t> data,
                                 Bech32Case letter_case) {
  std::string text(Bech32EncodedSize(hrp.size(), data.size()), '\0');
  FV_RETURN_IF_ERROR(Bech32EncodeInto(
      hrp, data, letter_case,
      std::span(reinterpret_cast<uint8_t*>(text.data()), text.size())));
  return text;
}

size_t Bech32MaxDecodedSize(size_t text_size) { return text_size * 5 / 8; }

Result<Bech32Decoded> Bech32DecodeInto(std::span<const uint8_t> text,
                                       std::span<uint8_t> out) {
  Cases cases = FindCases(text);
  if (cases.lower && cases.upper) {
    return Status::InvalidArgument("bech32: mixed upper and lower case");
  }
  // The last '1' separates the HRP (which may itself contain '1's).
  size_t separator = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '1') separator = i;
  }
  if (separator == text.size() || separator == 0 ||
      separator + 1 + kChecksumChars > text.size()) {
    return Status::InvalidArgument("bech32: separator missing or misplaced");
  }
  auto hrp = text.first(separator);
  FV_RETURN_IF_ERROR(CheckHrp(hrp));
  auto values = text.subspan(separator + 1);
  size_t data_chars = values.size() - kChecksumChars;
  if (out.size() < data_chars * 5 / 8) {
    return Status::InvalidArgument("bech32: output buffer too small");
  }
  Polymod checksum;
  checksum.FeedHrp(hrp);
  for (uint8_t c : values) {
    int value = CharValue(Polymod::ToLower(c));
    if (value < 0) return Status::InvalidArgument("bech32: invalid character");
    checksum.Feed(static_cast<uint8_t>(value));
  }
  if (checksum.state() != 1) {
    return Status::InvalidArgument("bech32: checksum does not match");
  }
  FV_ASSIGN_OR_RETURN(size_t written,
                      RegroupToBytes(values.first(data_chars), out));
  return Bech32Decoded{std::string(hrp.begin(), hrp.end()),
                       cases.upper ? Bech32Case::kUpper : Bech32Case::kLower,
                       written};
}

}  // namespace fieldvault::crypto
