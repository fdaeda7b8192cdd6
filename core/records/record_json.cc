#include "core/records/record_json.h"

#include "core/records/edit_counts.h"
#include "core/records/json_reader.h"
#include "core/records/record_json_internal.h"
#include "core/uuid.h"
#include "core/records/validation.h"

namespace fieldvault::core {

using nlohmann::json;

// Objects here are built member by member: nlohmann's initializer-list
// form copies every value twice and checks each pair, which made up a
// tenth of a detainee import's instructions. The objects are the same.
json MetaToJson(std::string_view type, const RecordMeta& meta) {
  json out(json::value_t::object);
  out["type"] = type;
  out["id"] = meta.id;
  out["version"] = meta.version;
  out["created_at"] = FormatTimestamp(meta.created_at);
  out["created_by"] = meta.created_by;
  out["updated_at"] = FormatTimestamp(meta.updated_at);
  // A meta made in code without counts (a record being created) is its
  // creator's edits, as a record from before edit counts.
  out["edits"] = EditsToJson(meta.edits.empty()
                                 ? LegacyEdits(meta.created_by, meta.version)
                                 : meta.edits);
  out["confidentiality"] = meta.confidentiality;
  out["deleted"] = meta.deleted;
  return out;
}

void ReadMeta(JsonReader& reader, RecordMeta* meta, std::string* type) {
  reader.Text("type", type);
  reader.Text("id", &meta->id);
  reader.Int("version", &meta->version);
  reader.Timestamp("created_at", &meta->created_at);
  reader.Text("created_by", &meta->created_by);
  reader.Timestamp("updated_at", &meta->updated_at);
  reader.Text("confidentiality", &meta->confidentiality);
  reader.Bool("deleted", &meta->deleted);
}

Status FinishRecord(JsonReader& reader, std::string_view type,
                    std::string_view actual_type, RecordMeta* meta) {
  const json* edits = reader.Find("edits");
  FV_RETURN_IF_ERROR(reader.Finish());
  if (actual_type != type) {
    return Status::InvalidArgument("expected a record of type '" +
                                   std::string(type) + "'");
  }
  if (!IsCanonicalUuid(meta->id)) {
    return Status::InvalidArgument(std::string(type) +
                                   ": field 'id' must be a record id (UUID)");
  }
  if (meta->version < 1) {
    return Status::InvalidArgument(std::string(type) +
                                   ": field 'version' must be 1 or more");
  }
  if (edits == nullptr) {
    meta->edits = LegacyEdits(meta->created_by, meta->version);
    return Status::Ok();
  }
  FV_ASSIGN_OR_RETURN(meta->edits, EditsFromJson(*edits, type));
  if (VersionOf(meta->edits) != meta->version) {
    return Status::InvalidArgument(
        std::string(type) +
        ": field 'version' must be the sum of the edit counts in 'edits'");
  }
  return Status::Ok();
}

json ToJson(const Incident& incident) {
  json out = MetaToJson(kIncidentType, incident.meta);
  out["title"] = incident.title;
  out["description"] = incident.description;
  out["start_date"] = DateToJson(incident.start_date);
  out["end_date"] = DateToJson(incident.end_date);
  out["place"] = incident.place;
  out["admin_area"] = incident.admin_area;
  out["country"] = incident.country;
  out["coordinates"] = nullptr;
  if (incident.coordinates) {
    out["coordinates"] = {{"latitude", incident.coordinates->latitude},
                          {"longitude", incident.coordinates->longitude}};
  }
  out["violation_types"] = incident.violation_types;
  out["related_incidents"] = incident.related_incidents;
  return out;
}

Result<Incident> IncidentFromJson(const json& in) {
  Incident incident;
  JsonReader reader(in, std::string(kIncidentType));
  std::string type;
  ReadMeta(reader, &incident.meta, &type);
  reader.Text("title", &incident.title);
  reader.Text("description", &incident.description);
  reader.Date("start_date", &incident.start_date);
  reader.Date("end_date", &incident.end_date);
  reader.Text("place", &incident.place);
  reader.Text("admin_area", &incident.admin_area);
  reader.Text("country", &incident.country);
  if (const json* value = reader.Find("coordinates")) {
    JsonReader inner(*value, "incident.coordinates");
    Coordinates coordinates;
    inner.Number("latitude", &coordinates.latitude);
    inner.Number("longitude", &coordinates.longitude);
    FV_RETURN_IF_ERROR(inner.Finish());
    incident.coordinates = coordinates;
  }
  reader.TextList("violation_types", &incident.violation_types);
  reader.TextList("related_incidents", &incident.related_incidents);
  FV_RETURN_IF_ERROR(FinishRecord(reader, kIncidentType, type, &incident.meta));
  FV_RETURN_IF_ERROR(Validate(incident));
  return incident;
}

json ToJson(const Person& person) {
  json out = MetaToJson(kPersonType, person.meta);
  out["kind"] = person.kind;
  out["group_size"] = nullptr;
  if (person.group_size) out["group_size"] = *person.group_size;
  json names = json::array();
  for (const PersonName& name : person.names) {
    json& entry = names.emplace_back(json::value_t::object);
    entry["full_name"] = name.full_name;
    entry["script"] = name.script;
    entry["language"] = name.language;
    entry["transliteration"] = name.transliteration;
    entry["match_key"] = name.match_key;
  }
  out["names"] = std::move(names);
  out["sex"] = person.sex;
  out["birth_date"] = DateToJson(person.birth_date);
  out["affiliations"] = person.affiliations;
  out["notes"] = person.notes;
  out["merged_into"] = person.merged_into;
  return out;
}

Result<Person> PersonFromJson(const json& in) {
  Person person;
  JsonReader reader(in, std::string(kPersonType));
  std::string type;
  ReadMeta(reader, &person.meta, &type);
  reader.Text("kind", &person.kind);
  reader.OptionalInt("group_size", &person.group_size);
  reader.Array("names", [&](const json& element, size_t i) {
    PersonName name;
    JsonReader inner(element, "person.names[" + std::to_string(i) + "]");
    inner.Text("full_name", &name.full_name);
    inner.Text("script", &name.script);
    inner.Text("language", &name.language);
    inner.Text("transliteration", &name.transliteration);
    inner.Text("match_key", &name.match_key);
    person.names.push_back(std::move(name));
    return inner.Finish();
  });
  reader.Text("sex", &person.sex);
  reader.Date("birth_date", &person.birth_date);
  reader.TextList("affiliations", &person.affiliations);
  reader.Text("notes", &person.notes);
  reader.Text("merged_into", &person.merged_into);
  FV_RETURN_IF_ERROR(FinishRecord(reader, kPersonType, type, &person.meta));
  FV_RETURN_IF_ERROR(Validate(person));
  return person;
}

Result<std::string> RecordTypeOf(const json& in) {
  if (in.is_object()) {
    auto it = in.find("type");
    if (it != in.end() && it->is_string()) {
      const std::string& type = it->get_ref<const std::string&>();
      for (std::string_view known :
           {kIncidentType, kPersonType, kDetentionType, kWitnessAccountType,
            kSourceType}) {
        if (type == known) return type;
      }
    }
  }
  return Status::InvalidArgument("not a fieldvault record (its 'type' is "
                                 "missing or unknown)");
}

Result<json> CanonicalRecordJson(const json& in) {
  FV_ASSIGN_OR_RETURN(std::string type, RecordTypeOf(in));
  if (type == kIncidentType) {
    FV_ASSIGN_OR_RETURN(Incident record, IncidentFromJson(in));
    return ToJson(record);
  }
  if (type == kPersonType) {
    FV_ASSIGN_OR_RETURN(Person record, PersonFromJson(in));
    return ToJson(record);
  }
  if (type == kDetentionType) {
    FV_ASSIGN_OR_RETURN(Detention record, DetentionFromJson(in));
    return ToJson(record);
  }
  if (type == kWitnessAccountType) {
    FV_ASSIGN_OR_RETURN(WitnessAccount record, WitnessAccountFromJson(in));
    return ToJson(record);
  }
  FV_ASSIGN_OR_RETURN(Source record, SourceFromJson(in));
  return ToJson(record);
}

}  // namespace fieldvault::core
