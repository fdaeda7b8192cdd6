#include "core/records/validation.h"

#include <gtest/gtest.h>

#include "tests/core/records/sample_records.h"

namespace fieldvault::core {
namespace {

using namespace fieldvault::testing;

// Expects kInvalidArgument whose message contains `field`.
void ExpectInvalid(const Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << field;
  EXPECT_NE(status.message().find(field), std::string::npos)
      << status.message() << " should name " << field;
}

TEST(ValidationTest, SamplesAreValid) {
  EXPECT_TRUE(Validate(SampleIncident()).ok());
  EXPECT_TRUE(Validate(SamplePerson()).ok());
  EXPECT_TRUE(Validate(SampleDetention()).ok());
  EXPECT_TRUE(Validate(SampleWitnessAccount()).ok());
  EXPECT_TRUE(Validate(SampleSource()).ok());
}

TEST(ValidationTest, Incident) {
  Incident i = SampleIncident();
  i.title.clear();
  ExpectInvalid(Validate(i), "incident: title");
  i = SampleIncident();
  i.country = "XX";
  ExpectInvalid(Validate(i), "country");
  i = SampleIncident();
  i.end_date = testing::Date("2020-02-21");
  ExpectInvalid(Validate(i), "end_date");
  i = SampleIncident();
  i.violation_types.push_back("rudeness");
  ExpectInvalid(Validate(i), "violation_types");
  i = SampleIncident();
  i.violation_types.push_back("arbitrary_detention");
  ExpectInvalid(Validate(i), "listed twice");
  i = SampleIncident();
  i.coordinates->latitude = 91;
  ExpectInvalid(Validate(i), "coordinates");
  i = SampleIncident();
  i.related_incidents = {kIncidentId};
  ExpectInvalid(Validate(i), "itself");
  i = SampleIncident();
  i.meta.confidentiality = "top_secret";
  ExpectInvalid(Validate(i), "confidentiality");
  i = SampleIncident();
  i.description = "bad \xc3\x28 utf8";
  ExpectInvalid(Validate(i), "UTF-8");
}

TEST(ValidationTest, Person) {
  Person p = SamplePerson();
  p.names.clear();
  ExpectInvalid(Validate(p), "names");
  p = SamplePerson();
  p.group_size = 5;
  ExpectInvalid(Validate(p), "group_size");
  p.kind = "group";
  EXPECT_TRUE(Validate(p).ok());
  // A group of unknown size (reports then count lower bounds).
  p.group_size.reset();
  EXPECT_TRUE(Validate(p).ok());
  p.group_size = 0;
  ExpectInvalid(Validate(p), "group_size");
  p = SamplePerson();
  p.names[0].script = "Cyrillic";
  ExpectInvalid(Validate(p), "names[0]: script");
  p = SamplePerson();
  p.names[1].language = "English";
  ExpectInvalid(Validate(p), "names[1]: language");
  p = SamplePerson();
  p.merged_into = kPersonId;
  ExpectInvalid(Validate(p), "merged_into");
  p.merged_into = "not-a-uuid";
  ExpectInvalid(Validate(p), "merged_into");
}

TEST(ValidationTest, DetentionStatusHistory) {
  Detention d = SampleDetention();
  d.status_history[1].status = "freed";
  ExpectInvalid(Validate(d), "status_history[1]: status");
  d = SampleDetention();
  d.status_history[0].days = 3;
  ExpectInvalid(Validate(d), "status_history[0]: days");
  d = SampleDetention();
  d.status_history[1].source_id.clear();
  ExpectInvalid(Validate(d), "source");
  d = SampleDetention();
  d.status_history[1].date = testing::Date("2020-02-21");
  ExpectInvalid(Validate(d), "before the previous status");
  d = SampleDetention();
  d.person_id.clear();
  ExpectInvalid(Validate(d), "person_id");
  d = SampleDetention();
  d.lawyer_access = "maybe";
  ExpectInvalid(Validate(d), "lawyer_access");
  EXPECT_EQ(CurrentStatus(SampleDetention()), "administrative_detention");
  EXPECT_EQ(CurrentStatus(Detention{}), "");
}

TEST(ValidationTest, WitnessConsent) {
  WitnessAccount a = SampleWitnessAccount();
  a.witness_person_id = kPersonId;
  ExpectInvalid(Validate(a), "witness");
  a.witness_pseudonym.clear();
  EXPECT_TRUE(Validate(a).ok());
  a = SampleWitnessAccount();
  a.consents.push_back(a.consents[0]);
  ExpectInvalid(Validate(a), "recorded twice");
  a = SampleWitnessAccount();
  a.consents[0].purpose = "sell";
  ExpectInvalid(Validate(a), "consent");
  a = SampleWitnessAccount();
  a.consents[2].withdrawn = testing::Date("2020-03-01");
  ExpectInvalid(Validate(a), "only a consent that was given");
  a = SampleWitnessAccount();
  a.consents[0].withdrawn = testing::Date("2020-01-01");
  ExpectInvalid(Validate(a), "withdrawn before");
  a = SampleWitnessAccount();
  a.consents[0].method.clear();
  ExpectInvalid(Validate(a), "method");
  a = SampleWitnessAccount();
  a.statement.clear();
  ExpectInvalid(Validate(a), "statement");
}

TEST(ValidationTest, ConsentAllowsOnlyGrantedAndNotWithdrawn) {
  WitnessAccount a = SampleWitnessAccount();
  EXPECT_TRUE(ConsentAllows(a, "share_with_hq"));
  EXPECT_FALSE(ConsentAllows(a, "publish_named"));       // refused
  EXPECT_FALSE(ConsentAllows(a, "court_investigators"));  // never asked
  a.consents[1].withdrawn = testing::Date("2020-03-01");
  EXPECT_FALSE(ConsentAllows(a, "share_with_hq"));
}

TEST(ValidationTest, Source) {
  Source s = SampleSource();
  s.type = "rumour";
  ExpectInvalid(Validate(s), "type");
  s = SampleSource();
  s.links.push_back("");
  ExpectInvalid(Validate(s), "links");
}

TEST(ValidationTest, TextHoldsNoControlCharacters) {
  Incident incident = SampleIncident();
  incident.title = "Synthetic\x1b]0;owned\x07 title";
  ExpectInvalid(Validate(incident), "title");
  incident = SampleIncident();
  incident.description = "first line\nsecond line\twith a tab\r\n";
  EXPECT_TRUE(Validate(incident).ok());
  // A lone carriage return would print the rest over the start.
  incident.description = "released on bail\rreleased";
  ExpectInvalid(Validate(incident), "description");
}

// Short values are one line, so lists print one row per record.
TEST(ValidationTest, ShortValuesAreOneLine) {
  Incident incident = SampleIncident();
  incident.title = "Synthetic\nsecond line";
  ExpectInvalid(Validate(incident), "title");
  incident = SampleIncident();
  incident.place = "Synthetic\tsquare";
  ExpectInvalid(Validate(incident), "place");
  Person person = SamplePerson();
  person.names.at(0).full_name = "Testov\r\nSynthetic";
  ExpectInvalid(Validate(person), "full_name");
  WitnessAccount account = SampleWitnessAccount();
  account.statement = "line one\r\nline two\n\tindented";
  EXPECT_TRUE(Validate(account).ok());
}

TEST(ValidationTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("Тестов Синтетик ✓ 𝄞"));
  EXPECT_FALSE(IsValidUtf8(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x9c"));          // truncated
}

}  // namespace
}  // namespace fieldvault::core
