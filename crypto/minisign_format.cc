#include "crypto/minisign_format.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "crypto/encoding.h"

namespace fieldvault::crypto {
namespace {

// Decoded sizes of the base64 lines.
constexpr size_t kPublicKeyBlobBytes =
    2 + kMinisignKeyIdBytes + kMinisignPublicKeyBytes;  // 42
constexpr size_t kSignatureBlobBytes =
    2 + kMinisignKeyIdBytes + kMinisignSignatureBytes;  // 74
// sig alg, KDF alg, checksum alg, salt, opslimit, memlimit, key id, secret
// key, checksum (minisign.h's SeckeyStruct).
constexpr size_t kSecretKeyKeyIdOffset =
    2 + 2 + 2 + kMinisignKdfSaltBytes + 8 + 8;
constexpr size_t kSecretKeySecretOffset =
    kSecretKeyKeyIdOffset + kMinisignKeyIdBytes;
constexpr size_t kSecretKeyChecksumOffset =
    kSecretKeySecretOffset + kMinisignSecretKeyBytes;
constexpr size_t kSecretKeyBlobBytes =
    kSecretKeyChecksumOffset + kMinisignChecksumBytes;  // 158

constexpr size_t kNoLimit = static_cast<size_t>(-1);

bool HasTag(std::span<const uint8_t> bytes, std::string_view tag) {
  return std::memcmp(bytes.data(), tag.data(), 2) == 0;
}

// Splits a file into lines the way minisign's fgets()/trim() reader sees
// them, refusing what minisign would silently misread: a CR that does not
// end a line (minisign cuts the line there) and NUL (C strings end there,
// so minisign would check a different comment than the one displayed).
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}
  bool AtEnd() const { return rest_.empty(); }

  // The next line without "\n" or "\r\n". `max_bytes` bounds the line
  // including a final CR, as minisign's fixed buffer does.
  Result<std::string_view> Next(std::string_view what, bool require_newline,
                                size_t max_bytes) {
    if (rest_.empty()) return Error(what, "is missing");
    size_t newline = rest_.find('\n');
    std::string_view line = rest_.substr(0, newline);
    if (newline == std::string_view::npos && require_newline) {
      return Error(what, "is cut short (no end of line)");
    }
    rest_.remove_prefix(std::min(rest_.size(), line.size() + 1));
    if (line.size() > max_bytes) return Error(what, "is too long");
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos) {
      return Error(what, "holds a carriage return inside the line");
    }
    if (line.find('\0') != std::string_view::npos) {
      return Error(what, "holds a NUL byte");
    }
    return line;
  }

 private:
  static Status Error(std::string_view what, std::string_view problem) {
    return Status::InvalidArgument(std::string(what) + " " +
                                   std::string(problem));
  }
  std::string_view rest_;
};

Result<std::string_view> StripPrefix(std::string_view line,
                                     std::string_view prefix,
                                     std::string_view what) {
  if (line.substr(0, prefix.size()) != prefix) {
    return Status::InvalidArgument(std::string(what) +
                                   " does not start with \"" +
                                   std::string(prefix) + "\"");
  }
  return line.substr(prefix.size());
}

Result<std::vector<uint8_t>> DecodeLine(std::string_view line, size_t size,
                                        std::string_view what) {
  auto decoded = Base64Decode(line, Base64Variant::kPadded);
  if (!decoded.ok() || decoded->size() != size) {
    return Status::InvalidArgument(std::string(what) +
                                   " is not valid base64 of the right length");
  }
  return std::move(decoded).value();
}

// Decodes base64 `text` of exactly out.size() bytes into `out` without
// putting any of it in unlocked memory (the secret key line). Canonical
// form is checked by re-encoding into locked memory as well.
Status DecodeSecretBase64(std::string_view text, std::span<uint8_t> out) {
  const Status bad = Status::InvalidArgument(
      "secret key line is not valid base64 of the right length");
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  if (text.size() != sodium_base64_encoded_len(out.size(), kVariant) - 1) {
    return bad;
  }
  size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(),
                        nullptr, &written, &end, kVariant) != 0 ||
      written != out.size() || end != text.data() + text.size()) {
    return bad;
  }
  SecretBytes encoded(text.size() + 1);
  char* encoded_chars = reinterpret_cast<char*>(encoded.MutableReveal().data());
  sodium_bin2base64(encoded_chars, encoded.size(), out.data(), out.size(),
                    kVariant);
  if (sodium_memcmp(encoded_chars, text.data(), text.size()) != 0) return bad;
  return Status::Ok();
}

Status CheckComment(std::string_view comment, size_t max_bytes,
                    std::string_view what) {
  if (comment.size() > max_bytes) {
    return Status::InvalidArgument(std::string(what) + " is longer than " +
                                   std::to_string(max_bytes) + " bytes")
        .WithHint("shorten it; stock minisign cannot read longer comments");
  }
  if (comment.find_first_of(std::string_view("\r\n\0", 3)) !=
      std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) +
                                   " holds a line break or NUL byte")
        .WithHint("a minisign comment must be a single line of text");
  }
  return Status::Ok();
}

