#include "core/vault/vault.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/vault/custody_log.h"
#include "core/vault/keyslots_format.h"
#include "core/vault/migrations.h"
#include "core/vault/vault_database.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::ReadAll;
using testing::Secret;
using testing::WriteAll;

constexpr char kPassphrase[] = "synthetic field passphrase";

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitializeCrypto().ok()); }

  Result<Vault> Create() {
    return Vault::Create(dir(), Secret(kPassphrase), LowCost(), random_,
                         clock_);
  }
  Result<Vault> Open(std::string_view secret = kPassphrase) {
    return Vault::Open(dir(), Secret(secret), random_, clock_);
  }
  Status AddEvent(Vault& vault, const std::string& detail) {
    FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
    FV_RETURN_IF_ERROR(
        write.AppendCustodyEvent({"edited", "incident", "", "", detail}));
    return write.Commit();
  }
  std::string dir() const { return scratch_.Join("vault"); }
  std::string db_path() const { return dir() + "/vault.db"; }
  std::string keyslots_path() const { return dir() + "/keyslots"; }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{42};
  FixedClock clock_{1582363800000000};  // 2020-02-22T09:30:00Z
};

int ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

TEST_F(VaultTest, CreateThenReopen) {
  std::string id;
  {
    auto vault = Create();
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    id = vault->vault_id();
    EXPECT_EQ(id.size(), 36u);
  }
  auto vault = Open();
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_EQ(vault->vault_id(), id);
  auto summary = vault->Summarize();
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->created_at_micros, 1582363800000000);
  EXPECT_EQ(summary->schema_version, LatestSchemaVersion());
  EXPECT_EQ(summary->custody_head.sequence, 1);
  ASSERT_EQ(summary->keyslots.size(), 1u);
  EXPECT_EQ(summary->keyslots[0].cost.memlimit_bytes, LowCost().memlimit_bytes);
}

TEST_F(VaultTest, FilesArePrivate) {
  ASSERT_TRUE(Create().ok());
  EXPECT_EQ(ModeOf(dir()), 0700);
  EXPECT_EQ(ModeOf(db_path()), 0600);
  EXPECT_EQ(ModeOf(keyslots_path()), 0600);
}

TEST_F(VaultTest, SettingsAreInForce) {
  auto vault = Create();
  ASSERT_TRUE(vault.ok());
  EXPECT_EQ(*vault->db().QueryText("PRAGMA cipher_use_hmac"), "1");
  EXPECT_EQ(*vault->db().QueryText("PRAGMA cipher_page_size"),
            std::to_string(kVaultPageSize));
  EXPECT_EQ(*vault->db().QueryInt64("PRAGMA secure_delete"), 1);
  EXPECT_EQ(*vault->db().QueryInt64("PRAGMA temp_store"), 2);
  EXPECT_EQ(*vault->db().QueryInt64("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(*vault->db().QueryInt64("PRAGMA synchronous"), 2);
}

TEST_F(VaultTest, WrongPassphraseChangesNothingOnDisk) {
  { ASSERT_TRUE(Create().ok()); }
  std::string db_before = ReadAll(db_path());
  std::string slots_before = ReadAll(keyslots_path());
  auto vault = Open("synthetic field passphrasE");
  EXPECT_EQ(vault.status().code(), StatusCode::kAuthFailed);
  EXPECT_EQ(ReadAll(db_path()), db_before);
  EXPECT_EQ(ReadAll(keyslots_path()), slots_before);
  EXPECT_FALSE(std::filesystem::exists(db_path() + "-journal"));
  EXPECT_FALSE(std::filesystem::exists(keyslots_path() + ".tmp"));
}

TEST_F(VaultTest, RawDatabaseHasNoHeaderNorMarker) {
  const std::string marker = "synthetic-marker-4c1d-detainee-list";
  {
    auto vault = Create();
    ASSERT_TRUE(vault.ok());
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->db().Exec("CREATE TABLE probe (x TEXT)").ok());
    ASSERT_TRUE(
        write->db().Exec("INSERT INTO probe VALUES ('" + marker + "')").ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"edited", "", "", "", marker}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }
  std::string raw = ReadAll(db_path());
  ASSERT_GT(raw.size(), size_t{kVaultPageSize});
  EXPECT_EQ(raw.size() % kVaultPageSize, 0u);
  EXPECT_EQ(raw.find("SQLite format 3"), std::string::npos);
  EXPECT_EQ(raw.find(marker), std::string::npos);
  EXPECT_EQ(raw.find("custody_log"), std::string::npos);
  EXPECT_EQ(ReadAll(keyslots_path()).find(marker), std::string::npos);
}

TEST_F(VaultTest, CreateRefusesBadInput) {
  crypto::SecretBytes empty;
  EXPECT_EQ(Vault::Create(dir(), empty, LowCost(), random_, clock_)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Vault::Create(dir(), Secret(kPassphrase), KdfCost{0, 1 << 20},
                          random_, clock_)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir()));
  ASSERT_TRUE(Create().ok());
  EXPECT_EQ(Create().status().code(), StatusCode::kAlreadyExists);
}

