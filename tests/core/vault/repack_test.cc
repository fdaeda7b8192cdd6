// Vault::Repack: a vault made with 4096-byte pages is rewritten at
// kVaultPageSize with every row, attachment byte, custody event and search
// result as before; failures (wrong passphrase, no room, another process
// holding the vault) change nothing; a copy left by an interrupted repack
// is removed. Crashes of the real binary around the rename are tested in
// tests/cli/repack_command_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "core/attachments/attachment_store.h"
#include "core/names/match_key.h"
#include "core/records/record_store.h"
#include "core/search/search_index.h"
#include "core/vault/migrations.h"
#include "core/vault/vault.h"
#include "core/vault/vault_database.h"
#include "core/vault/vault_testing.h"
#include "crypto/init.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::ReadAll;
using testing::Secret;
using testing::WriteAll;

constexpr char kPassphrase[] = "synthetic repack passphrase";

// Every row of every table but the custody log, each as its quoted
// columns, sorted: what a faithful copy must hold alike.
std::map<std::string, std::vector<std::string>> DumpRows(Database& db) {
  std::map<std::string, std::vector<std::string>> dump;
  auto tables = db.Prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 "
      "AND name != 'custody_log'");
  EXPECT_TRUE(tables.ok());
  std::vector<std::string> names;
  while (*tables->Step()) names.push_back(tables->ColumnText(0));
  for (const std::string& table : names) {
    auto columns = db.QueryText(
        "SELECT group_concat('quote(\"' || name || '\")', \"||','||\") "
        "FROM pragma_table_info('" +
        table + "')");
    if (!columns.ok()) {
      // SQLite 3.15 has no table-valued pragmas: build the list by hand.
      auto info = db.Prepare("PRAGMA table_info(\"" + table + "\")");
      EXPECT_TRUE(info.ok());
      std::string list;
      while (*info->Step()) {
        if (!list.empty()) list += "||','||";
        list += "quote(\"" + info->ColumnText(1) + "\")";
      }
      columns = list;
    }
    auto rows = db.Prepare("SELECT " + *columns + " FROM \"" + table + "\"");
    EXPECT_TRUE(rows.ok()) << table;
    std::vector<std::string>& out = dump[table];
    while (*rows->Step()) out.push_back(rows->ColumnText(0));
    std::sort(out.begin(), out.end());
  }
  return dump;
}

std::vector<CustodyRecord> CustodyLog(Database& db) {
  std::vector<CustodyRecord> log;
  EXPECT_TRUE(ForEachCustodyRecord(db, 0, [&](const CustodyRecord& record) {
                log.push_back(record);
                return Status::Ok();
              }).ok());
  return log;
}

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  uint64_t state = 11;
  for (uint8_t& byte : bytes) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    byte = static_cast<uint8_t>(state >> 56);
  }
  return bytes;
}

class RepackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    auto vault =
        Vault::Create(dir(), Secret(kPassphrase), LowCost(), random_, clock_);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    key_ = crypto::SecretBytes::CopyOf(MasterKeyForTesting(*vault).Reveal());
    FillWithRecords(*vault);
  }

  // An incident, a person, a source, a detention (indexed for search), a
  // three-chunk attachment, and a table whose rows are then deleted (free
  // pages for the compaction to reclaim).
  void FillWithRecords(Vault& vault) {
    auto index = SearchIndex::Create(vault.db(), *normalizer_);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, vault.vault_id(),
                      *normalizer_, &*index, [&](const RecordChange& change) {
                        return write->AppendCustodyEvent(
                            {change.action, change.record_type,
                             change.record_id, "", change.detail});
                      });
    {
      auto created = store.Create(fieldvault::testing::SampleIncident());
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
    {
      auto created = store.Create(fieldvault::testing::SamplePerson());
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
    {
      auto created = store.Create(fieldvault::testing::SampleSource());
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
    {
      auto created = store.Create(fieldvault::testing::SampleDetention());
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
    attachment_bytes_ = Pattern(2 * kAttachmentChunkBytes + 4099);
    crypto::MemorySource source(attachment_bytes_);
    auto added =
        AddAttachment(write->db(),
                      {"incident", fieldvault::testing::kIncidentId,
                       "synthetic-scan.bin", "", PartialDate()},
                      source, random_, clock_.NowMicros(), vault.vault_id());
    ASSERT_TRUE(added.ok()) << added.status().ToString();
    attachment_id_ = added->id;
    ASSERT_TRUE(write->db().Exec("CREATE TABLE scratch (x BLOB)").ok());
    ASSERT_TRUE(write->db()
                    .Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
                          "i + 1 FROM n WHERE i < 200) INSERT INTO scratch "
                          "SELECT zeroblob(9000) FROM n")
                    .ok());
    ASSERT_TRUE(write->db().Exec("DELETE FROM scratch").ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"edited", "", "", "", "fill"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  // Rewrites vault.db with 4096-byte pages, as earlier versions made it
  // (tests/core/vault/page_size_test.cc does the same).
  void MakeLegacy() {
    const std::string legacy = scratch_.Join("legacy.db");
    WriteAll(legacy, "");
    {
      auto db =
          OpenVaultDatabase(db_path(), key_, Database::Mode::kOpenExisting);
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      ASSERT_TRUE(db->Exec("ATTACH DATABASE '" + legacy + "' AS legacy").ok());
      ASSERT_TRUE(db->Exec("PRAGMA legacy.cipher_page_size = 4096").ok());
      ASSERT_TRUE(db->Exec("SELECT sqlcipher_export('legacy')").ok());
      ASSERT_TRUE(db->Exec("DETACH DATABASE legacy").ok());
    }
    std::filesystem::rename(legacy, db_path());
  }

  Result<Vault> Open(VaultAccess access = VaultAccess::kShared) {
    return Vault::Open(dir(), Secret(kPassphrase), random_, clock_, access);
  }

  std::vector<std::string> SearchIds(Vault& vault, const char* query) {
    auto index = SearchIndex::Create(vault.db(), *normalizer_);
    EXPECT_TRUE(index.ok());
    auto hits = index->Search(query, {});
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    for (const SearchHit& hit : *hits) ids.push_back(hit.record_id);
    return ids;
  }

  std::string dir() const { return scratch_.Join("vault"); }
  std::string db_path() const { return dir() + "/vault.db"; }
  std::string copy_path() const { return dir() + "/" + kRepackFile; }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{23};
  FixedClock clock_{1582363800000000};
  crypto::SecretBytes key_;
  std::optional<NameNormalizer> normalizer_;
  std::vector<uint8_t> attachment_bytes_;
  std::string attachment_id_;
};

TEST_F(RepackTest, LegacyVaultGetsNewPagesAndKeepsEverything) {
  MakeLegacy();
  std::map<std::string, std::vector<std::string>> rows_before;
  std::vector<CustodyRecord> log_before;
  std::vector<std::string> found_before;
  std::vector<std::string> synthetic_before;
  const uint64_t size_before = std::filesystem::file_size(db_path());
  {
    auto vault = Open(VaultAccess::kExclusive);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    ASSERT_EQ(*vault->db().QueryText("PRAGMA cipher_page_size"), "4096");
    rows_before = DumpRows(vault->db());
    log_before = CustodyLog(vault->db());
    found_before = SearchIds(*vault, "Testov");
    ASSERT_FALSE(found_before.empty());
    synthetic_before = SearchIds(*vault, "synthetic");
    ASSERT_GT(synthetic_before.size(), 1u);

    auto report = vault->Repack();
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->old_page_size, 4096);
    EXPECT_EQ(report->new_page_size, kVaultPageSize);
    EXPECT_EQ(report->old_file_bytes, size_before);
    EXPECT_EQ(report->new_file_bytes, std::filesystem::file_size(db_path()));
    EXPECT_FALSE(report->removed_leftover);
    EXPECT_FALSE(std::filesystem::exists(copy_path()));
    // The same Vault goes on working on the new file.
    EXPECT_EQ(*vault->db().QueryText("PRAGMA cipher_page_size"),
              std::to_string(kVaultPageSize));
    EXPECT_EQ(DumpRows(vault->db()), rows_before);
  }  // releases the exclusive lock

  auto again = Open();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again->db().QueryText("PRAGMA cipher_page_size"),
            std::to_string(kVaultPageSize));
  EXPECT_EQ(std::filesystem::file_size(db_path()) % kVaultPageSize, 0u);
  EXPECT_EQ(DumpRows(again->db()), rows_before);
  EXPECT_EQ(SearchIds(*again, "Testov"), found_before);
  EXPECT_EQ(SearchIds(*again, "synthetic"), synthetic_before);
  EXPECT_EQ(*CurrentSchemaVersion(again->db()), LatestSchemaVersion());
  crypto::MemorySink sink;
  ASSERT_TRUE(ExtractAttachment(again->db(), attachment_id_, sink).ok());
  EXPECT_EQ(sink.bytes(), attachment_bytes_);

  const auto log_after = CustodyLog(again->db());
  ASSERT_EQ(log_after.size(), log_before.size() + 1);
  for (size_t i = 0; i < log_before.size(); ++i) {
    EXPECT_EQ(log_after[i].hash, log_before[i].hash) << i;
  }
  EXPECT_EQ(log_after.back().event.action, "repacked");
  EXPECT_EQ(log_after.back().event.detail,
            "page size 4096 to 16384 bytes; vault.db " +
                std::to_string(size_before) + " to " +
                log_after.back().event.detail.substr(
                    log_after.back().event.detail.rfind(" to ") + 4));
  auto check = again->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok()) << check->problems.front();
  // The key file's chain head moved to the new event.
  auto summary = again->Summarize();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->custody_head.sequence,
            static_cast<int64_t>(log_after.size()));
  EXPECT_EQ(summary->page_size, kVaultPageSize);
}

TEST_F(RepackTest, CurrentVaultIsCompacted) {
  const uint64_t size_before = std::filesystem::file_size(db_path());
  auto vault = Open(VaultAccess::kExclusive);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  const auto rows_before = DumpRows(vault->db());
  auto report = vault->Repack();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->old_page_size, kVaultPageSize);
  EXPECT_EQ(report->new_page_size, kVaultPageSize);
  // The 200 deleted rows of ~9 KB left free pages the copy does not have.
  EXPECT_LT(report->new_file_bytes + 1024 * 1024, size_before);
  EXPECT_EQ(DumpRows(vault->db()), rows_before);
}

TEST_F(RepackTest, WrongPassphraseChangesNothing) {
  MakeLegacy();
  const std::string db_before = ReadAll(db_path());
  const std::string keyslots_before = ReadAll(dir() + "/keyslots");
  auto vault = Vault::Open(dir(), Secret("not the synthetic passphrase"),
                           random_, clock_, VaultAccess::kExclusive);
  EXPECT_EQ(vault.status().code(), StatusCode::kAuthFailed);
  EXPECT_EQ(ReadAll(db_path()), db_before);
  EXPECT_EQ(ReadAll(dir() + "/keyslots"), keyslots_before);
  EXPECT_FALSE(std::filesystem::exists(copy_path()));
}

TEST_F(RepackTest, NotEnoughFreeSpaceChangesNothing) {
  MakeLegacy();
  const std::string db_before = ReadAll(db_path());
  auto vault = Open(VaultAccess::kExclusive);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  const std::string keyslots_before = ReadAll(dir() + "/keyslots");
  // Asking to keep an exabyte free makes any disk too small.
  auto report = vault->Repack(uint64_t{1} << 60);
  EXPECT_EQ(report.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("free disk space"),
            std::string::npos);
  EXPECT_EQ(ReadAll(db_path()), db_before);
  EXPECT_EQ(ReadAll(dir() + "/keyslots"), keyslots_before);
  EXPECT_FALSE(std::filesystem::exists(copy_path()));
}

TEST_F(RepackTest, OtherUsersAndRepackExcludeEachOther) {
  {
    auto user = Open();
    ASSERT_TRUE(user.ok());
    auto second_user = Open();  // shared: any number at once
    ASSERT_TRUE(second_user.ok()) << second_user.status().ToString();
    auto repack = Open(VaultAccess::kExclusive);
    EXPECT_EQ(repack.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(repack.status().message().find("another fieldvault command"),
              std::string::npos);
  }
  auto repack = Open(VaultAccess::kExclusive);
  ASSERT_TRUE(repack.ok()) << repack.status().ToString();
  auto user = Open();
  EXPECT_EQ(user.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(user.status().message().find("repack"), std::string::npos);
}

TEST_F(RepackTest, MoveAssignedVaultKeepsOneLockAndItsConnection) {
  auto kept = Open();
  auto replaced = Open();
  ASSERT_TRUE(kept.ok() && replaced.ok());
  *replaced = std::move(*kept);  // closes one connection, releases its lock
  EXPECT_EQ(Open(VaultAccess::kExclusive).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(replaced->db().Exec("CREATE TABLE moved(x)").ok());
  replaced = Status::NotFound("closed");  // the last lock goes with it
  EXPECT_TRUE(Open(VaultAccess::kExclusive).ok());
}

TEST_F(RepackTest, RepackNeedsTheExclusiveLock) {
  auto vault = Open();
  ASSERT_TRUE(vault.ok());
  EXPECT_EQ(vault->Repack().status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(copy_path()));
}

TEST_F(RepackTest, LeftoverCopyIsRemovedAtTheNextOpen) {
  // What a crash before the rename leaves: a partial copy and its journal.
  WriteAll(copy_path(), std::string(8192, '\x5a'));
  WriteAll(dir() + "/" + kRepackJournalFile, std::string(512, '\x5a'));
  const std::string db_before = ReadAll(db_path());
  auto vault = Open();
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(copy_path()));
  EXPECT_FALSE(std::filesystem::exists(dir() + "/" + kRepackJournalFile));
}

TEST_F(RepackTest, LeftoverCopyIsReplacedByRepack) {
  MakeLegacy();
  WriteAll(copy_path(), std::string(8192, '\x5a'));
  auto vault = Open(VaultAccess::kExclusive);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(copy_path()));  // repack says so itself
  auto report = vault->Repack();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->removed_leftover);
  EXPECT_EQ(report->new_page_size, kVaultPageSize);
  EXPECT_FALSE(std::filesystem::exists(copy_path()));
}

TEST_F(RepackTest, WipeRemovesALeftoverCopy) {
  WriteAll(copy_path(), std::string(8192, '\x5a'));
  ASSERT_TRUE(Vault::Wipe(dir(), random_).ok());
  EXPECT_FALSE(std::filesystem::exists(dir()));
}

}  // namespace
}  // namespace fieldvault::core
