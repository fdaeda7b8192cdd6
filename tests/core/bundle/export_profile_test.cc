#include "core/bundle/export_profile.h"

#include <gtest/gtest.h>

#include "core/records/record_json.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using testing::kIncidentId;
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
  auto incident = ToJson(SampleIncident());
  EXPECT_EQ(Apply(profile, "incident", incident), incident);  // coordinates kept
  EXPECT_EQ(profile.left_out().at("witness_account"), 2u);
}

TEST(ExportProfileTest, HqSendsAWithdrawalAsANoticeWithoutTheStatement) {
  auto profile = *ExportProfile::Parse("hq");
  WitnessAccount withdrawn = AccountWith({{"share_with_hq", true}, {"store", true}});
  withdrawn.witness_person_id = testing::kPersonId;
  withdrawn.witness_pseudonym.clear();
  withdrawn.interviewer = "Interviewer Synthetic-3";
  withdrawn.translation = "synthetic translation";
  withdrawn.consents[0].withdrawn = testing::Date("2020-03-01");
  auto notice = Apply(profile, "witness_account", ToJson(withdrawn));
  ASSERT_TRUE(notice);
  auto parsed = WitnessAccountFromJson(*notice);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->consents, withdrawn.consents);  // HQ learns of the withdrawal
  EXPECT_EQ(parsed->meta, withdrawn.meta);
  EXPECT_EQ(parsed->statement, "withheld");
  EXPECT_EQ(parsed->translation, "withheld");
  EXPECT_EQ(parsed->interviewer, "withheld");
  EXPECT_EQ(parsed->witness_pseudonym, "withheld");
  EXPECT_EQ(parsed->witness_person_id, "");
  EXPECT_EQ(notice->dump().find(withdrawn.statement), std::string::npos);
  EXPECT_FALSE(profile.CarriesAttachmentsOf(withdrawn.meta.id));
  EXPECT_EQ(profile.left_out().at("withdrawn_consent"), 1u);
}

TEST(ExportProfileTest, HqKeepsHomeWitnessesWhoDidNotConsent) {
  auto profile = *ExportProfile::Parse("hq");
  EXPECT_TRUE(profile.KeepsAsStored("person"));
  auto account_of = [](const std::string& person, bool shared) {
    WitnessAccount account = AccountWith({{"share_with_hq", shared}});
    account.witness_person_id = person;
    account.witness_pseudonym.clear();
    return account;
  };
  profile.NoteWitnessAccount(account_of("p-refused", false));
  profile.NoteWitnessAccount(account_of("p-shared", true));
  profile.NoteWitnessAccount(account_of("p-both", false));
  profile.NoteWitnessAccount(account_of("p-both", true));
  profile.NoteWitnessAccount(account_of("p-detained", false));
  EXPECT_EQ(profile.hidden_witness_persons(),
            (std::set<std::string>{"p-detained", "p-refused"}));
  profile.KeepDetainee("p-detained");
  EXPECT_FALSE(profile.KeepsAsStored("person"));
  auto person_with_id = [](const std::string& id) {
    Person person = SamplePerson();
    person.meta.id = id;
    return ToJson(person);
  };
  EXPECT_FALSE(Apply(profile, "person", person_with_id("p-refused")));
  for (const char* kept : {"p-shared", "p-both", "p-detained", "p-unrelated"}) {
    EXPECT_TRUE(Apply(profile, "person", person_with_id(kept))) << kept;
  }
  EXPECT_EQ(profile.left_out().at("witness_person"), 1u);
}

// Marked public, as a record must be to leave in a public bundle.
template <typename Record>
Record Public(Record record) {
  record.meta.confidentiality = "public";
  return record;
}

constexpr char kWithdrawnPerson[] = "66666666-6666-4666-8666-666666666661";
constexpr char kTheirs[] = "66666666-6666-4666-8666-666666666662";
constexpr char kOurs[] = "66666666-6666-4666-8666-666666666663";
constexpr char kTheirsWithdrawn[] = "66666666-6666-4666-8666-666666666664";

