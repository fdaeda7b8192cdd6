// Persons merged into a person that is later deleted (a monitor deletes a
// record HQ had merged a duplicate into; HQ imports the tombstone). What
// bundles then say of them:
//   - public: the deleted person stays home (a tombstone keeps its
//     content), so the merged person leaves as themselves, merged_into ""
//     instead of naming a withheld record; the same when the person merged
//     into is not public;
//   - hq: the record as stored, merged into the tombstone, which the
//     receiver holds too (it travels with the change), so the link never
//     points at a record the receiver lacks; and a detainee merged into a
//     witness the profile would keep home takes that person along.
#include <gtest/gtest.h>

#include <functional>

#include "core/records/record_store.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

constexpr char kMerged[] = "88888888-8888-4888-8888-888888888881";
constexpr char kInto[] = "88888888-8888-4888-8888-888888888882";

class MergedPersonTest : public HandoffTest {
 protected:
  void Write(Vault& vault, const std::function<void(RecordStore&)>& change) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    change(store);
    ASSERT_TRUE(write->Commit().ok());
  }

  static Person PublicPerson(const char* id, const char* name) {
    Person person = fieldvault::testing::SamplePerson();
    person.meta.id = id;
    person.meta.confidentiality = "public";
    person.names = {{name, "Latn", "", "", ""}};
    return person;
  }

  // Creates both persons in the field vault, the first merged into the
  // second; `into_confidentiality` for the second.
  void MergeInField(const std::string& into_confidentiality) {
    Write(*field_, [&](RecordStore& store) {
      ASSERT_TRUE(store.Create(PublicPerson(kMerged, "Synthetic Duplicate-01")).ok());
      Person into = PublicPerson(kInto, "Synthetic Original-01");
      into.meta.confidentiality = into_confidentiality;
      ASSERT_TRUE(store.Create(into).ok());
      auto merged = store.Get<Person>(kMerged);
      ASSERT_TRUE(merged.ok());
      merged->merged_into = kInto;
      ASSERT_TRUE(store.Update(*merged).ok());
    });
  }

  ExportResult ExportPublic() {
    ExportRequest request;
    request.profile = "public";
    return Export(*field_, request);
  }
};

TEST_F(MergedPersonTest, APublicBundleNamesNoDeletedPersonAMergePointsTo) {
  MergeInField("public");
  Write(*field_, [](RecordStore& store) { ASSERT_TRUE(store.Delete(kPersonType, kInto).ok()); });
  ExportResult sent = ExportPublic();
  EXPECT_EQ(sent.record_counts.at("person"), 1u);
  EXPECT_EQ(sent.left_out["deleted_record"], 1u);
  EXPECT_EQ(sent.left_out["merged_into"], 1u);
  const std::string plain = Decrypt(sent.path);
  EXPECT_NE(plain.find("Synthetic Duplicate-01"), std::string::npos);
  EXPECT_EQ(plain.find(kInto), std::string::npos);
  EXPECT_EQ(plain.find("Synthetic Original-01"), std::string::npos);
}

TEST_F(MergedPersonTest, APublicMergeLinkStaysOnlyWhenBothArePublished) {
  MergeInField("public");
  ExportResult both = ExportPublic();
  EXPECT_EQ(both.record_counts.at("person"), 2u);
  EXPECT_EQ(both.left_out.count("merged_into"), 0u);
  EXPECT_NE(Decrypt(both.path).find("\"merged_into\":\"" + std::string(kInto) + "\""),
            std::string::npos);

  Write(*field_, [](RecordStore& store) {
    auto into = store.Get<Person>(kInto);
    ASSERT_TRUE(into.ok());
    into->meta.confidentiality = "confidential";
    ASSERT_TRUE(store.Update(*into).ok());
  });
  ExportRequest all;
  all.profile = "public";
  all.all = true;
  ExportResult one = Export(*field_, all);
  EXPECT_EQ(one.record_counts.at("person"), 1u);
  EXPECT_EQ(one.left_out["merged_into"], 1u);
  EXPECT_EQ(Decrypt(one.path).find(kInto), std::string::npos);
}

