// JSON of every record type: the form bundles carry (one object per line in
// records/<type>.jsonl), the history table keeps, and `--json` prints.
//
// Each object is flat: the record's type and meta fields first ("type",
// "id", "version", "created_at", "created_by", "updated_at",
// "confidentiality", "deleted"), then its own fields under the names of
// model.h. Dates are {"value": "2020-02-22", "precision": "day"};
// timestamps are RFC 3339 UTC text with microseconds; absent optional
// numbers are null. docs/data-model.md documents every field.
//
// ToJson never fails. *FromJson treats its input as untrusted: it checks
// every type, rejects unknown fields and a wrong "type", requires a UUID
// "id", runs Validate() from validation.h, and returns kInvalidArgument
// naming the field on any problem. nlohmann exceptions never escape.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_JSON_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_JSON_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/records/model.h"
#include "crypto/status.h"

namespace fieldvault::core {

nlohmann::json ToJson(const Incident& incident);
nlohmann::json ToJson(const Person& person);
nlohmann::json ToJson(const Detention& detention);
nlohmann::json ToJson(const WitnessAccount& account);
nlohmann::json ToJson(const Source& source);

Result<Incident> IncidentFromJson(const nlohmann::json& json);
Result<Person> PersonFromJson(const nlohmann::json& json);
Result<Detention> DetentionFromJson(const nlohmann::json& json);
Result<WitnessAccount> WitnessAccountFromJson(const nlohmann::json& json);
Result<Source> SourceFromJson(const nlohmann::json& json);

// The "type" of a record object ("incident", ...), or kInvalidArgument if
// it is missing or not one of the five record types.
Result<std::string> RecordTypeOf(const nlohmann::json& json);

// Parses and validates `json` as a record of its own "type", then writes
// it back with ToJson: the canonical form, so two records with the same
// content compare equal as JSON. kInvalidArgument as *FromJson.
Result<nlohmann::json> CanonicalRecordJson(const nlohmann::json& json);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_JSON_H_
