// Synthetic, valid records for the records tests. Every name is obviously
// made up.
#ifndef FIELDVAULT_TESTS_CORE_RECORDS_SAMPLE_RECORDS_H_
#define FIELDVAULT_TESTS_CORE_RECORDS_SAMPLE_RECORDS_H_

#include "core/records/model.h"

namespace fieldvault::testing {

inline constexpr char kIncidentId[] = "11111111-1111-4111-8111-111111111111";
inline constexpr char kPersonId[] = "22222222-2222-4222-8222-222222222222";
inline constexpr char kDetentionId[] = "33333333-3333-4333-8333-333333333333";
inline constexpr char kWitnessId[] = "44444444-4444-4444-8444-444444444444";
inline constexpr char kSourceId[] = "55555555-5555-4555-8555-555555555555";

inline core::PartialDate Date(const char* text) {
  return *core::PartialDate::Parse(text);
}

inline core::RecordMeta Meta(const char* id) {
  core::RecordMeta meta;
  meta.id = id;
  meta.created_at = 1582363800LL * 1000000;
  meta.updated_at = meta.created_at + 5;
  meta.created_by = "vault-synthetic";
  meta.version = 1;
  meta.edits = {{"vault-synthetic", 1}};
  return meta;
}

inline core::Incident SampleIncident() {
  core::Incident incident;
  incident.meta = Meta(kIncidentId);
  incident.title = "Synthetic protest arrests";
  incident.description = "Synthetic description of a peaceful protest.";
  incident.start_date = Date("2020-02-22");
  incident.end_date = Date("2020-02-22");
  incident.place = "Synthetic Square";
  incident.admin_area = "Almaty";
  incident.country = "KZ";
  incident.coordinates = core::Coordinates{43.238, 76.945};
  incident.violation_types = {"arbitrary_detention", "freedom_of_assembly"};
  return incident;
}

inline core::Person SamplePerson() {
  core::Person person;
  person.meta = Meta(kPersonId);
  person.names = {{"Тестов Синтетик", "Cyrl", "ru", "", "testov sintetik"},
                  {"Testov Synthetic-01", "Latn", "en", "informal", "x"}};
  person.sex = "male";
  person.birth_date = Date("1990");
  person.affiliations = {"Synthetic Party"};
  return person;
}

inline core::Detention SampleDetention() {
  core::Detention detention;
  detention.meta = Meta(kDetentionId);
  detention.person_id = kPersonId;
  detention.incident_id = kIncidentId;
  detention.detained_at = Date("2020-02-22T12:10");
  detention.place_of_arrest = "Synthetic Square";
  detention.place_of_detention = "Synthetic district police station";
  detention.charges = {{"488", "Code of Administrative Offences"}};
  detention.lawyer_access = "delayed";
  detention.status_history = {
      {"detained_without_charge", Date("2020-02-22"), std::nullopt, "",
       "monitor saw the arrest", ""},
      {"administrative_detention", Date("2020-02-23"), 15, kSourceId, "",
       "court ruling"},
  };
  return detention;
}

inline core::WitnessAccount SampleWitnessAccount() {
  core::WitnessAccount account;
  account.meta = Meta(kWitnessId);
  account.incident_id = kIncidentId;
  account.witness_pseudonym = "Witness Synthetic-A";
  account.interviewer = "Monitor Synthetic";
  account.interview_date = Date("2020-02-23");
  account.language = "ru";
  account.relation = "eyewitness";
  account.statement = "Synthetic statement: I saw police detain people.";
  account.consents = {
      {"store", true, Date("2020-02-23"), "oral_recorded", {}},
      {"share_with_hq", true, Date("2020-02-23"), "oral_recorded", {}},
      {"publish_named", false, Date("2020-02-23"), "oral_recorded", {}},
  };
  return account;
}

inline core::Source SampleSource() {
  core::Source source;
  source.meta = Meta(kSourceId);
  source.type = "document";
  source.title = "Synthetic court ruling";
  source.date = Date("2020-02-23");
  source.reliability = "high";
  source.links = {"https://example.org/synthetic-ruling"};
  return source;
}

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_RECORDS_SAMPLE_RECORDS_H_