TEST(ExportProfileTest, HqSendsTheWitnessOfAWithdrawnAccountAsANotice) {
  auto profile = *ExportProfile::Parse("hq");
  WitnessAccount withdrawn = AccountWith({{"store", true}, {"share_with_hq", true}});
  withdrawn.witness_person_id = kWithdrawnPerson;
  withdrawn.witness_pseudonym.clear();
  withdrawn.consents[1].withdrawn = testing::Date("2020-03-01");
  profile.NoteWitnessAccount(withdrawn);
  Person person = SamplePerson();
  person.meta.id = kWithdrawnPerson;
  person.notes = "synthetic phone +000 0001";
  person.affiliations = {"Synthetic Movement"};
  person.birth_date = testing::Date("1990");
  auto notice = Apply(profile, "person", ToJson(person));
  ASSERT_TRUE(notice);
  auto parsed = PersonFromJson(*notice);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->names.size(), 1u);
  EXPECT_EQ(parsed->names[0].full_name, "withheld");
  EXPECT_EQ(parsed->notes, "withheld");
  EXPECT_TRUE(parsed->affiliations.empty());
  EXPECT_FALSE(parsed->birth_date.known());
  EXPECT_EQ(parsed->meta.id, person.meta.id);
  EXPECT_EQ(parsed->meta.version, person.meta.version + 1);  // replaces HQ's copy
  EXPECT_FALSE(profile.CarriesAttachmentsOf(kWithdrawnPerson));
  auto account = Apply(profile, "witness_account", ToJson(withdrawn));
  ASSERT_TRUE(account);
  EXPECT_EQ((*account)["witness_person_id"], kWithdrawnPerson);
  EXPECT_EQ(profile.left_out().at("withdrawn_witness_person"), 1u);
  EXPECT_EQ(profile.left_out().at("withdrawn_consent"), 1u);
}

TEST(ExportProfileTest, HqSharesOnlyThisVaultsAccounts) {
  auto profile = *ExportProfile::Parse("hq");
  profile.ShareOnlyAccountsOf("vault-hq");
  WitnessAccount theirs = AccountWith({{"store", true}, {"share_with_hq", true}});
  theirs.witness_person_id = kTheirs;
  theirs.witness_pseudonym.clear();
  WitnessAccount ours = theirs;
  ours.meta.id = "44444444-4444-4444-8444-4444444444b0";
  ours.meta.created_by = "vault-hq";
  ours.witness_person_id = kOurs;
  WitnessAccount withdrawn_theirs = theirs;
  withdrawn_theirs.consents[1].withdrawn = testing::Date("2020-03-01");
  withdrawn_theirs.witness_person_id = kTheirsWithdrawn;
  for (const auto& a : {theirs, ours, withdrawn_theirs}) profile.NoteWitnessAccount(a);
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(theirs)));
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(withdrawn_theirs)));
  EXPECT_TRUE(Apply(profile, "witness_account", ToJson(ours)));
  Person person = SamplePerson();
  for (const char* id : {kTheirs, kTheirsWithdrawn}) {
    person.meta.id = id;
    EXPECT_FALSE(Apply(profile, "person", ToJson(person))) << id;
  }
  person.meta.id = kOurs;
  EXPECT_TRUE(Apply(profile, "person", ToJson(person)));
  EXPECT_EQ(profile.left_out().at("witness_account_of_other_vault"), 2u);
  EXPECT_EQ(profile.left_out().at("witness_person_of_other_vault"), 2u);
}

TEST(ExportProfileTest, NoProfileSharesAnAccountWhoseWitnessRefusedStorage) {
  for (const char* name : {"hq", "public"}) {
    auto profile = *ExportProfile::Parse(name);
    WitnessAccount refused = Public(AccountWith(
        {{"store", false}, {"publish_named", true}}));
    EXPECT_FALSE(Apply(profile, "witness_account", ToJson(refused))) << name;
    WitnessAccount withdrawn = Public(AccountWith(
        {{"store", true}, {"share_with_hq", true}, {"publish_named", true}}));
    withdrawn.consents[0].withdrawn = testing::Date("2020-03-01");
    auto sent = Apply(profile, "witness_account", ToJson(withdrawn));
    // HQ, which may hold it, receives a notice without the statement.
    if (sent) {
      EXPECT_EQ((*sent)["statement"], "withheld") << name;
    }
    EXPECT_EQ(profile.left_out().at("storage_refused"), 2u) << name;
  }
}


