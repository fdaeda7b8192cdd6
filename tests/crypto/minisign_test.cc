// Signing and verification against the minisign fixtures in
// tests/vectors/minisign (every row of expect.tsv), plus key handling.
#include "crypto/minisign.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault::crypto {
namespace {

std::string VectorPath(const std::string& name) {
  return std::string(FIELDVAULT_SOURCE_DIR) + "/tests/vectors/minisign/" + name;
}

std::string ReadVector(const std::string& name) {
  std::ifstream in(VectorPath(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing vector " << name;
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

SecretBytes ReadSecretVector(const std::string& name) {
  std::string text = ReadVector(name);
  return SecretBytes::CopyOf(AsBytes(text));
}

class MinisignTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }

  static Status Verify(const std::string& sig_name, const std::string& msg_name,
                       const std::string& pub_name, bool allow_legacy) {
    auto key = MinisignPublicKey::ParseFile(ReadVector(pub_name));
    if (!key.ok()) return key.status();
    std::string message = ReadVector(msg_name);
    MemorySource source(AsBytes(message));
    return VerifySignature(*key, source, ReadVector(sig_name), allow_legacy);
  }
};

struct ExpectRow {
  std::string signature, message, public_key, expect;
  int minisign_exit = -1;
};

std::vector<ExpectRow> ReadExpectTsv() {
  std::vector<ExpectRow> rows;
  std::istringstream lines(ReadVector("expect.tsv"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    ExpectRow row;
    std::getline(fields, row.signature, '\t');
    std::getline(fields, row.message, '\t');
    std::getline(fields, row.public_key, '\t');
    std::getline(fields, row.expect, '\t');
    fields >> row.minisign_exit;
    rows.push_back(row);
  }
  return rows;
}

TEST_F(MinisignTest, EveryExpectRow) {
  std::vector<ExpectRow> rows = ReadExpectTsv();
  ASSERT_EQ(rows.size(), 18u);
  int accepted = 0;
  for (const ExpectRow& row : rows) {
    SCOPED_TRACE(row.signature + " " + row.message + " " + row.public_key);
    ASSERT_TRUE(row.expect == "accept" || row.expect == "reject");
    // Stock minisign -V allows legacy signatures; so do we when asked.
    Status status = Verify(row.signature, row.message, row.public_key, true);
    EXPECT_EQ(status.ok(), row.expect == "accept") << status.ToString();
    if (row.expect == "accept") ++accepted;
    // minisign exits 1 for a failed check (ours: kAuthFailed) and 2 for an
    // unreadable file (ours: a parse error).
    if (row.minisign_exit == 1) {
      EXPECT_EQ(status.code(), StatusCode::kAuthFailed) << status.ToString();
    } else if (row.minisign_exit == 2) {
      EXPECT_TRUE(status.code() == StatusCode::kInvalidArgument ||
                  status.code() == StatusCode::kUnsupported)
          << status.ToString();
    }
    // Without legacy allowed, only prehashed signatures can pass.
    auto parsed = ParseSignatureFile(ReadVector(row.signature));
    if (parsed.ok() && !parsed->prehashed) {
      Status strict = Verify(row.signature, row.message, row.public_key, false);
      EXPECT_EQ(strict.code(), StatusCode::kUnsupported) << strict.ToString();
    }
  }
  EXPECT_EQ(accepted, 9);
}

TEST_F(MinisignTest, SigningReproducesFixtureByteForByte) {
  SecretBytes key_file = ReadSecretVector("test.key");
  auto key = MinisignSecretKey::ParseUnencryptedFile(key_file.Reveal());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->KeyIdHex(), "BCE71A71810B5161");
  EXPECT_EQ(key->PublicKey().ToFileText(), ReadVector("test.pub"));

  std::string message = ReadVector("msg.txt");
  MemorySource source(AsBytes(message));
  auto signature = SignPrehashed(*key, source, "export-bundle test v1",
                                 kMinisignDefaultUntrustedComment);
  ASSERT_TRUE(signature.ok()) << signature.status().ToString();
  EXPECT_EQ(*signature, ReadVector("msg.txt.minisig"));
}

TEST_F(MinisignTest, KeyIdMismatchNamesBothKeys) {
  Status status = Verify("msg.txt.minisig", "msg.txt", "other.pub", false);
  EXPECT_EQ(status.code(), StatusCode::kAuthFailed);
  EXPECT_NE(status.message().find("BCE71A71810B5161"), std::string::npos);
  EXPECT_NE(status.message().find("6A22FE845731D529"), std::string::npos);
}

TEST_F(MinisignTest, TrustedCommentIsParsed) {
  auto crlf = ParseSignatureFile(ReadVector("crlf.minisig"));
  ASSERT_TRUE(crlf.ok());
  EXPECT_EQ(crlf->trusted_comment, "export-bundle test v1");
  EXPECT_EQ(crlf->untrusted_comment, kMinisignDefaultUntrustedComment);
  EXPECT_TRUE(crlf->prehashed);
  auto empty = ParseSignatureFile(ReadVector("emptytc.minisig"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->trusted_comment, "");
}

TEST_F(MinisignTest, GeneratedKeySignsAndVerifies) {
  DeterministicRandom random(7);
  MinisignSecretKey key = MinisignSecretKey::Generate(random);
  MinisignPublicKey public_key = key.PublicKey();
  std::vector<uint8_t> message(300000, 0x41);
  MemorySource source(message);
  auto text = SignPrehashed(key, source, "bundle 1", "fieldvault");
  ASSERT_TRUE(text.ok());
  MemorySource again(message);
  EXPECT_TRUE(VerifySignature(public_key, again, *text).ok());

  message[12345] ^= 1;
  MemorySource altered(message);
  EXPECT_EQ(VerifySignature(public_key, altered, *text).code(),
            StatusCode::kAuthFailed);

  DeterministicRandom other_random(8);
  MinisignPublicKey other =
      MinisignSecretKey::Generate(other_random).PublicKey();
  EXPECT_NE(other.key_id(), public_key.key_id());
  message[12345] ^= 1;
  MemorySource original(message);
  EXPECT_EQ(VerifySignature(other, original, *text).code(),
            StatusCode::kAuthFailed);
}

TEST_F(MinisignTest, GenerateUsesTheRandomSource) {
  DeterministicRandom a(3), b(3), c(4);
  EXPECT_EQ(MinisignSecretKey::Generate(a).PublicKey(),
            MinisignSecretKey::Generate(b).PublicKey());
  DeterministicRandom d(3);
  EXPECT_FALSE(MinisignSecretKey::Generate(c).PublicKey() ==
               MinisignSecretKey::Generate(d).PublicKey());
}

TEST_F(MinisignTest, StoredBytesRoundTrip) {
  DeterministicRandom random(11);
  MinisignSecretKey key = MinisignSecretKey::Generate(random);
  SecretBytes raw = key.ToBytes();
  ASSERT_EQ(raw.size(), 74u);
  auto restored = MinisignSecretKey::FromBytes(raw);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(restored->PublicKey(), key.PublicKey());
  EXPECT_TRUE(restored->ToBytes().Equals(raw));

  SecretBytes damaged = raw.Clone();
  damaged.MutableReveal()[2 + 8 + 40] ^= 1;  // the public half
  EXPECT_EQ(MinisignSecretKey::FromBytes(damaged).status().code(),
            StatusCode::kInvalidArgument);
  SecretBytes short_key = raw.Clone();
  short_key.Truncate(73);
  EXPECT_FALSE(MinisignSecretKey::FromBytes(short_key).ok());
  SecretBytes wrong_tag = raw.Clone();
  wrong_tag.MutableReveal()[1] = 'D';
  EXPECT_FALSE(MinisignSecretKey::FromBytes(wrong_tag).ok());
}

TEST_F(MinisignTest, PublicKeyTextRoundTrip) {
  std::string file = ReadVector("test.pub");
  auto key = MinisignPublicKey::ParseFile(file);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->ToFileText(), file);
  EXPECT_EQ(key->ToBase64(),
            "RWRhUQuBcRrnvIhm4hjzuScd2DU7zeFo7YzvySlpDB7eyO07sVbbPTlw");
  auto line = MinisignPublicKey::ParseBase64(key->ToBase64());
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(*line, *key);
  // ext.pub has a free-form comment; the key id comes from the key bytes.
  auto ext = MinisignPublicKey::ParseFile(ReadVector("ext.pub"));
  ASSERT_TRUE(ext.ok());
  EXPECT_EQ(ext->KeyIdHex(), "E7620F1842B4E81F");
}

}  // namespace
}  // namespace fieldvault::crypto
