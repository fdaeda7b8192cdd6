#include "crypto/age_keys.h"

#include <sodium.h>

#include <cstring>

#include "crypto/bech32.h"
#include "crypto/byte_stream.h"
#include "crypto/encoding.h"
#include "crypto/hkdf.h"

namespace fieldvault::crypto {
namespace {

constexpr size_t kRecipientTextSize =
    kAgeRecipientHrp.size() + 1 + (kAgeX25519KeyBytes * 8 + 4) / 5 + 6;
constexpr size_t kIdentityTextSize =
    kAgeIdentityHrp.size() + 1 + (kAgeX25519KeyBytes * 8 + 4) / 5 + 6;

Status StanzaError(std::string_view detail) {
  return Status::Corruption(std::string(kAgeErrorHeader) +
                            ": malformed X25519 stanza: " +
                            std::string(detail))
      .WithHint("the file was altered or damaged; ask the sender for a new copy");
}

// wrap key = HKDF-SHA-256(shared secret, share || recipient, X25519 info).
Result<SecretBytes> DeriveWrapKey(const SecretBytes& shared_secret,
                                  std::span<const uint8_t> share,
                                  std::span<const uint8_t> recipient) {
  std::array<uint8_t, 2 * kAgeX25519KeyBytes> salt;
  std::memcpy(salt.data(), share.data(), kAgeX25519KeyBytes);
  std::memcpy(salt.data() + kAgeX25519KeyBytes, recipient.data(),
              kAgeX25519KeyBytes);
  return HkdfSha256(shared_secret.Reveal(), salt, AsBytes(kAgeX25519Info),
                    crypto_aead_chacha20poly1305_ietf_KEYBYTES);
}

}  // namespace

// ------------------------------------------------------------- recipient --

Result<AgeRecipient> AgeRecipient::Parse(std::string_view text) {
  constexpr std::string_view kHint =
      "an age recipient looks like age1 followed by 58 lowercase letters "
      "and digits";
  if (text.size() != kRecipientTextSize) {
    return Status::InvalidArgument("not an age recipient (wrong length)")
        .WithHint(std::string(kHint));
  }
  std::array<uint8_t, kRecipientTextSize> data;
  auto decoded = Bech32DecodeInto(AsBytes(text), data);
  if (!decoded.ok()) {
    return Status::InvalidArgument("not an age recipient: " +
                                   decoded.status().message())
        .WithHint(std::string(kHint));
  }
  if (decoded->hrp != kAgeRecipientHrp ||
      decoded->letter_case != Bech32Case::kLower ||
      decoded->data_size != kAgeX25519KeyBytes) {
    return Status::InvalidArgument("not an age X25519 recipient")
        .WithHint(std::string(kHint));
  }
  std::array<uint8_t, kAgeX25519KeyBytes> key;
  std::memcpy(key.data(), data.data(), key.size());
  return AgeRecipient(key);
}

AgeRecipient AgeRecipient::FromPublicKey(
    const std::array<uint8_t, kAgeX25519KeyBytes>& public_key) {
  return AgeRecipient(public_key);
}

std::string AgeRecipient::ToString() const {
  // Cannot fail: the HRP is a valid constant and the sizes are fixed.
  auto text = Bech32Encode(kAgeRecipientHrp, public_key_, Bech32Case::kLower);
  return text.ok() ? std::move(text).value() : std::string();
}

Result<AgeStanza> AgeRecipient::Wrap(const SecretBytes& file_key,
                                     RandomSource& random) const {
  if (file_key.size() != kAgeFileKeyBytes) {
    return Status::InvalidArgument("age file key must be 16 bytes");
  }
  SecretBytes ephemeral(kAgeX25519KeyBytes);
  random.Fill(ephemeral.MutableReveal());
  std::array<uint8_t, kAgeX25519KeyBytes> share;
  crypto_scalarmult_base(share.data(), ephemeral.Reveal().data());
  SecretBytes shared(kAgeX25519KeyBytes);
  // libsodium returns -1 when the result is all zeros, i.e. the recipient
  // key is a low-order point: such a recipient could not keep a secret.
  if (crypto_scalarmult(shared.MutableReveal().data(),
                        ephemeral.Reveal().data(), public_key_.data()) != 0) {
    return Status::InvalidArgument("age recipient is not a usable X25519 key");
  }
  FV_ASSIGN_OR_RETURN(SecretBytes wrap_key,
                      DeriveWrapKey(shared, share, public_key_));
  AgeStanza stanza;
  stanza.type = std::string(kAgeX25519StanzaType);
  stanza.args.push_back(Base64Encode(share, Base64Variant::kUnpadded));
  stanza.body.resize(kAgeX25519BodyBytes);
  // A zero nonce is safe: every wrap key is used exactly once.
  const std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES>
      nonce{};
  crypto_aead_chacha20poly1305_ietf_encrypt(
      stanza.body.data(), nullptr, file_key.Reveal().data(), file_key.size(),
      nullptr, 0, nullptr, nonce.data(), wrap_key.Reveal().data());
  return stanza;
}

// -------------------------------------------------------------- identity --

AgeIdentity AgeIdentity::FromSecret(SecretBytes secret_key) {
  std::array<uint8_t, kAgeX25519KeyBytes> public_key;
  crypto_scalarmult_base(public_key.data(), secret_key.Reveal().data());
  return AgeIdentity(std::move(secret_key),
                     AgeRecipient::FromPublicKey(public_key));
}

AgeIdentity AgeIdentity::Generate(RandomSource& random) {
  SecretBytes secret(kAgeX25519KeyBytes);
  random.Fill(secret.MutableReveal());
  return FromSecret(std::move(secret));
}

Result<AgeIdentity> AgeIdentity::Parse(std::span<const uint8_t> text) {
  constexpr std::string_view kHint =
      "an age identity looks like AGE-SECRET-KEY-1 followed by 58 uppercase "
      "letters and digits";
  if (text.size() != kIdentityTextSize) {
    return Status::InvalidArgument("not an age identity (wrong length)")
        .WithHint(std::string(kHint));
  }
  SecretBytes data(kIdentityTextSize);
  auto decoded = Bech32DecodeInto(text, data.MutableReveal());
  if (!decoded.ok()) {
    return Status::InvalidArgument("not an age identity: " +
                                   decoded.status().message())
        .WithHint(std::string(kHint));
  }
  if (decoded->hrp != kAgeIdentityHrp ||
      decoded->letter_case != Bech32Case::kUpper ||
      decoded->data_size != kAgeX25519KeyBytes) {
    return Status::InvalidArgument("not an age X25519 identity")
        .WithHint(std::string(kHint));
  }
  data.Truncate(kAgeX25519KeyBytes);
  return FromSecret(std::move(data));
}

SecretBytes AgeIdentity::ToSecretString() const {
  SecretBytes text(kIdentityTextSize);
  // Cannot fail: constant HRP, fixed sizes.
  (void)Bech32EncodeInto(kAgeIdentityHrp, secret_key_.Reveal(),
                         Bech32Case::kUpper, text.MutableReveal());
  return text;
}

Result<std::optional<SecretBytes>> AgeIdentity::Unwrap(
    std::span<const AgeStanza> stanzas) const {
  for (const AgeStanza& stanza : stanzas) {
    if (stanza.type != kAgeX25519StanzaType) continue;
    if (stanza.args.size() != 1) return StanzaError("wrong argument count");
    auto share = Base64Decode(stanza.args[0], Base64Variant::kUnpadded);
    if (!share.ok() || share->size() != kAgeX25519KeyBytes) {
      return StanzaError("bad ephemeral share");
    }
    // Checked before any decryption, against partitioning-oracle attacks.
    if (stanza.body.size() != kAgeX25519BodyBytes) {
      return StanzaError("body is not 32 bytes");
    }
    SecretBytes shared(kAgeX25519KeyBytes);
    if (crypto_scalarmult(shared.MutableReveal().data(),
                          secret_key_.Reveal().data(), share->data()) != 0) {
      // All-zero shared secret: the share is a low-order point.
      return StanzaError("low-order ephemeral share");
    }
    FV_ASSIGN_OR_RETURN(
        SecretBytes wrap_key,
        DeriveWrapKey(shared, *share, recipient_.public_key()));
    SecretBytes file_key(kAgeFileKeyBytes);
    const std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES>
        nonce{};
    if (crypto_aead_chacha20poly1305_ietf_decrypt(
            file_key.MutableReveal().data(), nullptr, nullptr,
            stanza.body.data(), stanza.body.size(), nullptr, 0, nonce.data(),
            wrap_key.Reveal().data()) != 0) {
      continue;  // addressed to another recipient
    }
    return std::optional<SecretBytes>(std::move(file_key));
  }
  return std::optional<SecretBytes>();
}

// --------------------------------------------------------- identity file --

Result<std::vector<AgeIdentity>> ParseIdentityFile(
    std::span<const uint8_t> contents) {
  std::vector<AgeIdentity> identities;
  size_t line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    size_t end = 0;
    while (end < contents.size() && contents[end] != '\n') ++end;
    auto line = contents.first(end);
    contents = contents.subspan(std::min(end + 1, contents.size()));
    if (!line.empty() && line.back() == '\r') line = line.first(line.size() - 1);
    if (line.empty() || line.front() == '#') continue;
    auto identity = AgeIdentity::Parse(line);
    if (!identity.ok()) {
      return Status::InvalidArgument(
                 "identity file line " + std::to_string(line_number) +
                 ": not a valid age identity")
          .WithHint("an identity file holds AGE-SECRET-KEY-1... lines, as "
                    "written by age-keygen");
    }
    identities.push_back(std::move(identity).value());
  }
  if (identities.empty()) {
    return Status::InvalidArgument("identity file holds no age identity")
        .WithHint("an identity file holds AGE-SECRET-KEY-1... lines, as "
                  "written by age-keygen");
  }
  return identities;
}

SecretBytes FormatIdentityFile(const AgeIdentity& identity,
                               std::string_view created) {
  std::string head = "# created: " + std::string(created) +
                     "\n# public key: " + identity.Recipient().ToString() +
                     "\n";
  SecretBytes key = identity.ToSecretString();
  SecretBytes file(head.size() + key.size() + 1);
  auto out = file.MutableReveal();
  std::memcpy(out.data(), head.data(), head.size());
  std::memcpy(out.data() + head.size(), key.Reveal().data(), key.size());
  out[out.size() - 1] = '\n';
  return file;
}

}  // namespace fieldvault::crypto
