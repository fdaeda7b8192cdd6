#include "crypto/minisign_key.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace fieldvault::crypto {
namespace {

constexpr size_t kSeedBytes = crypto_sign_SEEDBYTES;
constexpr size_t kStoredKeyBytes =
    2 + kMinisignKeyIdBytes + kMinisignSecretKeyBytes;  // ToBytes() layout

static_assert(crypto_sign_PUBLICKEYBYTES == kMinisignPublicKeyBytes);
static_assert(crypto_sign_SECRETKEYBYTES == kMinisignSecretKeyBytes);
static_assert(crypto_sign_BYTES == kMinisignSignatureBytes);

// minisign's checksum of a secret key: BLAKE2b-256("Ed" || key id || sk).
std::array<uint8_t, kMinisignChecksumBytes> SecretKeyChecksum(
    const MinisignKeyId& key_id, const SecretBytes& secret_key) {
  crypto_generichash_blake2b_state state;
  crypto_generichash_blake2b_init(&state, nullptr, 0, kMinisignChecksumBytes);
  crypto_generichash_blake2b_update(
      &state, reinterpret_cast<const uint8_t*>(kMinisignAlgLegacy.data()), 2);
  crypto_generichash_blake2b_update(&state, key_id.data(), key_id.size());
  crypto_generichash_blake2b_update(&state, secret_key.Reveal().data(),
                                    secret_key.size());
  std::array<uint8_t, kMinisignChecksumBytes> checksum;
  crypto_generichash_blake2b_final(&state, checksum.data(), checksum.size());
  // The state held secret-derived bytes.
  sodium_memzero(&state, sizeof state);
  return checksum;
}

}  // namespace

Result<MinisignPublicKey> MinisignPublicKey::FromFields(
    const MinisignPublicKeyFields& fields) {
  // Refuse small-order and non-canonical points at once, rather than
  // letting every later verification fail with a misleading "bad signature".
  if (crypto_core_ed25519_is_valid_point(fields.key.data()) != 1) {
    return Status::InvalidArgument("public key is not a valid Ed25519 key");
  }
  return MinisignPublicKey(fields);
}

Result<MinisignPublicKey> MinisignPublicKey::ParseFile(std::string_view text) {
  FV_ASSIGN_OR_RETURN(MinisignPublicKeyFields fields,
                      ParseMinisignPublicKeyFile(text));
  return FromFields(fields);
}

Result<MinisignPublicKey> MinisignPublicKey::ParseBase64(
    std::string_view line) {
  FV_ASSIGN_OR_RETURN(MinisignPublicKeyFields fields,
                      DecodeMinisignPublicKeyLine(line));
  return FromFields(fields);
}

std::string MinisignPublicKey::ToBase64() const {
  return EncodeMinisignPublicKeyLine(fields_);
}

std::string MinisignPublicKey::ToFileText() const {
  return FormatMinisignPublicKeyFile(fields_);
}

MinisignSecretKey MinisignSecretKey::Generate(RandomSource& random) {
  MinisignKeyId key_id;
  random.Fill(key_id);
  SecretBytes seed(kSeedBytes);
  random.Fill(seed.MutableReveal());
  SecretBytes secret_key(kMinisignSecretKeyBytes);
  MinisignEd25519PublicKey public_key;
  crypto_sign_seed_keypair(public_key.data(), secret_key.MutableReveal().data(),
                           seed.Reveal().data());
  return MinisignSecretKey(key_id, std::move(secret_key));
}

Status MinisignSecretKey::CheckKeyPair(const SecretBytes& secret_key) {
  // An Ed25519 secret key is seed || public key; signing with a public
  // half that does not belong to the seed yields signatures nobody can
  // verify, so a damaged key is caught here instead.
  SecretBytes derived(kMinisignSecretKeyBytes);
  MinisignEd25519PublicKey public_key;
  crypto_sign_seed_keypair(public_key.data(), derived.MutableReveal().data(),
                           secret_key.Reveal().data());
  if (!derived.Equals(secret_key)) {
    return Status::Corruption("secret key is damaged (its two halves differ)");
  }
  return Status::Ok();
}

Result<MinisignSecretKey> MinisignSecretKey::FromBytes(const SecretBytes& raw) {
  std::span<const uint8_t> bytes = raw.Reveal();
  if (bytes.size() != kStoredKeyBytes ||
      std::memcmp(bytes.data(), kMinisignAlgLegacy.data(), 2) != 0) {
    return Status::InvalidArgument("not a stored minisign secret key");
  }
  MinisignKeyId key_id;
  std::copy_n(bytes.begin() + 2, kMinisignKeyIdBytes, key_id.begin());
  SecretBytes secret_key = SecretBytes::CopyOf(
      bytes.subspan(2 + kMinisignKeyIdBytes, kMinisignSecretKeyBytes));
  Status pair = CheckKeyPair(secret_key);
  if (!pair.ok()) return Status::InvalidArgument(pair.message());
  return MinisignSecretKey(key_id, std::move(secret_key));
}

SecretBytes MinisignSecretKey::ToBytes() const {
  SecretBytes raw(kStoredKeyBytes);
  std::span<uint8_t> out = raw.MutableReveal();
  std::memcpy(out.data(), kMinisignAlgLegacy.data(), 2);
  std::copy(key_id_.begin(), key_id_.end(), out.begin() + 2);
  std::copy(secret_key_.Reveal().begin(), secret_key_.Reveal().end(),
            out.begin() + 2 + kMinisignKeyIdBytes);
  return raw;
}

Result<MinisignSecretKey> MinisignSecretKey::ParseUnencryptedFile(
    std::span<const uint8_t> contents) {
  FV_ASSIGN_OR_RETURN(MinisignSecretKeyFields fields,
                      ParseMinisignSecretKeyFile(contents));
  // minisign 0.11 leaves the checksum zero for keys generated with -W and
  // keeps the real one when -C -W removes a password; accept both.
  if (sodium_is_zero(fields.checksum.data(), fields.checksum.size()) != 1) {
    auto expected = SecretKeyChecksum(fields.key_id, fields.secret_key);
    if (sodium_memcmp(expected.data(), fields.checksum.data(),
                      expected.size()) != 0) {
      return Status::Corruption("secret key file is damaged (bad checksum)");
    }
  }
  FV_RETURN_IF_ERROR_CTX(CheckKeyPair(fields.secret_key), "secret key file");
  return MinisignSecretKey(fields.key_id, std::move(fields.secret_key));
}

MinisignPublicKey MinisignSecretKey::PublicKey() const {
  MinisignPublicKeyFields fields;
  fields.key_id = key_id_;
  std::copy_n(secret_key_.Reveal().begin() + kSeedBytes,
              kMinisignPublicKeyBytes, fields.key.begin());
  return MinisignPublicKey(fields);
}

MinisignEd25519Signature MinisignSecretKey::SignRaw(
    std::span<const uint8_t> message) const {
  MinisignEd25519Signature signature;
  crypto_sign_detached(signature.data(), nullptr, message.data(),
                       message.size(), secret_key_.Reveal().data());
  return signature;
}

}  // namespace fieldvault::crypto
