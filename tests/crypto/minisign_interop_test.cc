// Interop with the real `minisign` binary (Debian's minisign 0.11), both
// ways: fieldvault's signatures verify with `minisign -V -H`, and what
// `minisign -G -W` / `minisign -S` make is read and verified by fieldvault.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "crypto/init.h"
#include "crypto/minisign.h"
#include "crypto/random.h"
#include "tests/cli/cli_runner.h"

namespace fieldvault::crypto {
namespace {

using ::fieldvault::testing::ReadFile;
using ::fieldvault::testing::RunProgram;
using ::fieldvault::testing::TempDir;
using ::fieldvault::testing::WriteFile;

// Synthetic content of `size` bytes that is not all one value.
std::string Content(size_t size) {
  std::string content(size, '\0');
  uint32_t x = 2463534242u;
  for (char& c : content) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x);
  }
  return content;
}

// Hashes the file through a file descriptor, as the CLI will.
Status VerifyFile(const MinisignPublicKey& key, const std::string& path,
                  const std::string& signature, bool allow_legacy = false) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path);
  FdSource source(fd);
  Status status = VerifySignature(key, source, signature, allow_legacy);
  ::close(fd);
  return status;
}

class MinisignInteropTest : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
  TempDir dir_;
};

TEST_P(MinisignInteropTest, FieldvaultSignsMinisignVerifies) {
  MinisignSecretKey key = MinisignSecretKey::Generate(SystemRandom());
  std::string content = Content(GetParam());
  std::string file = dir_.Join("manifest.json");
  WriteFile(file, content);
  MemorySource source(AsBytes(content));
  auto signature =
      SignPrehashed(key, source, "bundle 0f3e test\tsequence 7", "fieldvault");
  ASSERT_TRUE(signature.ok()) << signature.status().ToString();
  WriteFile(file + ".minisig", *signature);

  auto by_key = RunProgram(
      "minisign", {"-V", "-H", "-P", key.PublicKey().ToBase64(), "-m", file});
  EXPECT_EQ(by_key.exit_code, 0) << by_key.err;
  EXPECT_NE(by_key.out.find("Trusted comment: bundle 0f3e test\tsequence 7"),
            std::string::npos)
      << by_key.out;
  WriteFile(dir_.Join("signer.pub"), key.PublicKey().ToFileText());
  auto by_file = RunProgram(
      "minisign", {"-V", "-H", "-p", dir_.Join("signer.pub"), "-m", file});
  EXPECT_EQ(by_file.exit_code, 0) << by_file.err;

  WriteFile(file, content + "x");
  auto altered = RunProgram(
      "minisign", {"-V", "-H", "-P", key.PublicKey().ToBase64(), "-m", file});
  EXPECT_EQ(altered.exit_code, 1);
}

TEST_P(MinisignInteropTest, MinisignSignsFieldvaultVerifies) {
  std::string pub = dir_.Join("m.pub"), sec = dir_.Join("m.key");
  auto generated = RunProgram("minisign", {"-G", "-W", "-p", pub, "-s", sec});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::string content = Content(GetParam());
  std::string file = dir_.Join("records.jsonl");
  WriteFile(file, content);
  auto signed_by_minisign =
      RunProgram("minisign", {"-S", "-s", sec, "-m", file, "-c",
                              "from minisign", "-t", "trusted from minisign"});
  ASSERT_EQ(signed_by_minisign.exit_code, 0) << signed_by_minisign.err;
  std::string signature = ReadFile(file + ".minisig");

  auto public_key = MinisignPublicKey::ParseFile(ReadFile(pub));
  ASSERT_TRUE(public_key.ok()) << public_key.status().ToString();
  EXPECT_TRUE(VerifyFile(*public_key, file, signature).ok());
  auto parsed = ParseSignatureFile(signature);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->prehashed);
  EXPECT_EQ(parsed->trusted_comment, "trusted from minisign");

  // fieldvault reads minisign's secret key, and signing is deterministic:
  // the same key, file and comments give minisign's exact bytes.
  std::string key_text = ReadFile(sec);
  SecretBytes key_file = SecretBytes::CopyOf(AsBytes(key_text));
  auto key = MinisignSecretKey::ParseUnencryptedFile(key_file.Reveal());
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->PublicKey(), *public_key);
  // minisign 0.11 prints the key id without leading zeros; fieldvault pads
  // it to 16 digits as minisign does since 0.12. Same number, same key line.
  std::string theirs = ReadFile(pub), ours_file = key->PublicKey().ToFileText();
  EXPECT_EQ(theirs.substr(theirs.find('\n')),
            ours_file.substr(ours_file.find('\n')));
  std::string prefix = "untrusted comment: minisign public key ";
  ASSERT_EQ(theirs.substr(0, prefix.size()), prefix);
  EXPECT_EQ(std::stoull(
                theirs.substr(prefix.size(), theirs.find('\n') - prefix.size()),
                nullptr, 16),
            std::stoull(key->KeyIdHex(), nullptr, 16));
  MemorySource source(AsBytes(content));
  auto ours =
      SignPrehashed(*key, source, "trusted from minisign", "from minisign");
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(*ours, signature);

  WriteFile(file, content + "\n");
  EXPECT_EQ(VerifyFile(*public_key, file, signature).code(),
            StatusCode::kAuthFailed);
}

