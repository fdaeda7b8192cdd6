// Interop with the real `age` and `age-keygen` binaries (Debian's age
// 1.1.1), both ways: files fieldvault encrypts decrypt byte-identically with
// `age -d -i`, files `age -r` (binary and -a) encrypts decrypt with
// fieldvault, and identities agree with `age-keygen -y`. All data is
// synthetic; key files live in a temporary directory removed afterwards.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/age.h"
#include "crypto/init.h"
#include "tests/cli/cli_runner.h"

namespace fieldvault::crypto {
namespace {

using ::fieldvault::testing::ReadFile;
using ::fieldvault::testing::RunProgram;
using ::fieldvault::testing::TempDir;
using ::fieldvault::testing::WriteFile;

std::string Content(size_t size) {
  std::string content(size, '\0');
  uint32_t x = 2463534242u;
  for (char& c : content) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x);
  }
  return content;
}

std::string AsString(const SecretBytes& secret) {
  return std::string(secret.Reveal().begin(), secret.Reveal().end());
}

// Writes an age-keygen style identity file (0600) and returns its path.
std::string WriteIdentityFile(const TempDir& dir, const std::string& name,
                              const AgeIdentity& identity) {
  std::string path = dir.Join(name);
  WriteFile(path, AsString(FormatIdentityFile(identity, "2026-02-22T10:00:00Z")));
  ::chmod(path.c_str(), 0600);
  return path;
}

std::string Encrypt(std::span<const AgeRecipient> recipients,
                    const std::string& plaintext, bool armor) {
  MemorySink sink;
  auto encryptor = AgeEncryptor::Create(recipients, sink, armor, SystemRandom());
  EXPECT_TRUE(encryptor.ok());
  EXPECT_TRUE((*encryptor)->Write(AsBytes(plaintext)).ok());
  EXPECT_TRUE((*encryptor)->Finish().ok());
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

Result<std::string> Decrypt(const std::string& file,
                            std::span<const AgeIdentity> identities) {
  MemorySource source(AsBytes(file));
  FV_ASSIGN_OR_RETURN(auto decryptor, AgeDecryptor::Open(source, identities));
  MemorySink sink;
  FV_RETURN_IF_ERROR(CopyStream(*decryptor, sink).status());
  return std::string(sink.bytes().begin(), sink.bytes().end());
}

class AgeInteropTest : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
  TempDir dir_;
};

TEST_P(AgeInteropTest, FieldvaultEncryptsAgeDecrypts) {
  AgeIdentity identity = AgeIdentity::Generate(SystemRandom());
  std::string key = WriteIdentityFile(dir_, "key.txt", identity);
  std::string plaintext = Content(GetParam());
  for (bool armor : {false, true}) {
    SCOPED_TRACE(armor ? "armored" : "binary");
    std::string file = dir_.Join("file.age");
    WriteFile(file, Encrypt({&identity.Recipient(), 1}, plaintext, armor));
    auto result = RunProgram("age", {"-d", "-i", key, file});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.out == plaintext);
    EXPECT_EQ(result.out.size(), plaintext.size());
  }
}

TEST_P(AgeInteropTest, AgeEncryptsFieldvaultDecrypts) {
  auto keygen = RunProgram("age-keygen", {"-o", dir_.Join("key.txt")});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  auto identities = ParseIdentityFile(AsBytes(ReadFile(dir_.Join("key.txt"))));
  ASSERT_TRUE(identities.ok()) << identities.status().ToString();
  std::string recipient = (*identities)[0].Recipient().ToString();
  // age-keygen reports the public key on stderr.
  EXPECT_NE(keygen.err.find(recipient), std::string::npos);
  std::string plaintext = Content(GetParam());
  for (bool armor : {false, true}) {
    SCOPED_TRACE(armor ? "armored" : "binary");
    std::vector<std::string> args = {"-r", recipient};
    if (armor) args.push_back("-a");
    auto encrypted = RunProgram("age", args, plaintext);
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    EXPECT_EQ(encrypted.out.rfind("-----BEGIN AGE", 0) == 0, armor);
    auto decrypted = Decrypt(encrypted.out, *identities);
    ASSERT_TRUE(decrypted.ok()) << decrypted.status().ToString();
    EXPECT_TRUE(*decrypted == plaintext);
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, AgeInteropTest,
                         ::testing::Values(0, 1, 65535, 65536, 65537,
                                           10 << 20));

TEST(AgeKeygenInteropTest, SameRecipientAsAgeKeygen) {
  ASSERT_TRUE(InitializeCrypto().ok());
  TempDir dir;
  for (int i = 0; i < 5; ++i) {
    AgeIdentity identity = AgeIdentity::Generate(SystemRandom());
    std::string key = WriteIdentityFile(dir, "key.txt", identity);
    auto result = RunProgram("age-keygen", {"-y", key});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, identity.Recipient().ToString() + "\n");
  }
}

TEST(AgeTwoRecipientsInteropTest, BothDecrypt) {
  ASSERT_TRUE(InitializeCrypto().ok());
  TempDir dir;
  std::vector<AgeIdentity> identities;
  identities.push_back(AgeIdentity::Generate(SystemRandom()));
  identities.push_back(AgeIdentity::Generate(SystemRandom()));
  std::vector<AgeRecipient> recipients = {identities[0].Recipient(),
                                          identities[1].Recipient()};
  std::string plaintext = Content(100000);
  std::string file = dir.Join("two.age");
  WriteFile(file, Encrypt(recipients, plaintext, false));
  for (size_t i = 0; i < 2; ++i) {
    std::string key = WriteIdentityFile(dir, "key" + std::to_string(i),
                                        identities[i]);
    auto result = RunProgram("age", {"-d", "-i", key, file});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.out == plaintext);
  }
  // And age's own two-recipient files decrypt with either identity.
  auto encrypted = RunProgram("age", {"-r", recipients[0].ToString(), "-r",
                                      recipients[1].ToString()},
                              plaintext);
  ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
  for (size_t i = 0; i < 2; ++i) {
    auto decrypted = Decrypt(encrypted.out, {&identities[i], 1});
    ASSERT_TRUE(decrypted.ok()) << decrypted.status().ToString();
    EXPECT_TRUE(*decrypted == plaintext);
  }
  // A stranger's key fails in age too.
  AgeIdentity stranger = AgeIdentity::Generate(SystemRandom());
  std::string key = WriteIdentityFile(dir, "stranger", stranger);
  EXPECT_NE(RunProgram("age", {"-d", "-i", key, file}).exit_code, 0);
}

}  // namespace
}  // namespace fieldvault::crypto
