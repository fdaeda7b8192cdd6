#include "crypto/key_wrap.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

class KeyWrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitializeCrypto().ok());
    kek_ = SecretBytes(32);
    random_.Fill(kek_.MutableReveal());
    key_ = SecretBytes(32);
    random_.Fill(key_.MutableReveal());
  }
  DeterministicRandom random_{7};
  SecretBytes kek_;
  SecretBytes key_;
  std::vector<uint8_t> ad_ = {'s', 'l', 'o', 't', ' ', 'h', 'e', 'a', 'd'};
};

TEST_F(KeyWrapTest, RoundTrip) {
  auto wrapped = WrapKey(kek_, key_, ad_, random_);
  ASSERT_TRUE(wrapped.ok()) << wrapped.status().ToString();
  EXPECT_EQ(wrapped->sealed.size(), 32 + kWrapTagBytes);
  auto key = UnwrapKey(kek_, *wrapped, ad_);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_TRUE(key->Equals(key_));
}

TEST_F(KeyWrapTest, FreshNonceEachTime) {
  auto a = WrapKey(kek_, key_, ad_, random_);
  auto b = WrapKey(kek_, key_, ad_, random_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->nonce, b->nonce);
  EXPECT_NE(a->sealed, b->sealed);
}

TEST_F(KeyWrapTest, AnyFlippedBitFailsAuthentication) {
  auto wrapped = WrapKey(kek_, key_, ad_, random_);
  ASSERT_TRUE(wrapped.ok());
  for (size_t i = 0; i < wrapped->sealed.size(); ++i) {
    WrappedKey damaged = *wrapped;
    damaged.sealed[i] ^= 0x01;
    EXPECT_EQ(UnwrapKey(kek_, damaged, ad_).status().code(),
              StatusCode::kAuthFailed) << "sealed byte " << i;
  }
  for (size_t i = 0; i < wrapped->nonce.size(); ++i) {
    WrappedKey damaged = *wrapped;
    damaged.nonce[i] ^= 0x80;
    EXPECT_EQ(UnwrapKey(kek_, damaged, ad_).status().code(),
              StatusCode::kAuthFailed) << "nonce byte " << i;
  }
  for (size_t i = 0; i < ad_.size(); ++i) {
    std::vector<uint8_t> ad = ad_;
    ad[i] ^= 0x01;
    EXPECT_EQ(UnwrapKey(kek_, *wrapped, ad).status().code(),
              StatusCode::kAuthFailed) << "associated data byte " << i;
  }
}

TEST_F(KeyWrapTest, WrongKeyFailsAuthentication) {
  auto wrapped = WrapKey(kek_, key_, ad_, random_);
  ASSERT_TRUE(wrapped.ok());
  SecretBytes other(32);
  random_.Fill(other.MutableReveal());
  EXPECT_EQ(UnwrapKey(other, *wrapped, ad_).status().code(),
            StatusCode::kAuthFailed);
}

TEST_F(KeyWrapTest, RejectsBadLengths) {
  SecretBytes short_kek(16);
  EXPECT_EQ(WrapKey(short_kek, key_, ad_, random_).status().code(),
            StatusCode::kInvalidArgument);
  SecretBytes empty;
  EXPECT_EQ(WrapKey(kek_, empty, ad_, random_).status().code(),
            StatusCode::kInvalidArgument);
  WrappedKey truncated;
  truncated.sealed.resize(kWrapTagBytes);
  EXPECT_EQ(UnwrapKey(kek_, truncated, ad_).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault::crypto
