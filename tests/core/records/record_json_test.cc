#include "core/records/record_json.h"

#include <gtest/gtest.h>

#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;
using nlohmann::json;

TEST(RecordJsonTest, EveryTypeRoundTrips) {
  EXPECT_EQ(*IncidentFromJson(ToJson(SampleIncident())), SampleIncident());
  EXPECT_EQ(*PersonFromJson(ToJson(SamplePerson())), SamplePerson());
  EXPECT_EQ(*DetentionFromJson(ToJson(SampleDetention())), SampleDetention());
  EXPECT_EQ(*WitnessAccountFromJson(ToJson(SampleWitnessAccount())),
            SampleWitnessAccount());
  EXPECT_EQ(*SourceFromJson(ToJson(SampleSource())), SampleSource());
}

TEST(RecordJsonTest, RoundTripsThroughText) {
  std::string line = ToJson(SampleDetention()).dump();
  json parsed = json::parse(line);
  EXPECT_EQ(*DetentionFromJson(parsed), SampleDetention());
}

TEST(RecordJsonTest, DocumentedShape) {
  json j = ToJson(SampleIncident());
  EXPECT_EQ(j["type"], "incident");
  EXPECT_EQ(j["id"], kIncidentId);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["created_at"], "2020-02-22T09:30:00.000000Z");
  EXPECT_EQ(j["start_date"], json({{"value", "2020-02-22"},
                                   {"precision", "day"}}));
  EXPECT_EQ(j["confidentiality"], "confidential");
  EXPECT_EQ(j["deleted"], false);
  json d = ToJson(SampleDetention());
  EXPECT_EQ(d["status_history"][1]["days"], 15);
  EXPECT_TRUE(d["status_history"][0]["days"].is_null());
  EXPECT_EQ(ToJson(SampleSource())["source_type"], "document");
}

TEST(RecordJsonTest, RejectsHostileOrWrongInput) {
  json good = ToJson(SampleDetention());
  auto expect_error = [](const Result<Detention>& result,
                         const std::string& text) {
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find(text), std::string::npos)
        << result.status().message();
  };
  json j = good;
  j["surprise"] = 1;
  expect_error(DetentionFromJson(j), "unknown field 'surprise'");
  j = good;
  j["type"] = "incident";
  expect_error(DetentionFromJson(j), "expected a record of type 'detention'");
  j = good;
  j["id"] = "../../etc/passwd";
  expect_error(DetentionFromJson(j), "'id'");
  j = good;
  j["version"] = "2";
  expect_error(DetentionFromJson(j), "'version' must be an integer");
  j = good;
  j["version"] = 18446744073709551615ULL;
  expect_error(DetentionFromJson(j), "too large");
  j = good;
  j["status_history"] = json::object();
  expect_error(DetentionFromJson(j), "must be a list");
  j = good;
  j["status_history"][0]["date"]["precision"] = "year";
  expect_error(DetentionFromJson(j), "precision");
  j = good;
  j["status_history"][0]["date"]["value"] = "2020-02-30";
  expect_error(DetentionFromJson(j), "not a date");
  j = good;
  j["status_history"][0]["status"] = "freed";
  expect_error(DetentionFromJson(j), "legal_status");
  j = good;
  j["charges"][0]["extra"] = true;
  expect_error(DetentionFromJson(j), "unknown field 'extra'");
  j = good;
  j["created_at"] = "yesterday";
  expect_error(DetentionFromJson(j), "created_at");
  expect_error(DetentionFromJson(json::array()), "expected a JSON object");
  expect_error(DetentionFromJson(json("text")), "expected a JSON object");
}

TEST(RecordJsonTest, TypeOfAndCanonicalForm) {
  EXPECT_EQ(*RecordTypeOf(ToJson(SampleWitnessAccount())), "witness_account");
  EXPECT_FALSE(RecordTypeOf(json({{"type", "bundle"}})).ok());
  EXPECT_FALSE(RecordTypeOf(json(3)).ok());
  json sparse = ToJson(SampleSource());
  sparse.erase("notes");  // missing optional field: default
  Result<json> canonical = CanonicalRecordJson(sparse);
  ASSERT_TRUE(canonical.ok()) << canonical.status().ToString();
  EXPECT_EQ(*canonical, ToJson(SampleSource()));
  json bad = ToJson(SamplePerson());
  bad["names"] = json::array();
  EXPECT_FALSE(CanonicalRecordJson(bad).ok());
}

}  // namespace
}  // namespace fieldvault::core