// Checks the three algorithm tags at the start of a decoded secret key.
Status CheckSecretKeyTags(std::span<const uint8_t> bytes) {
  if (!HasTag(bytes, kMinisignAlgLegacy)) {
    return Status::Unsupported("secret key is not an Ed25519 minisign key");
  }
  if (!HasTag(bytes.subspan(4), kMinisignChecksumBlake2b)) {
    return Status::Unsupported("secret key uses an unknown checksum");
  }
  if (HasTag(bytes.subspan(2), kMinisignKdfScrypt)) {
    return Status::Unsupported(
               "this minisign secret key is protected by a "
               "password")
        .WithHint(
            "remove the password with `minisign -C -W -s KEYFILE` "
            "on a copy of the key, then use that copy");
  }
  if (!HasTag(bytes.subspan(2), kMinisignKdfNone)) {
    return Status::Unsupported("secret key uses an unknown key derivation");
  }
  return Status::Ok();
}

}  // namespace

std::string MinisignKeyIdHex(const MinisignKeyId& key_id) {
  // Little-endian number printed most significant byte first.
  MinisignKeyId reversed;
  std::reverse_copy(key_id.begin(), key_id.end(), reversed.begin());
  std::string hex = HexEncode(reversed);
  std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) {
    return c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c;
  });
  return hex;
}

std::string EncodeMinisignPublicKeyLine(const MinisignPublicKeyFields& key) {
  std::array<uint8_t, kPublicKeyBlobBytes> blob;
  std::memcpy(blob.data(), kMinisignAlgLegacy.data(), 2);
  std::copy(key.key_id.begin(), key.key_id.end(), blob.begin() + 2);
  std::copy(key.key.begin(), key.key.end(),
            blob.begin() + 2 + kMinisignKeyIdBytes);
  return Base64Encode(blob, Base64Variant::kPadded);
}

Result<MinisignPublicKeyFields> DecodeMinisignPublicKeyLine(
    std::string_view line) {
  auto blob = DecodeLine(line, kPublicKeyBlobBytes, "public key");
  if (!blob.ok()) {
    return blob.status().WithHint(
        "a minisign public key is one line of 56 characters starting "
        "with \"RW\"");
  }
  if (!HasTag(*blob, kMinisignAlgLegacy)) {
    return Status::Unsupported("public key is not an Ed25519 minisign key");
  }
  MinisignPublicKeyFields key;
  std::copy_n(blob->begin() + 2, kMinisignKeyIdBytes, key.key_id.begin());
  std::copy_n(blob->begin() + 2 + kMinisignKeyIdBytes, kMinisignPublicKeyBytes,
              key.key.begin());
  return key;
}

std::string FormatMinisignPublicKeyFile(const MinisignPublicKeyFields& key) {
  return std::string(kMinisignUntrustedPrefix) + "minisign public key " +
         MinisignKeyIdHex(key.key_id) + "\n" +
         EncodeMinisignPublicKeyLine(key) + "\n";
}

Result<MinisignPublicKeyFields> ParseMinisignPublicKeyFile(
    std::string_view text) {
  LineReader lines(text);
  FV_ASSIGN_OR_RETURN(std::string_view comment,
                      lines.Next("public key file: comment line", true,
                                 kMinisignMaxUntrustedLineBytes));
  FV_RETURN_IF_ERROR(StripPrefix(comment, kMinisignUntrustedPrefix,
                                 "public key file: first line")
                         .status());
  FV_ASSIGN_OR_RETURN(std::string_view line,
                      lines.Next("public key file: key line", false, kNoLimit));
  if (!lines.AtEnd()) {
    return Status::InvalidArgument(
        "public key file: unexpected text after the key line");
  }
  return DecodeMinisignPublicKeyLine(line);
}

Result<MinisignSecretKeyFields> ParseMinisignSecretKeyFile(
    std::span<const uint8_t> contents) {
  std::string_view text(reinterpret_cast<const char*>(contents.data()),
                        contents.size());
  LineReader lines(text);
  FV_ASSIGN_OR_RETURN(std::string_view comment,
                      lines.Next("secret key file: comment line", true,
                                 kMinisignMaxUntrustedLineBytes));
  FV_RETURN_IF_ERROR(StripPrefix(comment, kMinisignUntrustedPrefix,
                                 "secret key file: first line")
                         .status());
  FV_ASSIGN_OR_RETURN(std::string_view line,
                      lines.Next("secret key file: key line", false, kNoLimit));
  if (!lines.AtEnd()) {
    return Status::InvalidArgument(
        "secret key file: unexpected text after the key line");
  }
  SecretBytes blob(kSecretKeyBlobBytes);
  FV_RETURN_IF_ERROR_CTX(DecodeSecretBase64(line, blob.MutableReveal()),
                         "secret key file");
  std::span<const uint8_t> bytes = blob.Reveal();
  FV_RETURN_IF_ERROR(CheckSecretKeyTags(bytes));
  MinisignSecretKeyFields fields;
  std::copy_n(bytes.begin() + kSecretKeyKeyIdOffset, kMinisignKeyIdBytes,
              fields.key_id.begin());
  fields.secret_key = SecretBytes::CopyOf(
      bytes.subspan(kSecretKeySecretOffset, kMinisignSecretKeyBytes));
  std::copy_n(bytes.begin() + kSecretKeyChecksumOffset, kMinisignChecksumBytes,
              fields.checksum.begin());
  return fields;
}

