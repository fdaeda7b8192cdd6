#include "core/bundle/export_profile.h"

#include <algorithm>

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

// True when "store" was refused or withdrawn: the witness did not agree
// that their account be kept, so it is never passed on (no decision
// recorded is read as before storage was asked about, not as a refusal).
bool StorageRefused(const WitnessAccount& account) {
  for (const Consent& consent : account.consents) {
    if (consent.purpose == "store") return !consent.granted || consent.withdrawn.known();
  }
  return false;
}

// True when "share_with_hq" was granted at some time (withdrawn or not):
// HQ may hold a copy.
bool EverSharedWithHq(const WitnessAccount& account) {
  for (const Consent& consent : account.consents) {
    if (consent.purpose == "share_with_hq") return consent.granted;
  }
  return false;
}

bool SharedWithHq(const WitnessAccount& account) {
  return ConsentAllows(account, "share_with_hq") && !StorageRefused(account);
}

// The person as HQ may still receive them once the witness's consent no
// longer holds: the record (its id, kind and merges) without anything
// that says who they are or how to reach them. Its edits are counted by
// ExportProfile::CountSwitches, so that it replaces the copy HQ may hold
// (HQ keeps that copy in the record's history).
Person WitnessPersonNotice(Person person) {
  person.names = {{std::string(kWithheld), "Latn", "", "", ""}};
  person.sex = "unknown";
  person.birth_date = PartialDate();
  person.affiliations.clear();
  if (!person.notes.empty()) person.notes = kWithheld;
  return person;
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
  // Under hq, one account of this vault shared with HQ is enough for HQ to
  // know the witness, whatever the others say. Another vault's accounts
  // never let their witness leave: that vault shared them with HQ, not
  // with whoever this vault sends to.
  const bool other_vault = OfOtherVault(account);
  if (!other_vault && own_accounts_home_) {
    // At HQ: the witness stays home as a witness of this vault's.
    // (No account is shared then, so none lets the witness out.)
    own_witness_persons_.insert(person);
    hidden_witness_persons_.insert(person);
    return;
  }
  if (!other_vault && SharedWithHq(account)) {
    shared_witness_persons_.insert(person);
    hidden_witness_persons_.erase(person);
    notice_witness_persons_.erase(person);
    return;
  }
  if (!other_vault) own_witness_persons_.insert(person);
  if (shared_witness_persons_.count(person) != 0) return;
  hidden_witness_persons_.insert(person);
  if (!other_vault && EverSharedWithHq(account)) notice_witness_persons_.insert(person);
}

void ExportProfile::KeepDetainee(const std::string& person_id) {
  if (kind_ != Kind::kHq) return;
  hidden_witness_persons_.erase(person_id);
  notice_witness_persons_.erase(person_id);
}

