// The set-up most records tests share: a keyed temporary database with the
// records and search schemas, one name normalizer, a search index and a
// RecordStore writing to both, with a fixed clock (2020-02-22T09:30:00Z)
// and a deterministic random source. Tests derive their fixture from
// RecordsTest and call RecordsTest::SetUp() first when they add their own.
#ifndef FIELDVAULT_TESTS_CORE_RECORDS_RECORDS_FIXTURE_H_
#define FIELDVAULT_TESTS_CORE_RECORDS_RECORDS_FIXTURE_H_

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/names/match_key.h"
#include "core/records/record_store.h"
#include "core/records/records_schema.h"
#include "core/search/search_index.h"
#include "crypto/random.h"
#include "tests/core/temp_database.h"

namespace fieldvault::testing {

class RecordsTest : public ::testing::Test {
 protected:
  // `vault_id` is the store's actor (created_by, replaced_by); `seed`
  // seeds the random source the store draws ids from.
  explicit RecordsTest(std::string vault_id = "vault-synthetic",
                       uint64_t seed = 7)
      : random_(seed), vault_id_(std::move(vault_id)) {}

  void SetUp() override {
    auto normalizer = core::NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    ASSERT_TRUE(core::CreateRecordsSchema(db()).ok());
    ASSERT_TRUE(core::CreateSearchSchema(db()).ok());
    auto index = core::SearchIndex::Create(db(), *normalizer_);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_.emplace(std::move(index).value());
    store_.emplace(db(), clock_, random_, vault_id_, *normalizer_, &*index_,
                   observer_);
  }

  core::Database& db() { return temp_.db(); }

  core::TempDatabase temp_;
  core::FixedClock clock_{1582363800LL * 1000000};
  crypto::DeterministicRandom random_;
  std::string vault_id_;
  // Told of every change the store makes; set it before SetUp().
  core::ChangeObserver observer_;
  std::optional<core::NameNormalizer> normalizer_;
  std::optional<core::SearchIndex> index_;
  std::optional<core::RecordStore> store_;
};

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_RECORDS_RECORDS_FIXTURE_H_
