// The minisign text formats: limits, strictness and the secret key file.
#include "crypto/minisign_format.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <iterator>
#include <string>

#include "crypto/byte_stream.h"
#include "crypto/encoding.h"
#include "crypto/init.h"
#include "crypto/minisign.h"

namespace fieldvault::crypto {
namespace {

std::string ReadVector(const std::string& name) {
  std::ifstream in(
      std::string(FIELDVAULT_SOURCE_DIR) + "/tests/vectors/minisign/" + name,
      std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The four lines of msg.txt.minisig, to rebuild variants from.
struct Lines {
  std::string untrusted, sig, trusted, global;
};

Lines FixtureLines() {
  std::string text = ReadVector("msg.txt.minisig");
  Lines lines;
  size_t a = text.find('\n'), b = text.find('\n', a + 1),
         c = text.find('\n', b + 1), d = text.find('\n', c + 1);
  lines.untrusted = text.substr(0, a);
  lines.sig = text.substr(a + 1, b - a - 1);
  lines.trusted = text.substr(b + 1, c - b - 1);
  lines.global = text.substr(c + 1, d - c - 1);
  return lines;
}

std::string Join(const Lines& l) {
  return l.untrusted + "\n" + l.sig + "\n" + l.trusted + "\n" + l.global + "\n";
}

class MinisignFormatTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
};

TEST_F(MinisignFormatTest, KeyIdHexIsLittleEndianUppercase) {
  MinisignKeyId id = {0x61, 0x51, 0x0b, 0x81, 0x71, 0x1a, 0xe7, 0xbc};
  EXPECT_EQ(MinisignKeyIdHex(id), "BCE71A71810B5161");
  // Always 16 digits, leading zeros kept (minisign >= 0.12 does the same).
  MinisignKeyId small = {0x89, 0x08, 0x5e, 0x19, 0x0d, 0x74, 0x69, 0x04};
  EXPECT_EQ(MinisignKeyIdHex(small), "0469740D195E0889");
}

TEST_F(MinisignFormatTest, FormatThenParseRoundTrips) {
  auto parsed = ParseSignatureFile(ReadVector("msg.txt.minisig"));
  ASSERT_TRUE(parsed.ok());
  auto text = FormatSignatureFile(*parsed);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, ReadVector("msg.txt.minisig"));
}

TEST_F(MinisignFormatTest, UntrustedCommentLengthLimit) {
  Lines lines = FixtureLines();
  lines.untrusted = "untrusted comment: " + std::string(1003, 'u');
  EXPECT_TRUE(ParseSignatureFile(Join(lines)).ok());
  lines.untrusted += "u";
  EXPECT_EQ(ParseSignatureFile(Join(lines)).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckMinisignUntrustedComment(std::string(1003, 'u')).ok());
  EXPECT_FALSE(CheckMinisignUntrustedComment(std::string(1004, 'u')).ok());
}

TEST_F(MinisignFormatTest, TrustedCommentLengthLimit) {
  EXPECT_TRUE(CheckMinisignTrustedComment(std::string(8173, 't')).ok());
  EXPECT_FALSE(CheckMinisignTrustedComment(std::string(8174, 't')).ok());
  Lines lines = FixtureLines();
  lines.trusted = "trusted comment: " + std::string(8173, 't');
  EXPECT_TRUE(ParseSignatureFile(Join(lines)).ok());
  lines.trusted += "t";
  EXPECT_FALSE(ParseSignatureFile(Join(lines)).ok());
}

TEST_F(MinisignFormatTest, CommentCharacters) {
  for (std::string_view bad :
       {std::string_view("a\nb"), std::string_view("a\rb"),
        std::string_view("a\0b", 3)}) {
    EXPECT_FALSE(CheckMinisignTrustedComment(bad).ok());
    EXPECT_FALSE(CheckMinisignUntrustedComment(bad).ok());
  }
  EXPECT_TRUE(CheckMinisignTrustedComment("timestamp:1\tfile:x\thashed").ok());
  EXPECT_TRUE(CheckMinisignTrustedComment("").ok());
}

TEST_F(MinisignFormatTest, RefusesWhatMinisignWouldMisread) {
  Lines lines = FixtureLines();
  Lines cr = lines;
  cr.trusted = "trusted comment: export-bundle\r test v1";
  EXPECT_FALSE(ParseSignatureFile(Join(cr)).ok());
  Lines nul = lines;
  nul.trusted = std::string("trusted comment: export\0bundle", 30);
  EXPECT_FALSE(ParseSignatureFile(Join(nul)).ok());
  EXPECT_FALSE(ParseSignatureFile(Join(lines) + "extra\n").ok());
  EXPECT_FALSE(ParseSignatureFile(Join(lines) + "\n").ok());
  Lines prefix = lines;
  prefix.untrusted = "Untrusted comment: x";
  EXPECT_FALSE(ParseSignatureFile(Join(prefix)).ok());
  Lines trusted_prefix = lines;
  trusted_prefix.trusted = "trusted: export-bundle test v1";
  EXPECT_FALSE(ParseSignatureFile(Join(trusted_prefix)).ok());
  Lines space = lines;
  space.sig += " ";
  EXPECT_FALSE(ParseSignatureFile(Join(space)).ok());
  EXPECT_FALSE(ParseSignatureFile("").ok());
  // The signature line must end with a newline, as minisign requires.
  EXPECT_FALSE(ParseSignatureFile(lines.untrusted + "\n" + lines.sig).ok());
}

TEST_F(MinisignFormatTest, PublicKeyFileStrictness) {
  std::string file = ReadVector("test.pub");
  EXPECT_TRUE(ParseMinisignPublicKeyFile(file).ok());
  EXPECT_TRUE(ParseMinisignPublicKeyFile(file.substr(0, file.size() - 1)).ok());
  EXPECT_FALSE(ParseMinisignPublicKeyFile(file + "more\n").ok());
  EXPECT_FALSE(
      ParseMinisignPublicKeyFile(file.substr(file.find('\n') + 1)).ok());
  std::string line = file.substr(file.find('\n') + 1, 56);
  EXPECT_TRUE(DecodeMinisignPublicKeyLine(line).ok());
  EXPECT_FALSE(DecodeMinisignPublicKeyLine(line + "=").ok());
  EXPECT_FALSE(DecodeMinisignPublicKeyLine(line.substr(1)).ok());
  // A signature line is not a public key.
  EXPECT_FALSE(DecodeMinisignPublicKeyLine(FixtureLines().sig).ok());
  // "ED" is a signature tag, not a key tag.
  auto bytes = Base64Decode(line, Base64Variant::kPadded);
  ASSERT_TRUE(bytes.ok());
  (*bytes)[1] = 'D';
  EXPECT_EQ(
      DecodeMinisignPublicKeyLine(Base64Encode(*bytes, Base64Variant::kPadded))
          .status()
          .code(),
      StatusCode::kUnsupported);
}

// Rebuilds test.key with the decoded blob changed by `edit`.
std::string EditedSecretKey(void (*edit)(std::vector<uint8_t>&)) {
  std::string file = ReadVector("test.key");
  size_t newline = file.find('\n');
  std::string line = file.substr(newline + 1);
  line.pop_back();
  auto blob = Base64Decode(line, Base64Variant::kPadded);
  EXPECT_TRUE(blob.ok());
  edit(*blob);
  return file.substr(0, newline + 1) +
         Base64Encode(*blob, Base64Variant::kPadded) + "\n";
}

Status ParseSecret(const std::string& text) {
  return MinisignSecretKey::ParseUnencryptedFile(AsBytes(text)).status();
}

TEST_F(MinisignFormatTest, SecretKeyFileChecks) {
  EXPECT_TRUE(ParseSecret(ReadVector("test.key")).ok());
  // A correct checksum (a key whose password was removed) is accepted.
  EXPECT_TRUE(ParseSecret(EditedSecretKey([](std::vector<uint8_t>& b) {
                crypto_generichash_state state;
                crypto_generichash_init(&state, nullptr, 0, 32);
                crypto_generichash_update(&state, b.data(), 2);
                crypto_generichash_update(&state, b.data() + 54, 72);
                crypto_generichash_final(&state, b.data() + 126, 32);
              })).ok());
  EXPECT_EQ(ParseSecret(EditedSecretKey([](std::vector<uint8_t>& b) {
              b[126] = 1;
            })).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(ParseSecret(EditedSecretKey([](std::vector<uint8_t>& b) {
              b[100] ^= 1;  // inside the public half
            })).code(),
            StatusCode::kCorruption);
  Status scrypt = ParseSecret(EditedSecretKey([](std::vector<uint8_t>& b) {
    b[2] = 'S';
    b[3] = 'c';
  }));
  EXPECT_EQ(scrypt.code(), StatusCode::kUnsupported);
  EXPECT_NE(scrypt.hint().find("minisign -C -W"), std::string::npos);
  EXPECT_EQ(ParseSecret(EditedSecretKey([](std::vector<uint8_t>& b) {
              b[4] = 'X';
            })).code(),
            StatusCode::kUnsupported);
  EXPECT_FALSE(ParseSecret(ReadVector("test.pub")).ok());
  EXPECT_FALSE(ParseSecret("").ok());
  EXPECT_FALSE(ParseSecret(ReadVector("test.key") + "x").ok());
}

}  // namespace
}  // namespace fieldvault::crypto