TEST_F(MergedPersonTest, HqRelaysTheTombstoneTheMergePointsTo) {
  std::unique_ptr<Vault> second = NewVault("second-monitor");
  Introduce(*hq_, *second, "monitor-2", "hq-geneva");
  Write(*field_, [](RecordStore& store) {
    ASSERT_TRUE(store.Create(PublicPerson(kMerged, "Synthetic Duplicate-01")).ok());
    ASSERT_TRUE(store.Create(PublicPerson(kInto, "Synthetic Original-01")).ok());
  });
  ASSERT_TRUE(Receive(*hq_, Export(*field_).path, true).imported);
  // HQ merges the duplicate; the monitor then deletes the other record.
  Write(*hq_, [](RecordStore& store) {
    auto merged = store.Get<Person>(kMerged);
    ASSERT_TRUE(merged.ok());
    merged->merged_into = kInto;
    ASSERT_TRUE(store.Update(*merged).ok());
  });
  Write(*field_, [](RecordStore& store) { ASSERT_TRUE(store.Delete(kPersonType, kInto).ok()); });
  clock_.Advance(1000000);
  ASSERT_TRUE(Receive(*hq_, Export(*field_).path, true).imported);

  ExportResult relayed = Export(*hq_);
  ReceiveReport report = Receive(*second, relayed.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  RecordStore store(second->db(), second->clock(), random_, second->vault_id(), *normalizer_,
                    nullptr, ChangeObserver());
  auto merged = store.Get<Person>(kMerged);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->merged_into, kInto);
  auto into = store.Get<Person>(kInto);
  ASSERT_TRUE(into.ok()) << into.status().ToString();
  EXPECT_TRUE(into->meta.deleted);
}

TEST_F(MergedPersonTest, HqSendsTheWitnessADetaineeWasMergedInto) {
  // A detainee merged into a person who is also the witness of an account
  // without consent to share: the same human. The detainee goes (the
  // detainee list is what HQ is for), so the person it is merged into goes
  // too, as a witness named by a detention would; the account stays home.
  Write(*field_, [](RecordStore& store) {
    ASSERT_TRUE(store.Create(fieldvault::testing::SampleIncident()).ok());
    ASSERT_TRUE(store.Create(fieldvault::testing::SampleSource()).ok());
    ASSERT_TRUE(store.Create(PublicPerson(kInto, "Synthetic Witness-01")).ok());
    Person detainee = fieldvault::testing::SamplePerson();
    ASSERT_TRUE(store.Create(detainee).ok());
    ASSERT_TRUE(store.Create(fieldvault::testing::SampleDetention()).ok());
    WitnessAccount account = fieldvault::testing::SampleWitnessAccount();
    account.witness_pseudonym.clear();
    account.witness_person_id = kInto;
    account.consents[1].granted = false;  // share_with_hq
    ASSERT_TRUE(store.Create(account).ok());
  });
  ExportResult before = Export(*field_);
  EXPECT_EQ(before.left_out["witness_person"], 1u);  // not merged yet: home
  Write(*field_, [](RecordStore& store) {
    auto detainee = store.Get<Person>(fieldvault::testing::kPersonId);
    ASSERT_TRUE(detainee.ok());
    detainee->merged_into = kInto;
    ASSERT_TRUE(store.Update(*detainee).ok());
  });
  ExportRequest all;
  all.all = true;
  ExportResult after = Export(*field_, all);
  EXPECT_EQ(after.left_out.count("witness_person"), 0u);
  EXPECT_EQ(after.left_out["witness_account"], 1u);
  EXPECT_EQ(after.record_counts.at("person"), 2u);
  ReceiveReport report = Receive(*hq_, after.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  RecordStore store(hq_->db(), hq_->clock(), random_, hq_->vault_id(), *normalizer_,
                    nullptr, ChangeObserver());
  EXPECT_TRUE(store.Get<Person>(kInto).ok());
  EXPECT_FALSE(store.Get<WitnessAccount>(fieldvault::testing::kWitnessId).ok());
}

}  // namespace
}  // namespace fieldvault::core::bundle
