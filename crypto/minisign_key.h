// minisign key pairs: Ed25519 keys tagged with a random 8-byte key id, in
// the formats stock minisign reads and writes (see crypto/minisign_format.h
// for the bytes). A monitor's signing key is generated here, stored in the
// vault through ToBytes()/FromBytes(), and its public key travels in
// bundles and keyrings as the one-line base64 form `minisign -P` takes.
//
// The secret key lives only in SecretBytes (locked memory, wiped on
// destruction); no function here returns it as a string.
#ifndef FIELDVAULT_CRYPTO_MINISIGN_KEY_H_
#define FIELDVAULT_CRYPTO_MINISIGN_KEY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crypto/minisign_format.h"
#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::crypto {

class MinisignSecretKey;
struct MinisignSigningAccess;

// A signer's public key. Immutable and cheap to copy.
class MinisignPublicKey {
 public:
  // Parses a public key file (minisign.pub): the "untrusted comment:" line
  // and the key line. kInvalidArgument if malformed or not a valid Ed25519
  // point, kUnsupported for another algorithm.
  static Result<MinisignPublicKey> ParseFile(std::string_view text);
  // Parses the bare base64 key line (what `minisign -P` takes), without
  // surrounding whitespace. Errors as ParseFile.
  static Result<MinisignPublicKey> ParseBase64(std::string_view line);

  // The base64 key line, e.g. "RWRhUQuBcRrnvIhm...".
  std::string ToBase64() const;
  // The file minisign -G writes: "untrusted comment: minisign public key
  // <KEYID>\n<base64>\n" (KEYID with leading zeros, as minisign >= 0.12).
  std::string ToFileText() const;
  // The key id as minisign prints it: 16 uppercase hex digits.
  std::string KeyIdHex() const { return MinisignKeyIdHex(fields_.key_id); }
  const MinisignKeyId& key_id() const { return fields_.key_id; }
  // The raw Ed25519 public key.
  const MinisignEd25519PublicKey& ed25519_key() const { return fields_.key; }

  bool operator==(const MinisignPublicKey& other) const {
    return fields_.key_id == other.fields_.key_id &&
           fields_.key == other.fields_.key;
  }

 private:
  friend class MinisignSecretKey;
  explicit MinisignPublicKey(const MinisignPublicKeyFields& fields)
      : fields_(fields) {}
  static Result<MinisignPublicKey> FromFields(
      const MinisignPublicKeyFields& fields);

  MinisignPublicKeyFields fields_;
};

// A signer's secret key. Move-only; the key bytes stay in locked memory.
class MinisignSecretKey {
 public:
  // A new key pair: a random key id and a random Ed25519 seed, both drawn
  // from `random`. Cannot fail.
  static MinisignSecretKey Generate(RandomSource& random);

  // Restores a key saved with ToBytes(). kInvalidArgument if `raw` is not
  // such a key (wrong size or tag, or a public half that does not belong to
  // the seed). `raw` stays the caller's.
  static Result<MinisignSecretKey> FromBytes(const SecretBytes& raw);
  // The key for storage in the vault: "Ed" || key id (8) || Ed25519 secret
  // key (seed || public key, 64) = 74 bytes, in locked memory. Only for
  // storage inside the encrypted vault; never write it anywhere else.
  SecretBytes ToBytes() const;

  // Reads an unencrypted secret key file as written by `minisign -G -W`.
  // The checksum field must be all zeros (what minisign 0.11 writes for
  // -W) or BLAKE2b-256("Ed" || key id || secret key) (a key whose password
  // was removed with -C -W); anything else is kCorruption, as is a public
  // half that does not belong to the seed. kUnsupported with a hint for a
  // password-protected key. `contents` stays the caller's; keep it in
  // SecretBytes. Error messages never contain key bytes.
  static Result<MinisignSecretKey> ParseUnencryptedFile(
      std::span<const uint8_t> contents);

  MinisignPublicKey PublicKey() const;
  const MinisignKeyId& key_id() const { return key_id_; }
  std::string KeyIdHex() const { return MinisignKeyIdHex(key_id_); }

 private:
  // Signing goes through crypto/minisign.h (SignPrehashed) only: the one
  // class allowed to reach SignRaw is defined in crypto/minisign.cc.
  friend struct MinisignSigningAccess;
  // Ed25519 signature of `message` with this key.
  MinisignEd25519Signature SignRaw(std::span<const uint8_t> message) const;

  MinisignSecretKey(const MinisignKeyId& key_id, SecretBytes secret_key)
      : key_id_(key_id), secret_key_(std::move(secret_key)) {}
  // Checks that the public half of `secret_key` matches its seed.
  static Status CheckKeyPair(const SecretBytes& secret_key);

  MinisignKeyId key_id_{};
  SecretBytes secret_key_;  // kMinisignSecretKeyBytes: seed || public key
};

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_MINISIGN_KEY_H_
