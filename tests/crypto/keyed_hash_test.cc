#include "crypto/keyed_hash.h"

#include <gtest/gtest.h>

#include <vector>

#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault::crypto {
namespace {

class KeyedHashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitializeCrypto().ok());
    master_ = SecretBytes(32);
    random_.Fill(master_.MutableReveal());
  }
  DeterministicRandom random_{11};
  SecretBytes master_;
};

TEST_F(KeyedHashTest, SubkeysDifferByIdAndContext) {
  auto a = DeriveSubkey(master_, 1, "fvchain1");
  auto b = DeriveSubkey(master_, 2, "fvchain1");
  auto c = DeriveSubkey(master_, 1, "fvother1");
  auto a2 = DeriveSubkey(master_, 1, "fvchain1");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok() && a2.ok());
  EXPECT_TRUE(a->Equals(*a2));
  EXPECT_FALSE(a->Equals(*b));
  EXPECT_FALSE(a->Equals(*c));
  EXPECT_FALSE(a->Equals(master_));
  EXPECT_EQ(DeriveSubkey(master_, 1, "short").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(KeyedHashTest, MacVerifiesAndDetectsChanges) {
  std::vector<uint8_t> message = {1, 2, 3, 4, 5};
  auto mac = ComputeMac(master_, message);
  ASSERT_TRUE(mac.ok());
  EXPECT_TRUE(VerifyMac(master_, message, *mac).ok());
  message[2] ^= 1;
  EXPECT_EQ(VerifyMac(master_, message, *mac).code(), StatusCode::kAuthFailed);
  message[2] ^= 1;
  Mac bad = *mac;
  bad[31] ^= 1;
  EXPECT_EQ(VerifyMac(master_, message, bad).code(), StatusCode::kAuthFailed);
  SecretBytes other(32);
  EXPECT_EQ(VerifyMac(other, message, *mac).code(), StatusCode::kAuthFailed);
}

}  // namespace
}  // namespace fieldvault::crypto
