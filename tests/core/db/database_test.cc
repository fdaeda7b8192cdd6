#include "core/db/database.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

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

// A blob bound without a copy is stored as it was at Run(), empty blobs
// stay blobs (not NULL), and Reset() clears the binding so the buffer may
// be refilled.
TEST_F(DatabaseTest, BlobBoundWithoutCopyIsStoredAndResetClearsIt) {
  auto db = Database::Open(path_, Database::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(db->Key(key_).ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t(n INTEGER, b BLOB)").ok());
  auto insert = db->Prepare("INSERT INTO t(n, b) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  std::vector<uint8_t> buffer = {1, 2, 3};
  ASSERT_TRUE(insert->BindInt64(1, 1).ok());
  ASSERT_TRUE(insert->BindBlobNoCopy(2, buffer).ok());
  ASSERT_TRUE(insert->Run().ok());
  ASSERT_TRUE(insert->Reset().ok());
  buffer = {9, 9, 9};  // refilled after Reset: row 1 must keep 1 2 3
  ASSERT_TRUE(insert->BindInt64(1, 2).ok());
  ASSERT_TRUE(insert->BindBlobNoCopy(2, std::span<const uint8_t>()).ok());
  ASSERT_TRUE(insert->Run().ok());
  ASSERT_TRUE(insert->Reset().ok());
  ASSERT_TRUE(insert->BindInt64(1, 3).ok());  // ?2 left unbound: NULL
  ASSERT_TRUE(insert->Run().ok());

  auto rows = db->Prepare("SELECT b IS NULL, quote(b) FROM t ORDER BY n");
  ASSERT_TRUE(rows.ok());
  std::vector<std::string> seen;
  while (true) {
    auto more = rows->Step();
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    seen.push_back(std::to_string(rows->ColumnInt64(0)) + " " +
                   rows->ColumnText(1));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"0 X'010203'", "0 X''", "1 NULL"}));
}

// An empty std::string_view() has no data pointer; it must still bind
// empty text, never NULL (NOT NULL columns are filled from such views).
TEST_F(DatabaseTest, EmptyViewBindsEmptyTextNotNull) {
  auto db = Database::Open(path_, Database::Mode::kCreate);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  ASSERT_TRUE(db->Key(key_).ok());
  ASSERT_TRUE(db->Exec("CREATE TABLE t(x TEXT NOT NULL)").ok());
  auto insert = db->Prepare("INSERT INTO t(x) VALUES (?)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->BindText(1, std::string_view()).ok());
  ASSERT_TRUE(insert->Run().ok());
  auto count = db->QueryInt64("SELECT count(*) FROM t WHERE x = ''");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
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