nlohmann::json ExportProfile::CountSwitches(nlohmann::json person,
                                           bool withheld) {
  const std::string id = RecordId(person);
  auto known = withheld_.find(id);
  SharedPersonState state =
      known == withheld_.end() ? SharedPersonState() : known->second;
  auto edits = person.find("edits");
  auto created_by = person.find("created_by");
  if (edits == person.end() || !edits->is_object() ||
      created_by == person.end() || !created_by->is_string()) {
    return person;  // not a record PersonFromJson accepted
  }
  const std::string key = ConsentEditsKey(
      own_vault_.empty() ? created_by->get<std::string>() : own_vault_);
  // The stored record may carry a count already (a copy that came back
  // from a receiver): never count below it.
  auto stored = edits->find(key);
  const int64_t carried =
      stored != edits->end() && stored->is_number_integer() ? stored->get<int64_t>() : 0;
  if (state.withheld != withheld) {
    state = {std::max(state.switches, carried) + 1, withheld};
    switched_[id] = state;
  }
  const int64_t switches = std::max(state.switches, carried);
  if (switches == 0) return person;
  (*edits)[key] = switches;
  const int64_t added = switches - carried;
  person["version"] = person["version"].get<int64_t>() + added;
  return person;
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyHiddenWitness(
    const std::string& id, const nlohmann::json& record) {
  if (notice_witness_persons_.count(id) != 0) {
    FV_ASSIGN_OR_RETURN(Person person, PersonFromJson(record));
    no_attachments_.insert(id);
    LeaveOut("withdrawn_witness_person", id);
    return std::optional(
        CountSwitches(ToJson(WitnessPersonNotice(std::move(person))), true));
  }
  LeaveOut(own_witness_persons_.count(id) != 0 ? "witness_person"
                                               : "witness_person_of_other_vault",
           id);
  return std::optional<nlohmann::json>();
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyHqAccount(
    WitnessAccount account, const nlohmann::json& record) {
  if (OfOtherVault(account)) {
    LeaveOut("witness_account_of_other_vault", account.meta.id);
    return std::optional<nlohmann::json>();
  }
  // HQ's own accounts: "share_with_hq" is satisfied by HQ holding them
  // and says nothing of the monitors HQ's bundles go to; no purpose in
  // the vocabulary does. No notice either: no monitor was sent the
  // account, so none holds a copy to withdraw.
  if (own_accounts_home_) {
    LeaveOut("witness_account_at_hq", account.meta.id);
    return std::optional<nlohmann::json>();
  }
  if (SharedWithHq(account)) return std::optional(record);
  const bool storage_refused = StorageRefused(account);
  if (!EverSharedWithHq(account)) {
    LeaveOut(storage_refused ? "storage_refused" : "witness_account", account.meta.id);
    return std::optional<nlohmann::json>();
  }
  // HQ may hold the account from before: it must learn that it may no
  // longer keep it, and receive nothing more of what the witness said.
  // The witness person goes along as a notice too (ApplyHiddenWitness)
  // unless they leave whole for another reason: then the link between
  // them and this account stays home.
  // (An account names a person or a pseudonym, never both.)
  if (notice_witness_persons_.count(account.witness_person_id) == 0) {
    account.witness_person_id.clear();
    account.witness_pseudonym = kWithheld;
  }
  if (!account.interviewer.empty()) account.interviewer = kWithheld;
  account.statement = kWithheld;
  if (!account.translation.empty()) account.translation = kWithheld;
  no_attachments_.insert(account.meta.id);
  LeaveOut(ConsentAllows(account, "share_with_hq") ? "storage_refused"
                                                   : "withdrawn_consent",
           account.meta.id);
  return std::optional(ToJson(account));
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyWitnessAccount(
    const nlohmann::json& record) {
  FV_ASSIGN_OR_RETURN(WitnessAccount account, WitnessAccountFromJson(record));
  if (kind_ == Kind::kHq) return ApplyHqAccount(std::move(account), record);
  if (StorageRefused(account)) {
    LeaveOut("storage_refused", account.meta.id);
    return std::optional<nlohmann::json>();
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
  FV_ASSIGN_OR_RETURN(auto kept, ApplyRules(type, record));
  if (kept && kind_ == Kind::kPublic) ScrubForPublication(type, *kept);
  return kept;
}

void ExportProfile::ScrubForPublication(std::string_view type, nlohmann::json& record) {
  const std::string id = RecordId(record);
  // Who wrote a record and edited it: vault ids, which tie the record to a
  // monitor's laptop. A public bundle is never imported, so nothing needs
  // them to compare versions (`version` stays).
  record["created_by"] = kWithheld;
  record.erase("edits");
  auto text = [&record](const char* field) -> nlohmann::json* {
    auto it = record.find(field);
    return it != record.end() && it->is_string() && !it->get<std::string>().empty()
               ? &*it : nullptr;
  };
  if (type == kDetentionType) {
    // Where a status is known from ("seen by monitor A", "the family", the
    // CSV import's "detainee list FILE") points to people and files.
    bool withheld = false;
    auto history = record.find("status_history");
    if (history != record.end() && history->is_array()) {
      for (nlohmann::json& entry : *history) {
        auto note = entry.find("source_note");
        if (note == entry.end() || !note->is_string() ||
            note->get<std::string>().empty()) {
          continue;
        }
        *note = kWithheld;  // not emptied: a status needs a source id or note
        withheld = true;
      }
    }
    if (withheld) LeaveOut("source_note", id);
  } else if (type == kWitnessAccountType) {
    // The interviewer is a monitor (or names one), whatever the witness
    // agreed to for themselves.
    nlohmann::json* interviewer = text("interviewer");
    if (interviewer != nullptr && *interviewer != kWithheld) {
      *interviewer = kWithheld;
      LeaveOut("interviewer", id);
    }
  } else if (type == kSourceType) {
    if (nlohmann::json* notes = text("notes")) {  // contact details, as a person's
      *notes = "";
      LeaveOut("source_notes", id);
    }
  } else if (type == kPersonType) {
    // A merge into a person this bundle does not publish (deleted, not
    // public, a hidden witness) would name a withheld record and point
    // nowhere: the person is published as themselves.
    if (nlohmann::json* into = text("merged_into")) {
      const std::string target = into->get<std::string>();
      if (published_merge_targets_.count(target) == 0 ||
          hidden_witness_persons_.count(target) != 0) {
        *into = "";
        LeaveOut("merged_into", id);
      }
    }
  }
}

Result<std::optional<nlohmann::json>> ExportProfile::ApplyRules(
    std::string_view type, const nlohmann::json& record) {
  // A record deleted as entered by mistake is not published, not even as
  // a tombstone (which keeps the content).
  if (kind_ == Kind::kPublic && Deleted(record)) {
    LeaveOut("deleted_record", RecordId(record));
    return std::optional<nlohmann::json>();
  }
  if (type == kWitnessAccountType) return ApplyWitnessAccount(record);
  if (kind_ == Kind::kHq) {
    if (type == kPersonType && !KeepsAsStored(type)) {
      const std::string id = RecordId(record);
      if (hidden_witness_persons_.count(id) != 0) return ApplyHiddenWitness(id, record);
      if (withheld_.count(id) != 0) return std::optional(CountSwitches(record, false));
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
