#include "core/db/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault::core {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("fv-db-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    key_ = crypto::SecretBytes(32);
    crypto::SystemRandom().Fill(key_.MutableReveal());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
  crypto::SecretBytes key_;
};

TEST_F(DatabaseTest, KeyedDatabaseRoundTripAndIsEncrypted) {
  {
    auto db = Database::Open(path_, Database::Mode::kCreate);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(db->Key(key_).ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE t(x TEXT)").ok());
    auto insert = db->Prepare("INSERT INTO t(x) VALUES (?)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->BindText(1, "synthetic-marker-7f3a").ok());
    ASSERT_TRUE(insert->Run().ok());
  }
  std::ifstream raw(path_, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(raw)), {});
  EXPECT_EQ(bytes.find("SQLite format 3"), std::string::npos);
  EXPECT_EQ(bytes.find("synthetic-marker-7f3a"), std::string::npos);

  auto db = Database::Open(path_, Database::Mode::kOpenExisting);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Key(key_).ok());
  auto value = db->QueryText("SELECT x FROM t");
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ(*value, "synthetic-marker-7f3a");
}

TEST_F(DatabaseTest, WrongKeyCannotRead) {
  {
    auto db = Database::Open(path_, Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Key(key_).ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE t(x)").ok());
  }
  crypto::SecretBytes other(32);
  auto db = Database::Open(path_, Database::Mode::kOpenExisting);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Key(other).ok());
  auto count = db->QueryInt64("SELECT count(*) FROM sqlite_master");
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().code(), StatusCode::kCorruption);
}

TEST_F(DatabaseTest, RejectsKeyOfWrongLength) {
  auto db = Database::Open(path_, Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->Key(crypto::SecretBytes(31)).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
  auto db = Database::Open(path_, Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db->Key(key_).ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t(x)").ok());
  {
    auto tx = Transaction::Begin(*db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(*db->QueryInt64("SELECT count(*) FROM t"), 0);
  {
    auto tx = Transaction::Begin(*db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(*db->QueryInt64("SELECT count(*) FROM t"), 1);
}

TEST_F(DatabaseTest, OpenModesCheckExistence) {
  EXPECT_EQ(Database::Open(path_, Database::Mode::kOpenExisting).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(Database::Open(path_, Database::Mode::kCreate).ok());
  EXPECT_EQ(Database::Open(path_, Database::Mode::kCreate).status().code(),
            StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace fieldvault::core
