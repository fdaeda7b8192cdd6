// A keyed SQLCipher database in a fresh temporary directory, removed when
// the test ends. For core tests that need tables but not a whole vault.
#ifndef FIELDVAULT_TESTS_CORE_TEMP_DATABASE_H_
#define FIELDVAULT_TESTS_CORE_TEMP_DATABASE_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "core/db/database.h"
#include "crypto/init.h"
#include "crypto/random.h"

namespace fieldvault::core {

class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    EXPECT_TRUE(crypto::InitializeCrypto().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("fv-tempdb-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    auto db = Database::Open(path_, Database::Mode::kCreate);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    crypto::SecretBytes key(32);
    crypto::SystemRandom().Fill(key.MutableReveal());
    EXPECT_TRUE(db_->Key(key).ok());
  }
  ~TempDatabase() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Database& db() { return *db_; }
  const std::string& path() const { return path_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::optional<Database> db_;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_TESTS_CORE_TEMP_DATABASE_H_
