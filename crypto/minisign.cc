#include "crypto/minisign.h"

#include <sodium.h>

#include <vector>

namespace fieldvault::crypto {

// The only way to reach MinisignSecretKey::SignRaw (see minisign_key.h), so
// that the raw Ed25519 operation is used for minisign's two messages only.
struct MinisignSigningAccess {
  static MinisignEd25519Signature Sign(const MinisignSecretKey& key,
                                       std::span<const uint8_t> message) {
    return key.SignRaw(message);
  }
};

namespace {

// The message of the global signature: signature || trusted comment.
std::vector<uint8_t> GlobalMessage(const MinisignEd25519Signature& signature,
                                   std::string_view trusted_comment) {
  std::vector<uint8_t> message(signature.begin(), signature.end());
  std::span<const uint8_t> comment = AsBytes(trusted_comment);
  message.insert(message.end(), comment.begin(), comment.end());
  return message;
}

bool Ed25519Verify(const MinisignPublicKey& key,
                   const MinisignEd25519Signature& signature,
                   std::span<const uint8_t> message) {
  return crypto_sign_verify_detached(signature.data(), message.data(),
                                     message.size(),
                                     key.ed25519_key().data()) == 0;
}

// Legacy signatures cover the message itself, so it must be held whole;
// the bound keeps a hostile or mistaken input from exhausting memory.
Result<std::vector<uint8_t>> ReadLegacyMessage(ByteSource& source) {
  std::vector<uint8_t> message;
  std::vector<uint8_t> buffer(64 * 1024);
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, source.Read(buffer));
    if (n == 0) return message;
    if (message.size() + n > kMinisignLegacyMaxMessageBytes) {
      return Status::Unsupported(
                 "file too large for a legacy (non-prehashed) signature")
          .WithHint("sign it again with a current minisign (prehashed)");
    }
    message.insert(message.end(), buffer.begin(), buffer.begin() + n);
  }
}

// Checks the signature over the message (its BLAKE2b-512 digest when
// prehashed). Returns whether it verified, or the source's read error.
Result<bool> VerifyMessage(const MinisignPublicKey& key, ByteSource& message,
                           const MinisignSignature& signature) {
  if (signature.prehashed) {
    FV_ASSIGN_OR_RETURN(Blake2b512 digest, HashBlake2b512(message));
    return Ed25519Verify(key, signature.signature, digest);
  }
  FV_ASSIGN_OR_RETURN(std::vector<uint8_t> whole, ReadLegacyMessage(message));
  return Ed25519Verify(key, signature.signature, whole);
}

}  // namespace

Result<MinisignSignature> SignPrehashedDigest(
    const MinisignSecretKey& key, const Blake2b512& message_digest,
    std::string_view trusted_comment, std::string_view untrusted_comment) {
  FV_RETURN_IF_ERROR(CheckMinisignTrustedComment(trusted_comment));
  FV_RETURN_IF_ERROR(CheckMinisignUntrustedComment(untrusted_comment));
  MinisignSignature signature;
  signature.prehashed = true;
  signature.key_id = key.key_id();
  signature.signature = MinisignSigningAccess::Sign(key, message_digest);
  signature.untrusted_comment = untrusted_comment;
  signature.trusted_comment = trusted_comment;
  signature.global_signature = MinisignSigningAccess::Sign(
      key, GlobalMessage(signature.signature, trusted_comment));
  return signature;
}

Result<std::string> SignPrehashed(const MinisignSecretKey& key,
                                  ByteSource& message,
                                  std::string_view trusted_comment,
                                  std::string_view untrusted_comment) {
  // Check the comments before reading what may be a very large file.
  FV_RETURN_IF_ERROR(CheckMinisignTrustedComment(trusted_comment));
  FV_RETURN_IF_ERROR(CheckMinisignUntrustedComment(untrusted_comment));
  auto digest = HashBlake2b512(message);
  if (!digest.ok()) return digest.status().WithContext("sign: read file");
  FV_ASSIGN_OR_RETURN(
      MinisignSignature signature,
      SignPrehashedDigest(key, *digest, trusted_comment, untrusted_comment));
  return FormatSignatureFile(signature);
}

Status VerifySignature(const MinisignPublicKey& public_key, ByteSource& message,
                       std::string_view signature_file, bool allow_legacy) {
  FV_ASSIGN_OR_RETURN(MinisignSignature signature,
                      ParseSignatureFile(signature_file));
  return VerifySignature(public_key, message, signature, allow_legacy);
}

Status VerifySignature(const MinisignPublicKey& public_key, ByteSource& message,
                       const MinisignSignature& signature, bool allow_legacy) {
  if (!signature.prehashed && !allow_legacy) {
    return Status::Unsupported(
               "legacy (non-prehashed) minisign signature refused")
        .WithHint("sign with minisign 0.10 or later (prehashed by default)");
  }
  // The key id is not authenticated, but a mismatch is the common honest
  // mistake (wrong public key), so it gets its own message.
  if (signature.key_id != public_key.key_id()) {
    return Status::AuthFailed("signature was made with key " +
                              signature.KeyIdHex() + ", not with key " +
                              public_key.KeyIdHex())
        .WithHint("check that you use the signer's public key");
  }
  auto verified = VerifyMessage(public_key, message, signature);
  if (!verified.ok()) {
    return verified.status().WithContext("verify signature: read file");
  }
  if (!*verified || !Ed25519Verify(public_key, signature.global_signature,
                                   GlobalMessage(signature.signature,
                                                 signature.trusted_comment))) {
    return Status::AuthFailed(
        "signature verification failed: the file, its trusted comment or "
        "its signature was altered");
  }
  return Status::Ok();
}

}  // namespace fieldvault::crypto