TEST(ExportProfileTest, PublicDropsIdentitiesCoordinatesAndNotes) {
  auto profile = *ExportProfile::Parse("public");
  WitnessAccount named_witness = Public(AccountWith({{"publish_anonymised", true}}));
  named_witness.witness_pseudonym.clear();
  named_witness.witness_person_id = testing::kPersonId;
  profile.NoteWitnessAccount(named_witness);

  auto anonymised = Apply(profile, "witness_account", ToJson(named_witness));
  ASSERT_TRUE(anonymised);
  EXPECT_EQ((*anonymised)["witness_pseudonym"], "withheld");
  EXPECT_EQ((*anonymised)["witness_person_id"], "");
  EXPECT_EQ((*anonymised)["interviewer"], "withheld");
  EXPECT_EQ((*anonymised)["statement"], named_witness.statement);
  EXPECT_FALSE(profile.CarriesAttachmentsOf(named_witness.meta.id));
  EXPECT_FALSE(Apply(profile, "witness_account",
                     ToJson(Public(AccountWith({{"share_with_hq", true}})))));
  WitnessAccount named_account = Public(AccountWith({{"publish_named", true}}));
  named_account.meta.id = "77777777-7777-4777-8777-777777777777";
  auto named = ToJson(named_account);
  auto named_out = Apply(profile, "witness_account", named);
  ASSERT_TRUE(named_out);
  // Named as the witness agreed; the interviewer (a monitor) and the
  // vault ids behind the record stay home.
  EXPECT_EQ((*named_out)["witness_pseudonym"], named_account.witness_pseudonym);
  EXPECT_EQ((*named_out)["statement"], named_account.statement);
  EXPECT_EQ((*named_out)["interviewer"], "withheld");
  EXPECT_EQ((*named_out)["created_by"], "withheld");
  EXPECT_FALSE(named_out->contains("edits"));
  EXPECT_TRUE(WitnessAccountFromJson(*named_out).ok());
  EXPECT_TRUE(profile.CarriesAttachmentsOf(named_account.meta.id));

  EXPECT_FALSE(Apply(profile, "person", ToJson(Public(SamplePerson()))));  // a witness
  Person other = Public(SamplePerson());
  other.meta.id = "66666666-6666-4666-8666-666666666666";
  other.notes = "synthetic phone number 000";
  auto kept = Apply(profile, "person", ToJson(other));
  ASSERT_TRUE(kept);
  EXPECT_EQ((*kept)["notes"], "");

  auto incident = Apply(profile, "incident", ToJson(Public(SampleIncident())));
  ASSERT_TRUE(incident);
  EXPECT_TRUE((*incident)["coordinates"].is_null()) << incident->dump();

  std::map<std::string, uint64_t> expected = {
      {"coordinates", 1}, {"interviewer", 1}, {"person_notes", 1},
      {"witness_account", 1}, {"witness_identity", 1}, {"witness_person", 1}};
  EXPECT_EQ(profile.left_out(), expected);
}

TEST(ExportProfileTest, PublicDropsWhoWroteARecordAndWhereItIsKnownFrom) {
  auto profile = *ExportProfile::Parse("public");
  // A detention whose statuses are known from a monitor and from the CSV
  // import's default source name.
  Detention detention = Public(fieldvault::testing::SampleDetention());
  detention.status_history[1].source_note = "detainee list almaty-monitor-7.csv";
  detention.meta.edits = {{"vault-synthetic", 1}, {"vault-other", 1}};
  detention.meta.version = 2;
  auto out = Apply(profile, "detention", ToJson(detention));
  ASSERT_TRUE(out);
  const std::string text = out->dump();
  for (const char* absent : {"vault-synthetic", "vault-other", "monitor saw the arrest",
                             "almaty-monitor-7"}) {
    EXPECT_EQ(text.find(absent), std::string::npos) << absent;
  }
  EXPECT_EQ((*out)["status_history"][0]["source_note"], "withheld");
  EXPECT_EQ((*out)["status_history"][1]["source_id"], fieldvault::testing::kSourceId);
  EXPECT_EQ((*out)["version"], 2);
  // Still a valid record for whoever reads it with fieldvault's parser.
  EXPECT_TRUE(DetentionFromJson(*out).ok()) << text;

  Source source = Public(fieldvault::testing::SampleSource());
  source.notes = "synthetic contact of the court clerk";
  auto source_out = Apply(profile, "source", ToJson(source));
  ASSERT_TRUE(source_out);
  EXPECT_EQ((*source_out)["notes"], "");
  EXPECT_EQ((*source_out)["title"], source.title);

  // A person merged into one the bundle does not publish leaves as
  // themselves; merged into a published one, the link stays.
  Person merged = Public(SamplePerson());
  merged.merged_into = "99999999-9999-4999-8999-999999999999";
  auto alone = Apply(profile, "person", ToJson(merged));
  ASSERT_TRUE(alone);
  EXPECT_EQ((*alone)["merged_into"], "");
  profile.SetPublishedMergeTargets({"99999999-9999-4999-8999-999999999999"});
  EXPECT_EQ((*Apply(profile, "person", ToJson(merged)))["merged_into"],
            "99999999-9999-4999-8999-999999999999");

  std::map<std::string, uint64_t> expected = {
      {"merged_into", 1}, {"source_note", 1}, {"source_notes", 1}};
  EXPECT_EQ(profile.left_out(), expected);

  // The hq profile passes them on as stored.
  auto hq = *ExportProfile::Parse("hq");
  EXPECT_EQ(Apply(hq, "detention", ToJson(detention)), ToJson(detention));
}