TEST_F(VaultTest, MissingVaultIsNotFound) {
  EXPECT_EQ(Open().status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Vault::CheckPresent(dir()).code(), StatusCode::kNotFound);
}

TEST_F(VaultTest, ZeroLengthDatabaseIsRefused) {
  { ASSERT_TRUE(Create().ok()); }
  WriteAll(db_path(), "");
  auto vault = Open();
  EXPECT_EQ(vault.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(ReadAll(db_path()), "");
}

TEST_F(VaultTest, UncommittedWriteLeavesNoTrace) {
  auto vault = Create();
  ASSERT_TRUE(vault.ok());
  {
    auto write = vault->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"edited", "", "", "", "x"}).ok());
  }
  EXPECT_EQ(ReadChainHead(vault->db())->sequence, 1);
}

TEST_F(VaultTest, CommittedEventsMoveTheChainHeadInKeyslots) {
  auto vault = Create();
  ASSERT_TRUE(vault.ok());
  ASSERT_TRUE(AddEvent(*vault, "first edit").ok());
  ASSERT_TRUE(AddEvent(*vault, "second edit").ok());
  std::string bytes = ReadAll(keyslots_path());
  auto parsed = ParseKeyslots(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->head.sequence, 3u);
  auto chain = VerifyCustodyChain(vault->db());
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ(chain->sequence, 3);
  EXPECT_EQ(chain->hash, parsed->head.hash);
}

TEST_F(VaultTest, RolledBackDatabaseIsDetected) {
  std::string old_db;
  {
    auto vault = Create();
    ASSERT_TRUE(vault.ok());
    old_db = ReadAll(db_path());
    ASSERT_TRUE(AddEvent(*vault, "an edit the adversary wants gone").ok());
  }
  WriteAll(db_path(), old_db);  // a genuine older copy
  auto vault = Open();
  EXPECT_EQ(vault.status().code(), StatusCode::kCorruption);
  EXPECT_NE(vault.status().message().find("rolled back"), std::string::npos);
}

TEST_F(VaultTest, ChainAheadOfKeyslotsIsCaughtUp) {
  std::string old_slots;
  {
    auto vault = Create();
    ASSERT_TRUE(vault.ok());
    old_slots = ReadAll(keyslots_path());
    ASSERT_TRUE(AddEvent(*vault, "committed before a crash").ok());
  }
  // As if the process died between the commit and the keyslots update.
  WriteAll(keyslots_path(), old_slots);
  auto vault = Open();
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  std::string bytes = ReadAll(keyslots_path());
  auto parsed = ParseKeyslots(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->head.sequence, 2u);
}

TEST_F(VaultTest, ForgedChainHeadIsRejected) {
  { ASSERT_TRUE(Create().ok()); }
  std::string bytes = ReadAll(keyslots_path());
  bytes[bytes.size() - 40] ^= 1;  // inside the head's hash
  WriteAll(keyslots_path(), bytes);
  EXPECT_EQ(Open().status().code(), StatusCode::kCorruption);
}

TEST_F(VaultTest, CustodyLogIsAppendOnly) {
  auto vault = Create();
  ASSERT_TRUE(vault.ok());
  EXPECT_FALSE(vault->db().Exec("UPDATE custody_log SET detail = 'x'").ok());
  EXPECT_FALSE(vault->db().Exec("DELETE FROM custody_log").ok());
}

}  // namespace
}  // namespace fieldvault::core
