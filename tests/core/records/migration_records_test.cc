#include <gtest/gtest.h>

#include "core/records/records_schema.h"
#include "core/records/vocabulary.h"
#include "core/vault/migrations.h"
#include "core/vault/vault.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

TEST(MigrationRecordsTest, NewVaultHasRecordTablesAndVocabularies) {
  ASSERT_TRUE(crypto::InitializeCrypto().ok());
  testing::ScratchDir scratch;
  crypto::DeterministicRandom random(3);
  FixedClock clock(1582363800000000);
  auto vault = Vault::Create(scratch.Join("vault"),
                             testing::Secret("synthetic passphrase"),
                             testing::LowCost(), random, clock);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  EXPECT_GE(*CurrentSchemaVersion(vault->db()), 3);
  size_t terms = 0;
  for (const Vocabulary& vocabulary : AllVocabularies()) {
    terms += vocabulary.terms.size();
  }
  EXPECT_EQ(*vault->db().QueryInt64("SELECT count(*) FROM vocabulary"),
            static_cast<int64_t>(terms));
  EXPECT_EQ(*vault->db().QueryText(
                "SELECT label FROM vocabulary WHERE vocabulary ="
                " 'legal_status' AND term = 'administrative_detention'"),
            "administrative detention");
  // Running the schema again (an older vault re-migrated) changes nothing.
  ASSERT_TRUE(CreateRecordsSchema(vault->db()).ok());
  EXPECT_EQ(*vault->db().QueryInt64("SELECT count(*) FROM vocabulary"),
            static_cast<int64_t>(terms));
  for (const char* table : {"incidents", "persons", "person_names",
                            "detentions", "witness_accounts", "sources",
                            "record_history", "record_conflicts"}) {
    EXPECT_EQ(*vault->db().QueryInt64(
                  std::string("SELECT count(*) FROM sqlite_master WHERE"
                              " type = 'table' AND name = '") +
                  table + "'"),
              1)
        << table;
  }
}

}  // namespace
}  // namespace fieldvault::core
