// The records of the data model (after HURIDOCS' Events Standard Formats):
// incident, person, detention (one line of a detainee list), witness account
// and source. Plain structs: validation is in validation.h, JSON in
// record_json.h, storage in record_store.h. Coded fields hold terms of the
// vocabularies in vocabulary.h; record references hold UUIDs.
#ifndef FIELDVAULT_CORE_RECORDS_MODEL_H_
#define FIELDVAULT_CORE_RECORDS_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/edit_counts.h"
#include "core/records/partial_date.h"

namespace fieldvault::core {

// Record type names, as stored and as carried in bundles.
inline constexpr std::string_view kIncidentType = "incident";
inline constexpr std::string_view kPersonType = "person";
inline constexpr std::string_view kDetentionType = "detention";
inline constexpr std::string_view kWitnessAccountType = "witness_account";
inline constexpr std::string_view kSourceType = "source";

// How messages name a record type, as the CLI does: "witness account" for
// "witness_account", else the type itself.
constexpr std::string_view RecordNoun(std::string_view type) {
  return type == kWitnessAccountType ? "witness account" : type;
}
// The command that handles a record type: "witness" for "witness_account",
// else the type itself (`fieldvault witness list`).
constexpr std::string_view RecordCommandName(std::string_view type) {
  return type == kWitnessAccountType ? "witness" : type;
}

// Fields every record carries. Set by the store on write, not by callers.
struct RecordMeta {
  std::string id;               // UUID
  int64_t created_at = 0;       // microseconds since the epoch, UTC
  std::string created_by;       // the creating vault's (later: key's) id
  int64_t updated_at = 0;
  int64_t version = 0;          // 1 on creation, +1 on every change
  EditCounts edits;             // who made those changes (edit_counts.h)
  std::string confidentiality = "confidential";
  bool deleted = false;         // a tombstone: kept, hidden from lists
  bool operator==(const RecordMeta&) const = default;
};

struct Coordinates {
  double latitude = 0;   // -90..90, WGS 84
  double longitude = 0;  // -180..180
  bool operator==(const Coordinates&) const = default;
};

struct Incident {
  RecordMeta meta;
  std::string title;
  std::string description;
  PartialDate start_date;
  PartialDate end_date;
  std::string place;       // e.g. "Republic Square"
  std::string admin_area;  // e.g. "Almaty"
  std::string country;     // ISO 3166-1 alpha-2, e.g. "KZ"
  std::optional<Coordinates> coordinates;  // sensitive
  std::vector<std::string> violation_types;    // vocabulary violation_type
  std::vector<std::string> related_incidents;  // incident ids
  bool operator==(const Incident&) const = default;
};

// One spelling of a person's name as seen in a source.
struct PersonName {
  std::string full_name;        // as written, e.g. "Тестов Синтетик"
  std::string script;           // ISO 15924, e.g. "Cyrl"; detected if empty
  std::string language;         // e.g. "kk", "ru"; may be empty
  std::string transliteration;  // scheme if transliterated, e.g. "BGN/PCGN"
  std::string match_key;        // computed by the store on write
  bool operator==(const PersonName&) const = default;
};

struct Person {
  RecordMeta meta;
  std::string kind = "individual";  // vocabulary person_kind
  std::optional<int64_t> group_size;  // only for groups
  std::vector<PersonName> names;      // at least one
  std::string sex = "unknown";        // vocabulary sex
  PartialDate birth_date;
  std::vector<std::string> affiliations;  // e.g. a party or movement
  std::string notes;
  std::string merged_into;  // id of the person this one was merged into
  bool operator==(const Person&) const = default;
};

struct Charge {
  std::string article;  // e.g. "488"
  std::string code;     // e.g. "Code of Administrative Offences"
  bool operator==(const Charge&) const = default;
};

// One dated step of a detainee's legal situation.
struct StatusEntry {
  std::string status;            // vocabulary legal_status
  PartialDate date;
  std::optional<int64_t> days;   // length, for detention or house arrest
  std::string source_id;         // a source record, or empty
  std::string source_note;       // where this is known from, or empty
  std::string note;
  bool operator==(const StatusEntry&) const = default;
};

struct Detention {
  RecordMeta meta;
  std::string person_id;
  std::string incident_id;
  PartialDate detained_at;
  std::string place_of_arrest;
  std::string place_of_detention;
  std::string authority;
  std::vector<Charge> charges;
  std::string case_number;
  std::string court;
  std::string sentence;
  std::string lawyer_access = "unknown";  // vocabulary lawyer_access
  // In the order recorded; each entry is dated no earlier than the one
  // before it, so the last entry is the current status.
  std::vector<StatusEntry> status_history;
  bool operator==(const Detention&) const = default;
};

// The current legal status: the last entry's status, or "" if none.
std::string_view CurrentStatus(const Detention& detention);

// A witness's decision on one purpose (vocabulary consent_purpose).
struct Consent {
  std::string purpose;
  bool granted = false;
  PartialDate date;       // when it was given or refused
  std::string method;     // vocabulary consent_method
  PartialDate withdrawn;  // unknown unless consent was withdrawn
  bool operator==(const Consent&) const = default;
};

struct WitnessAccount {
  RecordMeta meta;
  std::string incident_id;
  std::string witness_person_id;  // exactly one of these two is set
  std::string witness_pseudonym;
  std::string interviewer;
  PartialDate interview_date;
  std::string language;
  std::string relation;  // vocabulary witness_relation
  std::string statement;
  std::string translation;
  std::string reliability = "unknown";  // vocabulary reliability
  std::vector<Consent> consents;        // at most one per purpose
  bool operator==(const WitnessAccount&) const = default;
};

// True when the witness granted `purpose` and has not withdrawn it. A
// purpose with no decision recorded is not allowed.
bool ConsentAllows(const WitnessAccount& account, std::string_view purpose);

struct Source {
  RecordMeta meta;
  std::string type;  // vocabulary source_type
  std::string title;
  PartialDate date;
  std::string reliability = "unknown";
  std::vector<std::string> links;  // URLs or document references
  std::string notes;
  bool operator==(const Source&) const = default;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_MODEL_H_
