#include "crypto/argon2id.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "crypto/encoding.h"
#include "crypto/init.h"
#include "tests/cli/cli_runner.h"

namespace fieldvault::crypto {
namespace {

SecretBytes Secret(std::string_view text) {
  return SecretBytes::CopyOf(
      {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

class Argon2idTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
  std::array<uint8_t, kArgon2idSaltBytes> salt_{};
  Argon2idCost low_{1, 64 * 1024};
};

TEST_F(Argon2idTest, LibsodiumMatchesReferenceVector) {
  // From the Argon2 reference implementation's src/test.c: Argon2id v1.3,
  // t=2, m=64 MiB, p=1, password "password", salt "somesalt". Our wrapper
  // needs a 16-byte salt, so the 8-byte reference salt is checked through
  // libsodium's encoded-string verifier, which runs the same code.
  const char kReference[] =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ"
      "$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
  EXPECT_EQ(crypto_pwhash_argon2id_str_verify(kReference, "password", 8), 0);
  EXPECT_NE(crypto_pwhash_argon2id_str_verify(kReference, "passwore", 8), 0);
}

TEST_F(Argon2idTest, PassesCostAndSaltToArgon2id) {
  // The wrapper must map passes to opslimit and memory to memlimit and use
  // Argon2id v1.3, not the library default: compare with a direct call.
  for (size_t i = 0; i < salt_.size(); ++i) salt_[i] = static_cast<uint8_t>(i);
  Argon2idCost cost{2, 256 * 1024};
  auto key = DeriveKeyArgon2id(Secret("password"), salt_, cost);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  std::array<uint8_t, 32> direct{};
  ASSERT_EQ(crypto_pwhash(direct.data(), direct.size(), "password", 8,
                          salt_.data(), 2, 256 * 1024,
                          crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_EQ(HexEncode(key->Reveal()), HexEncode(direct));
}

TEST_F(Argon2idTest, ReferenceImplementationAgrees) {
  // The Argon2 reference implementation's CLI (Debian package argon2), fed
  // the same passphrase, 16-byte salt and cost, must print the same key.
  Argon2idCost cost{2, 1 << 20};
  const std::string salt_text = "synthetic-salt16";
  std::array<uint8_t, kArgon2idSaltBytes> salt{};
  std::copy(salt_text.begin(), salt_text.end(), salt.begin());
  auto key = DeriveKeyArgon2id(Secret("synthetic passphrase"), salt, cost);
  ASSERT_TRUE(key.ok());
  auto reference = testing::RunProgram(
      "argon2", {salt_text, "-id", "-t", "2", "-m", "10", "-p", "1", "-l",
                 "32", "-r"},
      "synthetic passphrase");
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  EXPECT_EQ(reference.out, HexEncode(key->Reveal()) + "\n");
}

TEST_F(Argon2idTest, DependsOnEveryInput) {
  auto base = DeriveKeyArgon2id(Secret("synthetic passphrase"), salt_, low_);
  ASSERT_TRUE(base.ok());
  auto other_secret = DeriveKeyArgon2id(Secret("synthetic passphrasf"), salt_, low_);
  auto salt2 = salt_;
  salt2[0] ^= 1;
  auto other_salt = DeriveKeyArgon2id(Secret("synthetic passphrase"), salt2, low_);
  auto other_cost = DeriveKeyArgon2id(Secret("synthetic passphrase"), salt_,
                                      Argon2idCost{2, 64 * 1024});
  auto again = DeriveKeyArgon2id(Secret("synthetic passphrase"), salt_, low_);
  ASSERT_TRUE(other_secret.ok() && other_salt.ok() && other_cost.ok() &&
              again.ok());
  EXPECT_TRUE(base->Equals(*again));
  EXPECT_FALSE(base->Equals(*other_secret));
  EXPECT_FALSE(base->Equals(*other_salt));
  EXPECT_FALSE(base->Equals(*other_cost));
}

TEST_F(Argon2idTest, RejectsCostOutOfBounds) {
  auto secret = Secret("x");
  EXPECT_EQ(DeriveKeyArgon2id(secret, salt_, {0, 64 * 1024}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeriveKeyArgon2id(secret, salt_, {65, 64 * 1024}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeriveKeyArgon2id(secret, salt_, {1, 4096}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeriveKeyArgon2id(secret, salt_, {1, (uint64_t{4} << 30) + 1})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_F(Argon2idTest, RejectsBadSaltAndLength) {
  std::array<uint8_t, 15> short_salt{};
  EXPECT_EQ(DeriveKeyArgon2id(Secret("x"), short_salt, low_).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeriveKeyArgon2id(Secret("x"), salt_, low_, 8).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault::crypto
