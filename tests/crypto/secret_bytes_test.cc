#include "crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <cstring>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

class SecretBytesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
};

TEST_F(SecretBytesTest, StartsZeroed) {
  SecretBytes secret(32);
  ASSERT_EQ(secret.size(), 32u);
  for (uint8_t byte : secret.Reveal()) EXPECT_EQ(byte, 0);
}

TEST_F(SecretBytesTest, MoveLeavesSourceEmpty) {
  SecretBytes a(16);
  a.MutableReveal()[0] = 7;
  SecretBytes b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT: testing moved-from state on purpose
  EXPECT_EQ(b.Reveal()[0], 7);
}

TEST_F(SecretBytesTest, EqualsComparesContentAndSize) {
  const uint8_t bytes[] = {1, 2, 3};
  SecretBytes a = SecretBytes::CopyOf(bytes);
  SecretBytes b = a.Clone();
  EXPECT_TRUE(a.Equals(b));
  b.MutableReveal()[2] = 4;
  EXPECT_FALSE(a.Equals(b));
  b.Truncate(2);
  EXPECT_FALSE(a.Equals(b));
  EXPECT_EQ(b.size(), 2u);
}

TEST_F(SecretBytesTest, EmptyIsValid) {
  SecretBytes empty;
  EXPECT_TRUE(empty.Equals(SecretBytes(0)));
  EXPECT_TRUE(empty.Reveal().empty());
}

}  // namespace
}  // namespace fieldvault::crypto
