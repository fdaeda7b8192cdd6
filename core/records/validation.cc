#include "core/records/validation.h"

#include <set>
#include <string>

#include "core/db/id_prefix.h"
#include "core/records/codes.h"
#include "core/uuid.h"
#include "core/records/validation_internal.h"
#include "core/records/vocabulary.h"
#include "core/text/utf8.h"

namespace fieldvault::core {
namespace {

Status Invalid(std::string_view field, std::string_view what) {
  return Status::InvalidArgument(std::string(field) + ": " +
                                 std::string(what));
}

Status CheckText(std::string_view field, std::string_view value, size_t max,
                 bool required) {
  if (required && value.empty()) return Invalid(field, "must not be empty");
  if (value.size() > max) {
    return Invalid(field, "is too long (at most " + std::to_string(max) +
                              " bytes)");
  }
  if (!IsValidUtf8(value)) {
    return Invalid(field, "is not valid UTF-8 text")
        .WithHint("save the file as UTF-8");
  }
  // Names, titles, places and other short values are one line, so that a
  // list prints one row per record; long text keeps tabs and line breaks.
  if (max <= kMaxShortText) {
    if (FindControlCharacterInLine(value) != std::string_view::npos) {
      return Invalid(field, "must be one line without tabs or control "
                            "characters")
          .WithHint("put longer text in the description or notes");
    }
  } else if (FindControlCharacter(value) != std::string_view::npos) {
    return Invalid(field, "holds an invisible control character")
        .WithHint("remove it; only tabs and line breaks are kept in text");
  }
  return Status::Ok();
}

Status CheckReference(std::string_view field, std::string_view id,
                      bool required) {
  if (id.empty()) {
    return required ? Invalid(field, "must name a record id") : Status::Ok();
  }
  if (!IsCanonicalUuid(id)) {
    return Invalid(field, ShownAsId(id) + " is not a record id")
        .WithHint("record ids look like 2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10");
  }
  return Status::Ok();
}

Status CheckMeta(const RecordMeta& meta) {
  FV_RETURN_IF_ERROR(CheckReference("id", meta.id, false));
  FV_RETURN_IF_ERROR(CheckText("created_by", meta.created_by, kMaxShortText,
                               false));
  if (meta.version < 0) return Invalid("version", "must not be negative");
  return CheckTerm(kVocabConfidentiality, "confidentiality", meta.confidentiality);
}

Status CheckList(std::string_view field, size_t size) {
  if (size > kMaxListSize) {
    return Invalid(field, "has too many entries (at most " +
                              std::to_string(kMaxListSize) + ")");
  }
  return Status::Ok();
}

Status CheckTermList(std::string_view vocabulary, std::string_view field,
                     const std::vector<std::string>& terms) {
  FV_RETURN_IF_ERROR(CheckList(field, terms.size()));
  std::set<std::string> seen;
  for (const std::string& term : terms) {
    FV_RETURN_IF_ERROR(CheckTerm(vocabulary, field, term));
    if (!seen.insert(term).second) {
      return Invalid(field, "'" + term + "' is listed twice");
    }
  }
  return Status::Ok();
}

Status CheckIncident(const Incident& incident) {
  FV_RETURN_IF_ERROR(CheckMeta(incident.meta));
  FV_RETURN_IF_ERROR(CheckText("title", incident.title, kMaxShortText, true));
  FV_RETURN_IF_ERROR(CheckText("description", incident.description,
                               kMaxLongText, false));
  if (!NotBefore(incident.end_date, incident.start_date)) {
    return Invalid("end_date", "is before the start date");
  }
  FV_RETURN_IF_ERROR(CheckText("place", incident.place, kMaxShortText, false));
  FV_RETURN_IF_ERROR(
      CheckText("admin_area", incident.admin_area, kMaxShortText, false));
  if (!incident.country.empty() && !IsCountryCode(incident.country)) {
    return Invalid("country", "'" + incident.country +
                                  "' is not an ISO 3166 country code")
        .WithHint("use two capital letters, e.g. KZ for Kazakhstan");
  }
  if (incident.coordinates) {
    const Coordinates& c = *incident.coordinates;
    if (!(c.latitude >= -90 && c.latitude <= 90) ||
        !(c.longitude >= -180 && c.longitude <= 180)) {
      return Invalid("coordinates", "latitude must be within -90..90 and "
                                    "longitude within -180..180");
    }
  }
  FV_RETURN_IF_ERROR(CheckTermList(kVocabViolationType, "violation_types",
                                   incident.violation_types));
  FV_RETURN_IF_ERROR(
      CheckList("related_incidents", incident.related_incidents.size()));
  for (const std::string& id : incident.related_incidents) {
    FV_RETURN_IF_ERROR(CheckReference("related_incidents", id, true));
    if (id == incident.meta.id) {
      return Invalid("related_incidents", "an incident cannot relate to "
                                          "itself");
    }
  }
  return Status::Ok();
}

Status CheckName(const PersonName& name) {
  FV_RETURN_IF_ERROR(CheckText("full_name", name.full_name, kMaxShortText,
                               true));
  if (!name.script.empty() && !IsScriptCode(name.script)) {
    return Invalid("script", "'" + name.script + "' is not an ISO 15924 code")
        .WithHint("e.g. Cyrl for Cyrillic, Latn for Latin");
  }
  if (!name.language.empty() && !IsLanguageTag(name.language)) {
    return Invalid("language", "'" + name.language +
                                   "' is not a language code")
        .WithHint("e.g. kk, ru, en");
  }
  return CheckText("transliteration", name.transliteration, kMaxShortText,
                   false);
}

Status CheckPerson(const Person& person) {
  FV_RETURN_IF_ERROR(CheckMeta(person.meta));
  FV_RETURN_IF_ERROR(CheckTerm(kVocabPersonKind, "kind", person.kind));
  if (person.kind == "group") {
    // No size: a group of unknown size ("a group of protesters was taken
    // away, number unknown"); reports count it as one person and say their
    // figures are lower bounds (report.h).
    if (person.group_size && *person.group_size < 1) {
      return Invalid("group_size", "a group's size is at least 1")
          .WithHint("leave the size out when it is not known");
    }
  } else if (person.group_size) {
    return Invalid("group_size", "only a group has a size");
  }
  if (person.names.empty()) return Invalid("names", "at least one name");
  FV_RETURN_IF_ERROR(CheckList("names", person.names.size()));
  for (size_t i = 0; i < person.names.size(); ++i) {
    FV_RETURN_IF_ERROR_CTX(CheckName(person.names[i]),
                           "names[" + std::to_string(i) + "]");
  }
  FV_RETURN_IF_ERROR(CheckTerm(kVocabSex, "sex", person.sex));
  FV_RETURN_IF_ERROR(CheckList("affiliations", person.affiliations.size()));
  for (const std::string& affiliation : person.affiliations) {
    FV_RETURN_IF_ERROR(
        CheckText("affiliations", affiliation, kMaxShortText, true));
  }
  FV_RETURN_IF_ERROR(CheckText("notes", person.notes, kMaxLongText, false));
  FV_RETURN_IF_ERROR(CheckReference("merged_into", person.merged_into, false));
  if (!person.merged_into.empty() && person.merged_into == person.meta.id) {
    return Invalid("merged_into", "a person cannot be merged into itself");
  }
  return Status::Ok();
}

}  // namespace

Status CheckRecordMeta(const RecordMeta& meta) { return CheckMeta(meta); }
Status CheckRecordText(std::string_view field, std::string_view value,
                       size_t max, bool required) {
  return CheckText(field, value, max, required);
}
Status CheckRecordReference(std::string_view field, std::string_view id,
                            bool required) {
  return CheckReference(field, id, required);
}

Status Validate(const Incident& incident) {
  return CheckIncident(incident).WithContext("incident");
}
Status Validate(const Person& person) {
  return CheckPerson(person).WithContext("person");
}
Status Validate(const Detention& detention) {
  return CheckDetentionContent(detention).WithContext("detention");
}
Status Validate(const WitnessAccount& account) {
  return CheckWitnessContent(account).WithContext("witness account");
}
Status Validate(const Source& source) {
  return CheckSourceContent(source).WithContext("source");
}

bool IsValidUtf8(std::string_view text) {
  // NUL is well-formed UTF-8 but truncates text in C APIs and terminals.
  return FindInvalidUtf8(text) == std::string_view::npos &&
         text.find('\0') == std::string_view::npos;
}

}  // namespace fieldvault::core
