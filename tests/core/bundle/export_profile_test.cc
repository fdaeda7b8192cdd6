#include "core/bundle/export_profile.h"

#include <gtest/gtest.h>

#include "core/records/record_json.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using testing::SampleIncident;
using testing::SamplePerson;
using testing::SampleWitnessAccount;

WitnessAccount AccountWith(std::vector<std::pair<std::string, bool>> grants) {
  WitnessAccount account = SampleWitnessAccount();
  account.consents.clear();
  for (const auto& [purpose, granted] : grants) {
    account.consents.push_back(
        {purpose, granted, testing::Date("2020-02-23"), "oral_recorded", {}});
  }
  return account;
}

std::optional<nlohmann::json> Apply(ExportProfile& profile, std::string_view type,
                                    const nlohmann::json& json) {
  auto result = profile.Apply(type, json);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : std::nullopt;
}

TEST(ExportProfileTest, ParsesNames) {
  EXPECT_EQ(ExportProfile::Parse("hq")->name(), "hq");
  EXPECT_EQ(ExportProfile::Parse("public")->name(), "public");
  EXPECT_EQ(ExportProfile::Parse("press").status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ExportProfileTest, HqKeepsOnlyAccountsSharedWithHq) {
  auto profile = *ExportProfile::Parse("hq");
  auto shared = ToJson(AccountWith({{"share_with_hq", true}}));
  EXPECT_EQ(Apply(profile, "witness_account", shared), shared);
  EXPECT_FALSE(Apply(profile, "witness_account",
                     ToJson(AccountWith({{"share_with_hq", false}}))));
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(AccountWith({}))));
  WitnessAccount withdrawn = AccountWith({{"share_with_hq", true}});
  withdrawn.consents[0].withdrawn = testing::Date("2020-03-01");
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(withdrawn)));
  auto incident = ToJson(SampleIncident());
  EXPECT_EQ(Apply(profile, "incident", incident), incident);  // coordinates kept
  EXPECT_EQ(profile.left_out().at("witness_account"), 3u);
}

TEST(ExportProfileTest, PublicDropsIdentitiesCoordinatesAndNotes) {
  auto profile = *ExportProfile::Parse("public");
  WitnessAccount named_witness = AccountWith({{"publish_anonymised", true}});
  named_witness.witness_pseudonym.clear();
  named_witness.witness_person_id = testing::kPersonId;
  profile.NoteWitnessAccount(named_witness);

  auto anonymised = Apply(profile, "witness_account", ToJson(named_witness));
  ASSERT_TRUE(anonymised);
  EXPECT_EQ((*anonymised)["witness_pseudonym"], "withheld");
  EXPECT_EQ((*anonymised)["witness_person_id"], "");
  EXPECT_EQ((*anonymised)["interviewer"], "withheld");
  EXPECT_EQ((*anonymised)["statement"], named_witness.statement);
  EXPECT_FALSE(Apply(profile, "witness_account",
                     ToJson(AccountWith({{"share_with_hq", true}}))));
  auto named = ToJson(AccountWith({{"publish_named", true}}));
  EXPECT_EQ(Apply(profile, "witness_account", named), named);

  EXPECT_FALSE(Apply(profile, "person", ToJson(SamplePerson())));  // a witness
  Person other = SamplePerson();
  other.meta.id = "66666666-6666-4666-8666-666666666666";
  other.notes = "synthetic phone number 000";
  auto kept = Apply(profile, "person", ToJson(other));
  ASSERT_TRUE(kept);
  EXPECT_EQ((*kept)["notes"], "");

  auto incident = Apply(profile, "incident", ToJson(SampleIncident()));
  ASSERT_TRUE(incident);
  EXPECT_TRUE((*incident)["coordinates"].is_null()) << incident->dump();
  Incident restricted = SampleIncident();
  restricted.meta.confidentiality = "restricted";
  EXPECT_FALSE(Apply(profile, "incident", ToJson(restricted)));

  std::map<std::string, uint64_t> expected = {
      {"coordinates", 1}, {"person_notes", 1}, {"restricted_record", 1},
      {"witness_account", 1}, {"witness_identity", 1}, {"witness_person", 1}};
  EXPECT_EQ(profile.left_out(), expected);
}

}  // namespace
}  // namespace fieldvault::core::bundle
