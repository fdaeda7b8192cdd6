#include "core/bundle/export_profile.h"

#include "core/records/record_json.h"

namespace fieldvault::core::bundle {
namespace {

constexpr std::string_view kWithheld = "withheld";

}  // namespace

Result<ExportProfile> ExportProfile::Parse(std::string_view name) {
  if (name == "hq") return ExportProfile(Kind::kHq);
  if (name == "public") return ExportProfile(Kind::kPublic);
  return Status::InvalidArgument("unknown export profile '" +
                                 std::string(name) + "'")
      .WithHint("use --profile hq or --profile public");
}

void ExportProfile::NoteWitnessAccount(const WitnessAccount& account) {
  if (!account.witness_person_id.empty() &&
      !ConsentAllows(account, "publish_named")) {
    hidden_witness_persons_.insert(account.witness_person_id);
  }
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyWitnessAccount(
    const nlohmann::json& record) {
  FV_ASSIGN_OR_RETURN(WitnessAccount account, WitnessAccountFromJson(record));
  if (kind_ == Kind::kHq) {
    if (ConsentAllows(account, "share_with_hq")) return std::optional(record);
    ++left_out_["witness_account"];
    return std::optional<nlohmann::json>();
  }
  if (ConsentAllows(account, "publish_named")) return std::optional(record);
  if (!ConsentAllows(account, "publish_anonymised")) {
    ++left_out_["witness_account"];
    return std::optional<nlohmann::json>();
  }
  // Anonymised publication: who the witness is and who interviewed them
  // (which can point back to the witness) do not leave.
  account.witness_person_id.clear();
  account.witness_pseudonym = kWithheld;
  if (!account.interviewer.empty()) account.interviewer = kWithheld;
  ++left_out_["witness_identity"];
  return std::optional(ToJson(account));
}

Result<std::optional<nlohmann::json>> ExportProfile::Apply(
    std::string_view type, const nlohmann::json& record) {
  if (type == kWitnessAccountType) return ApplyWitnessAccount(record);
  if (kind_ == Kind::kHq) return std::optional(record);
  auto confidentiality = record.find("confidentiality");
  if (confidentiality != record.end() && *confidentiality == "restricted") {
    ++left_out_["restricted_record"];
    return std::optional<nlohmann::json>();
  }
  if (type == kPersonType) {
    FV_ASSIGN_OR_RETURN(Person person, PersonFromJson(record));
    if (hidden_witness_persons_.count(person.meta.id) != 0) {
      ++left_out_["witness_person"];
      return std::optional<nlohmann::json>();
    }
    if (person.notes.empty()) return std::optional(record);
    person.notes.clear();
    ++left_out_["person_notes"];
    return std::optional(ToJson(person));
  }
  if (type == kIncidentType) {
    FV_ASSIGN_OR_RETURN(Incident incident, IncidentFromJson(record));
    if (!incident.coordinates) return std::optional(record);
    incident.coordinates.reset();
    ++left_out_["coordinates"];
    return std::optional(ToJson(incident));
  }
  return std::optional(record);
}

}  // namespace fieldvault::core::bundle
