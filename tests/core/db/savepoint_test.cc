#include "core/db/savepoint.h"

#include <gtest/gtest.h>

#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

class SavepointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db().Exec("CREATE TABLE t(x INTEGER)").ok());
  }
  Database& db() { return temp_.db(); }
  Status Insert(int x) {
    return db().Exec("INSERT INTO t(x) VALUES (" + std::to_string(x) + ")");
  }
  int64_t Count() { return *db().QueryInt64("SELECT count(*) FROM t"); }

  TempDatabase temp_;
};

TEST_F(SavepointTest, SuccessKeepsTheWritesAndTheValue) {
  Result<int> value = WithSavepoint(db(), "fv_test", [&]() -> Result<int> {
    FV_RETURN_IF_ERROR(Insert(1));
    return 7;
  });
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ(*value, 7);
  EXPECT_EQ(Count(), 1);
}

TEST_F(SavepointTest, FailureTakesBackOnlyItsOwnWritesInsideATransaction) {
  auto transaction = Transaction::Begin(db());
  ASSERT_TRUE(transaction.ok());
  ASSERT_TRUE(Insert(1).ok());
  Status failed = WithSavepoint(db(), "fv_test", [&] {
    FV_RETURN_IF_ERROR(Insert(2));
    return Status::InvalidArgument("synthetic failure part-way");
  });
  EXPECT_EQ(failed.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(failed.message(), "synthetic failure part-way");
  Result<int> failed_result =
      WithSavepoint(db(), "fv_test", [&]() -> Result<int> {
        FV_RETURN_IF_ERROR(Insert(3));
        return Status::NotFound("synthetic");
      });
  EXPECT_EQ(failed_result.status().code(), StatusCode::kNotFound);
  // The transaction goes on and commits what came before.
  ASSERT_TRUE(Insert(4).ok());
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(*db().QueryInt64("SELECT sum(x) FROM t"), 1 + 4);
}

TEST_F(SavepointTest, Nests) {
  Status outer = WithSavepoint(db(), "fv_outer", [&] {
    FV_RETURN_IF_ERROR(Insert(1));
    Status inner = WithSavepoint(db(), "fv_inner", [&] {
      FV_RETURN_IF_ERROR(Insert(2));
      return Status::IoError("synthetic");
    });
    EXPECT_FALSE(inner.ok());
    return Insert(3);
  });
  ASSERT_TRUE(outer.ok()) << outer.ToString();
  EXPECT_EQ(*db().QueryInt64("SELECT sum(x) FROM t"), 1 + 3);
  // Outside any transaction, the released savepoint committed.
  EXPECT_EQ(Count(), 2);
}

TEST_F(SavepointTest, AnErrorOpeningTheSavepointRunsNothing) {
  bool ran = false;
  Status status = WithSavepoint(db(), "not a name", [&] {
    ran = true;
    return Status::Ok();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace fieldvault::core
