#include "crypto/status.h"

#include <gtest/gtest.h>

namespace fieldvault {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd number");
  return n / 2;
}

Result<int> Quarter(int n) {
  FV_ASSIGN_OR_RETURN(int half, Half(n));
  FV_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "ok");
}

TEST(StatusTest, ContextIsPrepended) {
  Status status = Status::Corruption("bad tag").WithContext("read manifest")
                      .WithContext("import bundle");
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_EQ(status.message(), "import bundle: read manifest: bad tag");
  EXPECT_TRUE(Status::Ok().WithContext("anything").message().empty());
}

TEST(StatusTest, HintTravelsWithContext) {
  Status status = Status::AuthFailed("wrong passphrase")
                      .WithHint("check the keyboard layout")
                      .WithContext("open vault");
  EXPECT_EQ(status.hint(), "check the keyboard layout");
}

TEST(ResultTest, AssignOrReturnPropagates) {
  ASSERT_TRUE(Quarter(8).ok());
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault
