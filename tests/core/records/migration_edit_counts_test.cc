// Migration 9 on a vault from before edit counts (schema 8).
#include <gtest/gtest.h>

#include "core/records/edit_counts.h"
#include "core/records/record_json.h"
#include "core/records/record_rows.h"
#include "core/records/records_schema.h"
#include "core/vault/migrations.h"
#include "tests/core/records/sample_records.h"
#include "tests/core/temp_database.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;
using nlohmann::json;

// The history and conflicts tables as schema 8 had them.
constexpr char kSchema8Tables[] =
    "DROP TABLE record_history; DROP TABLE record_conflicts;"
    "CREATE TABLE record_history ("
    " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, replaced_at INTEGER NOT NULL,"
    " replaced_by TEXT NOT NULL, body TEXT NOT NULL,"
    " PRIMARY KEY (record_type, record_id, version));"
    "CREATE TABLE record_conflicts ("
    " conflict_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " version INTEGER NOT NULL, body TEXT NOT NULL,"
    " signer TEXT NOT NULL, bundle_id TEXT NOT NULL,"
    " received_at INTEGER NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO record_history VALUES ('source', 'x', 1, 5, 'vault-a', '{}');"
    "INSERT INTO record_conflicts (record_type, record_id, version, body,"
    " signer, bundle_id, received_at) VALUES ('source', 'x', 3, '{}', 'K',"
    " 'b', 7);";

TEST(MigrationEditCountsTest, OlderVaultsGetEditCounts) {
  TempDatabase temp;
  Database& db = temp.db();
  ASSERT_TRUE(CreateRecordsSchema(db).ok());
  ASSERT_TRUE(db.Exec(kSchema8Tables).ok());
  Source source = SampleSource();
  source.meta.version = 4;
  source.meta.edits = {{"vault-synthetic", 4}};
  json legacy = ToJson(source);
  legacy.erase("edits");
  RecordRows rows(db);
  ASSERT_TRUE(rows.Write(legacy).ok());

  crypto::DeterministicRandom random(1);
  FixedClock clock(1582363800LL * 1000000);
  MigrationContext context{random, clock};
  ASSERT_TRUE(MigrateEditCounts(db, context).ok());

  auto stored = rows.Load(kSourceType, kSourceId);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->body["edits"], json({{"vault-synthetic", 4}}));
  EXPECT_EQ(*SourceFromJson((*stored)->body), source);
  // The history keeps its rows and takes a second version with one number.
  EXPECT_EQ(*db.QueryInt64("SELECT count(*) FROM record_history"), 1);
  EXPECT_TRUE(db.Exec("INSERT INTO record_history (record_type, record_id,"
                      " version, replaced_at, replaced_by, body) VALUES"
                      " ('source', 'x', 1, 6, 'vault-b', '{}')")
                  .ok());
  EXPECT_EQ(*db.QueryInt64("SELECT stored_version FROM record_conflicts"), 3);
  // Running it again (a vault created with the new shape) changes nothing.
  ASSERT_TRUE(MigrateEditCounts(db, context).ok());
  EXPECT_EQ(*db.QueryInt64("SELECT count(*) FROM record_history"), 2);
  EXPECT_EQ((*rows.Load(kSourceType, kSourceId))->body, (*stored)->body);
}

}  // namespace
}  // namespace fieldvault::core