TEST(ExportProfileTest, PublicCarriesOnlyRecordsMarkedPublic) {
  auto profile = *ExportProfile::Parse("public");
  for (const char* level : {"internal", "confidential", "restricted"}) {
    Incident incident = SampleIncident();
    incident.meta.confidentiality = level;
    EXPECT_FALSE(Apply(profile, "incident", ToJson(incident))) << level;
    Person person = SamplePerson();
    person.meta.id = "66666666-6666-4666-8666-666666666666";
    person.meta.confidentiality = level;
    EXPECT_FALSE(Apply(profile, "person", ToJson(person))) << level;
  }
  nlohmann::json unmarked = ToJson(SampleIncident());
  unmarked.erase("confidentiality");  // treated as the default, confidential
  EXPECT_FALSE(Apply(profile, "incident", unmarked));
  EXPECT_EQ(profile.left_out().at("non_public_record"), 7u);
  // The first ids are noted for the monitor's report, at most 5.
  const std::vector<std::string> ids = {
      kIncidentId, "66666666-6666-4666-8666-666666666666", kIncidentId,
      "66666666-6666-4666-8666-666666666666", kIncidentId};
  EXPECT_EQ(profile.left_out_ids().at("non_public_record"), ids);

  // The hq profile does not look at confidentiality.
  auto hq = *ExportProfile::Parse("hq");
  auto confidential = ToJson(SampleIncident());
  EXPECT_EQ(Apply(hq, "incident", confidential), confidential);
}

TEST(ExportProfileTest, PublicLeavesOutDeletedRecordsHqSendsTheirTombstones) {
  Incident incident = SampleIncident();
  incident.meta.confidentiality = "public";
  incident.meta.deleted = true;
  WitnessAccount account = AccountWith({{"publish_named", true}});
  account.meta.confidentiality = "public";
  account.meta.deleted = true;
  auto profile = *ExportProfile::Parse("public");
  EXPECT_FALSE(Apply(profile, "incident", ToJson(incident)));
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(account)));
  EXPECT_EQ(profile.left_out().at("deleted_record"), 2u);
  EXPECT_EQ(profile.left_out_ids().at("deleted_record"),
            (std::vector<std::string>{incident.meta.id, account.meta.id}));
  incident.meta.deleted = false;
  EXPECT_TRUE(Apply(profile, "incident", ToJson(incident)));

  auto hq = *ExportProfile::Parse("hq");
  incident.meta.deleted = true;
  EXPECT_EQ(Apply(hq, "incident", ToJson(incident)), ToJson(incident));
}

TEST(ExportProfileTest, PublicNeedsConsentAndTheMarkForAnAccount) {
  auto profile = *ExportProfile::Parse("public");
  for (const char* purpose : {"publish_named", "publish_anonymised"}) {
    WitnessAccount consented = AccountWith({{purpose, true}});
    consented.meta.confidentiality = "confidential";
    EXPECT_FALSE(Apply(profile, "witness_account", ToJson(consented))) << purpose;
  }
  WitnessAccount withdrawn = Public(AccountWith({{"publish_named", true}}));
  withdrawn.consents[0].withdrawn = testing::Date("2020-03-01");
  EXPECT_FALSE(Apply(profile, "witness_account", ToJson(withdrawn)));
  std::map<std::string, uint64_t> expected = {{"non_public_record", 2},
                                              {"witness_account", 1}};
  EXPECT_EQ(profile.left_out(), expected);
}

}  // namespace
}  // namespace fieldvault::core::bundle
