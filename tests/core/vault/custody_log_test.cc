#include "core/vault/custody_log.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/vault/migrations.h"
#include "crypto/init.h"
#include "crypto/random.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

class CustodyLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto db = Database::Open(scratch_.Join("log.db"), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(*db));
    crypto::SecretBytes key(32);
    random_.Fill(key.MutableReveal());
    ASSERT_TRUE(db_->Key(key).ok());
    MigrationContext context{random_, clock_};
    ASSERT_TRUE(RunMigrations(*db_, context).ok());
  }
  void Append(const std::string& detail) {
    auto head = AppendCustodyRecord(*db_, {"edited", "incident", "", "", detail},
                                    "synthetic-actor", clock_.NowMicros());
    ASSERT_TRUE(head.ok()) << head.status().ToString();
    clock_.Advance(1000);
  }

  testing::ScratchDir scratch_;
  crypto::DeterministicRandom random_{5};
  FixedClock clock_{1582363800000000};
  std::optional<Database> db_;
};

TEST_F(CustodyLogTest, EmptyChainHasZeroHead) {
  auto head = ReadChainHead(*db_);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->sequence, 0);
  EXPECT_EQ(head->hash, crypto::Blake2b512{});
  EXPECT_TRUE(VerifyCustodyChain(*db_).ok());
}

TEST_F(CustodyLogTest, AppendedEventsLinkAndVerify) {
  Append("first");
  Append("second");
  Append("third");
  auto verified = VerifyCustodyChain(*db_);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->sequence, 3);
  std::vector<CustodyRecord> records;
  ASSERT_TRUE(ForEachCustodyRecord(*db_, 1, [&](const CustodyRecord& r) {
                records.push_back(r);
                return Status::Ok();
              }).ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].event.detail, "second");
  EXPECT_EQ(records[1].previous_hash, records[0].hash);
}

TEST_F(CustodyLogTest, EveryFieldIsCovered) {
  Append("only");
  CustodyRecord record;
  ASSERT_TRUE(ForEachCustodyRecord(*db_, 0, [&](const CustodyRecord& r) {
                record = r;
                return Status::Ok();
              }).ok());
  crypto::Blake2b512 hash = HashCustodyRecord(record);
  EXPECT_EQ(hash, record.hash);
  auto changed = [&](auto mutate) {
    CustodyRecord copy = record;
    mutate(copy);
    return HashCustodyRecord(copy) != hash;
  };
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.sequence++; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.occurred_at_micros++; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.actor += "x"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.event.action = "exported"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.event.record_type = "person"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.event.record_id = "y"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.event.bundle_id = "z"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.event.detail = "onlY"; }));
  EXPECT_TRUE(changed([](CustodyRecord& r) { r.previous_hash[0] ^= 1; }));
  // Moving text between adjacent fields must change the hash too.
  EXPECT_TRUE(changed([](CustodyRecord& r) {
    r.event.record_type = "incidentx";
    r.event.record_id = "";
  }));
}

TEST_F(CustodyLogTest, TamperingIsDetected) {
  Append("first");
  Append("second");
  Append("third");
  ASSERT_TRUE(db_->Exec("DROP TRIGGER custody_log_no_update").ok());
  ASSERT_TRUE(
      db_->Exec("UPDATE custody_log SET detail = 'forged' WHERE sequence = 2")
          .ok());
  auto verified = VerifyCustodyChain(*db_);
  EXPECT_EQ(verified.status().code(), StatusCode::kCorruption);
  EXPECT_NE(verified.status().message().find("custody event 2"),
            std::string::npos);
}

TEST_F(CustodyLogTest, RemovedEventIsDetected) {
  Append("first");
  Append("second");
  Append("third");
  ASSERT_TRUE(db_->Exec("DROP TRIGGER custody_log_no_delete").ok());
  ASSERT_TRUE(db_->Exec("DELETE FROM custody_log WHERE sequence = 2").ok());
  EXPECT_EQ(VerifyCustodyChain(*db_).status().code(), StatusCode::kCorruption);
}

TEST_F(CustodyLogTest, RejectsBadEvents) {
  EXPECT_EQ(AppendCustodyRecord(*db_, {}, "a", 0).status().code(),
            StatusCode::kInvalidArgument);
  CustodyEvent big{"edited", "", "", "", std::string(5000, 'x')};
  EXPECT_EQ(AppendCustodyRecord(*db_, big, "a", 0).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault::core
