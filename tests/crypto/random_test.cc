#include "crypto/random.h"

#include <gtest/gtest.h>

#include <array>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

TEST(RandomTest, DeterministicIsReproducibleAndAdvances) {
  ASSERT_TRUE(InitializeCrypto().ok());
  DeterministicRandom a(42), b(42);
  std::array<uint8_t, 32> x1, x2, y1;
  a.Fill(x1);
  a.Fill(x2);
  b.Fill(y1);
  EXPECT_EQ(x1, y1);
  EXPECT_NE(x1, x2);
}

TEST(RandomTest, SystemRandomDiffers) {
  ASSERT_TRUE(InitializeCrypto().ok());
  std::array<uint8_t, 32> a{}, b{};
  SystemRandom().Fill(a);
  SystemRandom().Fill(b);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace fieldvault::crypto
