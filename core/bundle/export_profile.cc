#include "core/bundle/export_profile.h"

#include "core/records/record_json.h"

namespace fieldvault::core::bundle {
namespace {

constexpr std::string_view kWithheld = "withheld";

// Only "public" may be published: every other level of the confidentiality
// vocabulary (internal, confidential, restricted) is narrower, and a record
// without the field is treated as the model's default, "confidential".
bool MarkedPublic(const nlohmann::json& record) {
  auto it = record.find("confidentiality");
  return it != record.end() && it->is_string() && *it == "public";
}

// True when `purpose` was granted and the grant withdrawn since.
bool WithdrawnAfterGrant(const WitnessAccount& account, std::string_view purpose) {
  for (const Consent& consent : account.consents) {
    if (consent.purpose == purpose) return consent.granted && consent.withdrawn.known();
  }
  return false;
}

std::string RecordId(const nlohmann::json& record) {
  auto it = record.find("id");
  return it != record.end() && it->is_string() ? it->get<std::string>() : "";
}

bool Deleted(const nlohmann::json& record) {
  auto it = record.find("deleted");
  return it != record.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

void ExportProfile::LeaveOut(const std::string& what, const std::string& id) {
  ++left_out_[what];
  std::vector<std::string>& ids = left_out_ids_[what];
  if (ids.size() < kListedIds) ids.push_back(id);
}

Result<ExportProfile> ExportProfile::Parse(std::string_view name) {
  if (name == "hq") return ExportProfile(Kind::kHq);
  if (name == "public") return ExportProfile(Kind::kPublic);
  return Status::InvalidArgument("unknown export profile '" +
                                 std::string(name) + "'")
      .WithHint("use --profile hq or --profile public");
}

void ExportProfile::NoteWitnessAccount(const WitnessAccount& account) {
  const std::string& person = account.witness_person_id;
  if (person.empty()) return;
  if (kind_ == Kind::kPublic) {
    if (!ConsentAllows(account, "publish_named")) hidden_witness_persons_.insert(person);
    return;
  }
  // Under hq, one account shared with HQ is enough for HQ to know the
  // witness, whatever the others say.
  if (ConsentAllows(account, "share_with_hq")) {
    shared_witness_persons_.insert(person);
    hidden_witness_persons_.erase(person);
  } else if (shared_witness_persons_.count(person) == 0) {
    hidden_witness_persons_.insert(person);
  }
}

void ExportProfile::KeepDetainee(const std::string& person_id) {
  if (kind_ == Kind::kHq) hidden_witness_persons_.erase(person_id);
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyWitnessAccount(
    const nlohmann::json& record) {
  FV_ASSIGN_OR_RETURN(WitnessAccount account, WitnessAccountFromJson(record));
  if (kind_ == Kind::kHq) {
    if (ConsentAllows(account, "share_with_hq")) return std::optional(record);
    if (!WithdrawnAfterGrant(account, "share_with_hq")) {
      LeaveOut("witness_account", account.meta.id);
      return std::optional<nlohmann::json>();
    }
    // HQ may hold the account from before: it must learn of the
    // withdrawal, and receive nothing more of what the witness said.
    account.witness_person_id.clear();
    account.witness_pseudonym = kWithheld;
    if (!account.interviewer.empty()) account.interviewer = kWithheld;
    account.statement = kWithheld;
    if (!account.translation.empty()) account.translation = kWithheld;
    no_attachments_.insert(account.meta.id);
    LeaveOut("withdrawn_consent", account.meta.id);
    return std::optional(ToJson(account));
  }
  const bool named = ConsentAllows(account, "publish_named");
  if (!named && !ConsentAllows(account, "publish_anonymised")) {
    LeaveOut("witness_account", account.meta.id);
    return std::optional<nlohmann::json>();
  }
  // The witness's consent is not enough: the organisation must also have
  // marked the account public.
  if (!MarkedPublic(record)) {
    LeaveOut("non_public_record", account.meta.id);
    return std::optional<nlohmann::json>();
  }
  if (named) return std::optional(record);
  // Anonymised publication: who the witness is and who interviewed them
  // (which can point back to the witness) do not leave.
  account.witness_person_id.clear();
  account.witness_pseudonym = kWithheld;
  if (!account.interviewer.empty()) account.interviewer = kWithheld;
  no_attachments_.insert(account.meta.id);
  LeaveOut("witness_identity", account.meta.id);
  return std::optional(ToJson(account));
}

Result<std::optional<nlohmann::json>> ExportProfile::Apply(
    std::string_view type, const nlohmann::json& record) {
  // A record deleted as entered by mistake is not published, not even as
  // a tombstone (which keeps the content).
  if (kind_ == Kind::kPublic && Deleted(record)) {
    LeaveOut("deleted_record", RecordId(record));
    return std::optional<nlohmann::json>();
  }
  if (type == kWitnessAccountType) return ApplyWitnessAccount(record);
  if (kind_ == Kind::kHq) {
    if (type == kPersonType && !hidden_witness_persons_.empty()) {
      const std::string id = RecordId(record);
      if (hidden_witness_persons_.count(id) != 0) {
        LeaveOut("witness_person", id);
        return std::optional<nlohmann::json>();
      }
    }
    return std::optional(record);
  }
  if (!MarkedPublic(record)) {
    LeaveOut("non_public_record", RecordId(record));
    return std::optional<nlohmann::json>();
  }
  if (type == kPersonType) {
    FV_ASSIGN_OR_RETURN(Person person, PersonFromJson(record));
    if (hidden_witness_persons_.count(person.meta.id) != 0) {
      LeaveOut("witness_person", person.meta.id);
      return std::optional<nlohmann::json>();
    }
    if (person.notes.empty()) return std::optional(record);
    person.notes.clear();
    LeaveOut("person_notes", person.meta.id);
    return std::optional(ToJson(person));
  }
  if (type == kIncidentType) {
    FV_ASSIGN_OR_RETURN(Incident incident, IncidentFromJson(record));
    if (!incident.coordinates) return std::optional(record);
    incident.coordinates.reset();
    LeaveOut("coordinates", incident.meta.id);
    return std::optional(ToJson(incident));
  }
  return std::optional(record);
}

}  // namespace fieldvault::core::bundle
