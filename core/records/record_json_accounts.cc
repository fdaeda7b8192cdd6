// JSON of detentions, witness accounts and sources.
#include "core/records/json_reader.h"
#include "core/records/record_json.h"
#include "core/records/record_json_internal.h"
#include "core/records/validation.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

json StatusToJson(const StatusEntry& entry) {
  // Member by member, as MetaToJson (record_json.cc) explains.
  json out(json::value_t::object);
  out["status"] = entry.status;
  out["date"] = DateToJson(entry.date);
  out["days"] = nullptr;
  if (entry.days) out["days"] = *entry.days;
  out["source_id"] = entry.source_id;
  out["source_note"] = entry.source_note;
  out["note"] = entry.note;
  return out;
}

Status ReadStatus(const json& in, size_t i, std::vector<StatusEntry>* out) {
  StatusEntry entry;
  JsonReader reader(in, "detention.status_history[" + std::to_string(i) + "]");
  reader.Text("status", &entry.status);
  reader.Date("date", &entry.date);
  reader.OptionalInt("days", &entry.days);
  reader.Text("source_id", &entry.source_id);
  reader.Text("source_note", &entry.source_note);
  reader.Text("note", &entry.note);
  out->push_back(std::move(entry));
  return reader.Finish();
}

Status ReadConsent(const json& in, size_t i, std::vector<Consent>* out) {
  Consent consent;
  JsonReader reader(in, "witness_account.consents[" + std::to_string(i) + "]");
  reader.Text("purpose", &consent.purpose);
  reader.Bool("granted", &consent.granted);
  reader.Date("date", &consent.date);
  reader.Text("method", &consent.method);
  reader.Date("withdrawn", &consent.withdrawn);
  out->push_back(std::move(consent));
  return reader.Finish();
}

}  // namespace

json ToJson(const Detention& d) {
  json out = MetaToJson(kDetentionType, d.meta);
  out["person_id"] = d.person_id;
  out["incident_id"] = d.incident_id;
  out["detained_at"] = DateToJson(d.detained_at);
  out["place_of_arrest"] = d.place_of_arrest;
  out["place_of_detention"] = d.place_of_detention;
  out["authority"] = d.authority;
  json charges = json::array();
  for (const Charge& charge : d.charges) {
    json& entry = charges.emplace_back(json::value_t::object);
    entry["article"] = charge.article;
    entry["code"] = charge.code;
  }
  out["charges"] = std::move(charges);
  out["case_number"] = d.case_number;
  out["court"] = d.court;
  out["sentence"] = d.sentence;
  out["lawyer_access"] = d.lawyer_access;
  json history = json::array();
  for (const StatusEntry& entry : d.status_history) {
    history.push_back(StatusToJson(entry));
  }
  out["status_history"] = std::move(history);
  return out;
}

Result<Detention> DetentionFromJson(const json& in) {
  Detention d;
  std::string type;
  JsonReader reader(in, std::string(kDetentionType));
  ReadMeta(reader, &d.meta, &type);
  reader.Text("person_id", &d.person_id);
  reader.Text("incident_id", &d.incident_id);
  reader.Date("detained_at", &d.detained_at);
  reader.Text("place_of_arrest", &d.place_of_arrest);
  reader.Text("place_of_detention", &d.place_of_detention);
  reader.Text("authority", &d.authority);
  reader.Array("charges", [&](const json& element, size_t i) {
    Charge charge;
    JsonReader inner(element, "detention.charges[" + std::to_string(i) + "]");
    inner.Text("article", &charge.article);
    inner.Text("code", &charge.code);
    d.charges.push_back(std::move(charge));
    return inner.Finish();
  });
  reader.Text("case_number", &d.case_number);
  reader.Text("court", &d.court);
  reader.Text("sentence", &d.sentence);
  reader.Text("lawyer_access", &d.lawyer_access);
  reader.Array("status_history", [&](const json& element, size_t i) {
    return ReadStatus(element, i, &d.status_history);
  });
  FV_RETURN_IF_ERROR(FinishRecord(reader, kDetentionType, type, &d.meta));
  FV_RETURN_IF_ERROR(Validate(d));
  return d;
}

json ToJson(const WitnessAccount& a) {
  json out = MetaToJson(kWitnessAccountType, a.meta);
  out["incident_id"] = a.incident_id;
  out["witness_person_id"] = a.witness_person_id;
  out["witness_pseudonym"] = a.witness_pseudonym;
  out["interviewer"] = a.interviewer;
  out["interview_date"] = DateToJson(a.interview_date);
  out["language"] = a.language;
  out["relation"] = a.relation;
  out["statement"] = a.statement;
  out["translation"] = a.translation;
  out["reliability"] = a.reliability;
  json consents = json::array();
  for (const Consent& consent : a.consents) {
    consents.push_back({{"purpose", consent.purpose},
                        {"granted", consent.granted},
                        {"date", DateToJson(consent.date)},
                        {"method", consent.method},
                        {"withdrawn", DateToJson(consent.withdrawn)}});
  }
  out["consents"] = std::move(consents);
  return out;
}

Result<WitnessAccount> WitnessAccountFromJson(const json& in) {
  WitnessAccount a;
  std::string type;
  JsonReader reader(in, std::string(kWitnessAccountType));
  ReadMeta(reader, &a.meta, &type);
  reader.Text("incident_id", &a.incident_id);
  reader.Text("witness_person_id", &a.witness_person_id);
  reader.Text("witness_pseudonym", &a.witness_pseudonym);
  reader.Text("interviewer", &a.interviewer);
  reader.Date("interview_date", &a.interview_date);
  reader.Text("language", &a.language);
  reader.Text("relation", &a.relation);
  reader.Text("statement", &a.statement);
  reader.Text("translation", &a.translation);
  reader.Text("reliability", &a.reliability);
  reader.Array("consents", [&](const json& element, size_t i) {
    return ReadConsent(element, i, &a.consents);
  });
  FV_RETURN_IF_ERROR(FinishRecord(reader, kWitnessAccountType, type, &a.meta));
  FV_RETURN_IF_ERROR(Validate(a));
  return a;
}

json ToJson(const Source& s) {
  json out = MetaToJson(kSourceType, s.meta);
  out["source_type"] = s.type;
  out["title"] = s.title;
  out["date"] = DateToJson(s.date);
  out["reliability"] = s.reliability;
  out["links"] = s.links;
  out["notes"] = s.notes;
  return out;
}

Result<Source> SourceFromJson(const json& in) {
  Source s;
  std::string type;
  JsonReader reader(in, std::string(kSourceType));
  ReadMeta(reader, &s.meta, &type);
  reader.Text("source_type", &s.type);
  reader.Text("title", &s.title);
  reader.Date("date", &s.date);
  reader.Text("reliability", &s.reliability);
  reader.TextList("links", &s.links);
  reader.Text("notes", &s.notes);
  FV_RETURN_IF_ERROR(FinishRecord(reader, kSourceType, type, &s.meta));
  FV_RETURN_IF_ERROR(Validate(s));
  return s;
}

}  // namespace fieldvault::core