namespace {

// Decodes the second line ("ED"/"Ed" || key id || signature) into `sig`.
Status DecodeSignatureLine(std::string_view line, MinisignSignature& sig) {
  FV_ASSIGN_OR_RETURN(std::vector<uint8_t> blob,
                      DecodeLine(line, kSignatureBlobBytes, "signature line"));
  if (HasTag(blob, kMinisignAlgPrehashed)) {
    sig.prehashed = true;
  } else if (HasTag(blob, kMinisignAlgLegacy)) {
    sig.prehashed = false;
  } else {
    return Status::Unsupported("unknown signature algorithm");
  }
  std::copy_n(blob.begin() + 2, kMinisignKeyIdBytes, sig.key_id.begin());
  std::copy_n(blob.begin() + 2 + kMinisignKeyIdBytes, kMinisignSignatureBytes,
              sig.signature.begin());
  return Status::Ok();
}

// The body of ParseSignatureFile, whose errors it wraps.
Result<MinisignSignature> ParseSignatureFileLines(std::string_view text) {
  LineReader lines(text);
  MinisignSignature sig;
  FV_ASSIGN_OR_RETURN(std::string_view untrusted,
                      lines.Next("untrusted comment line", true,
                                 kMinisignMaxUntrustedLineBytes));
  FV_ASSIGN_OR_RETURN(
      untrusted,
      StripPrefix(untrusted, kMinisignUntrustedPrefix, "first line"));
  sig.untrusted_comment = untrusted;
  FV_ASSIGN_OR_RETURN(std::string_view sig_line,
                      lines.Next("signature line", true, kNoLimit));
  FV_RETURN_IF_ERROR(DecodeSignatureLine(sig_line, sig));
  FV_ASSIGN_OR_RETURN(
      std::string_view trusted,
      lines.Next("trusted comment line", true, kMinisignMaxTrustedLineBytes));
  FV_ASSIGN_OR_RETURN(
      trusted, StripPrefix(trusted, kMinisignTrustedPrefix, "third line"));
  sig.trusted_comment = trusted;
  FV_ASSIGN_OR_RETURN(std::string_view global_line,
                      lines.Next("global signature line", false, kNoLimit));
  FV_ASSIGN_OR_RETURN(std::vector<uint8_t> global,
                      DecodeLine(global_line, kMinisignSignatureBytes,
                                 "global signature line"));
  std::copy(global.begin(), global.end(), sig.global_signature.begin());
  if (!lines.AtEnd()) {
    return Status::InvalidArgument("unexpected text after the fourth line");
  }
  return sig;
}

}  // namespace

Result<MinisignSignature> ParseSignatureFile(std::string_view text) {
  auto signature = ParseSignatureFileLines(text);
  if (!signature.ok()) {
    return signature.status()
        .WithContext("not a valid minisign signature file")
        .WithHint("was an actual minisign signature (.minisig) given?");
  }
  return signature;
}

Result<std::string> FormatSignatureFile(const MinisignSignature& signature) {
  FV_RETURN_IF_ERROR(
      CheckMinisignUntrustedComment(signature.untrusted_comment));
  FV_RETURN_IF_ERROR(CheckMinisignTrustedComment(signature.trusted_comment));
  std::array<uint8_t, kSignatureBlobBytes> blob;
  std::string_view alg =
      signature.prehashed ? kMinisignAlgPrehashed : kMinisignAlgLegacy;
  std::memcpy(blob.data(), alg.data(), 2);
  std::copy(signature.key_id.begin(), signature.key_id.end(), blob.begin() + 2);
  std::copy(signature.signature.begin(), signature.signature.end(),
            blob.begin() + 2 + kMinisignKeyIdBytes);
  return std::string(kMinisignUntrustedPrefix) + signature.untrusted_comment +
         "\n" + Base64Encode(blob, Base64Variant::kPadded) + "\n" +
         std::string(kMinisignTrustedPrefix) + signature.trusted_comment +
         "\n" +
         Base64Encode(signature.global_signature, Base64Variant::kPadded) +
         "\n";
}

Status CheckMinisignUntrustedComment(std::string_view comment) {
  return CheckComment(comment, kMinisignMaxUntrustedCommentBytes,
                      "untrusted comment");
}

Status CheckMinisignTrustedComment(std::string_view comment) {
  return CheckComment(comment, kMinisignMaxTrustedCommentBytes,
                      "trusted comment");
}

}  // namespace fieldvault::crypto