INSTANTIATE_TEST_SUITE_P(Sizes, MinisignInteropTest,
                         ::testing::Values(0, 1, 65537, (5u << 20) + 3));

TEST(MinisignInteropLegacyTest, LegacySignatureOnlyWhenAllowed) {
  ASSERT_TRUE(InitializeCrypto().ok());
  TempDir dir;
  std::string pub = dir.Join("m.pub"), sec = dir.Join("m.key");
  ASSERT_EQ(
      RunProgram("minisign", {"-G", "-W", "-p", pub, "-s", sec}).exit_code, 0);
  std::string file = dir.Join("old.txt");
  WriteFile(file, Content(1000));
  auto signed_legacy =
      RunProgram("minisign", {"-S", "-l", "-s", sec, "-m", file});
  ASSERT_EQ(signed_legacy.exit_code, 0) << signed_legacy.err;
  std::string signature = ReadFile(file + ".minisig");
  auto public_key = MinisignPublicKey::ParseFile(ReadFile(pub));
  ASSERT_TRUE(public_key.ok());
  EXPECT_EQ(VerifyFile(*public_key, file, signature).code(),
            StatusCode::kUnsupported);
  EXPECT_TRUE(VerifyFile(*public_key, file, signature, true).ok());
}

// The comment limits are exactly minisign's: the longest comments
// fieldvault writes verify with minisign, and one byte more of untrusted
// comment (not covered by the signature) makes both refuse the file.
TEST(MinisignInteropLimitsTest, LongestCommentsVerifyWithMinisign) {
  ASSERT_TRUE(InitializeCrypto().ok());
  TempDir dir;
  DeterministicRandom random(5);
  MinisignSecretKey key = MinisignSecretKey::Generate(random);
  std::string file = dir.Join("m.txt");
  const std::string content = "synthetic manifest\n";
  WriteFile(file, content);
  MemorySource source(AsBytes(content));
  auto signature = SignPrehashed(key, source, std::string(8173, 't'),
                                 std::string(1003, 'u'));
  ASSERT_TRUE(signature.ok()) << signature.status().ToString();
  WriteFile(file + ".minisig", *signature);
  std::vector<std::string> verify = {
      "-V", "-H", "-P", key.PublicKey().ToBase64(), "-m", file};
  auto verified = RunProgram("minisign", verify);
  EXPECT_EQ(verified.exit_code, 0) << verified.err;

  const std::string prefix = "untrusted comment: ";
  std::string longer = prefix + "u" + signature->substr(prefix.size());
  WriteFile(file + ".minisig", longer);
  EXPECT_EQ(RunProgram("minisign", verify).exit_code, 2);
  EXPECT_EQ(ParseSignatureFile(longer).status().code(),
            StatusCode::kInvalidArgument);
  MemorySource again(AsBytes(content));
  EXPECT_FALSE(SignPrehashed(key, again, std::string(8174, 't'), "").ok());
}

}  // namespace
}  // namespace fieldvault::crypto
