// Per-type facts the RecordStore templates need (internal to
// core/records/): the type name, how to read the JSON back, the order of
// lists, and which other records a record refers to.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_STORE_TRAITS_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_STORE_TRAITS_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/records/model.h"
#include "core/records/record_json.h"

namespace fieldvault::core {

template <typename T>
struct RecordTraits;

template <>
struct RecordTraits<Incident> {
  static constexpr std::string_view kType = kIncidentType;
  static constexpr std::string_view kOrder = "start_date, title, id";
  static Result<Incident> FromJson(const nlohmann::json& j) {
    return IncidentFromJson(j);
  }
};
template <>
struct RecordTraits<Person> {
  static constexpr std::string_view kType = kPersonType;
  static constexpr std::string_view kOrder = "display_name, id";
  static Result<Person> FromJson(const nlohmann::json& j) {
    return PersonFromJson(j);
  }
};
template <>
struct RecordTraits<Detention> {
  static constexpr std::string_view kType = kDetentionType;
  static constexpr std::string_view kOrder = "detained_at, created_at, id";
  static Result<Detention> FromJson(const nlohmann::json& j) {
    return DetentionFromJson(j);
  }
};
template <>
struct RecordTraits<WitnessAccount> {
  static constexpr std::string_view kType = kWitnessAccountType;
  static constexpr std::string_view kOrder = "created_at, id";
  static Result<WitnessAccount> FromJson(const nlohmann::json& j) {
    return WitnessAccountFromJson(j);
  }
};
template <>
struct RecordTraits<Source> {
  static constexpr std::string_view kType = kSourceType;
  static constexpr std::string_view kOrder = "title, id";
  static Result<Source> FromJson(const nlohmann::json& j) {
    return SourceFromJson(j);
  }
};

// A record another record refers to; `field` names the referring field.
struct Reference {
  std::string_view type;
  std::string id;
  std::string field;
};

inline std::vector<Reference> References(const Incident& incident) {
  std::vector<Reference> out;
  for (const std::string& id : incident.related_incidents) {
    out.push_back({kIncidentType, id, "related_incidents"});
  }
  return out;
}
inline std::vector<Reference> References(const Person& person) {
  return {{kPersonType, person.merged_into, "merged_into"}};
}
inline std::vector<Reference> References(const Detention& detention) {
  std::vector<Reference> out = {
      {kPersonType, detention.person_id, "person_id"},
      {kIncidentType, detention.incident_id, "incident_id"}};
  for (const StatusEntry& entry : detention.status_history) {
    out.push_back({kSourceType, entry.source_id, "status_history.source_id"});
  }
  return out;
}
inline std::vector<Reference> References(const WitnessAccount& account) {
  return {{kIncidentType, account.incident_id, "incident_id"},
          {kPersonType, account.witness_person_id, "witness_person_id"}};
}
inline std::vector<Reference> References(const Source& /*source*/) {
  return {};
}

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_STORE_TRAITS_H_
