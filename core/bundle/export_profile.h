// Export profiles: what consent and confidentiality allow to leave the
// vault in a bundle, applied record by record as the bundle is written.
//
//   hq      witness accounts leave only if this vault recorded them
//           (created_by, ShareOnlyAccountsOf: HQ does not pass one
//           monitor's witnesses on to another), the witness granted (and
//           has not withdrawn) "share_with_hq", and did not refuse or
//           withdraw "store". One whose "share_with_hq" was granted but
//           no longer holds (withdrawn, or storage refused) leaves as a
//           notice, so that HQ, which may hold an earlier copy, learns of
//           it: consents as recorded, the statement, translation, witness
//           pseudonym and interviewer replaced by "withheld", no
//           attachments. The witness person of an account that does not
//           leave stays home too, unless an account this vault shares
//           with HQ names them or a detention does (HQ needs its
//           detainees; the exporter also counts a person a detainee was
//           merged into: KeepDetainee); when the account leaves as a notice, the person
//           leaves as a notice as well (names, notes, sex, birth date and
//           affiliations withheld, no attachments, one switch counted in
//           its edits so that it replaces HQ's copy: withheld_persons.h)
//           and the account notice keeps its witness_person_id; once the
//           person leaves whole again, that copy counts one switch more,
//           so that it replaces the notice. A vault that holds
//           witness accounts other vaults recorded is HQ
//           (KeepOwnAccountsHome): monitors share accounts with HQ, and HQ
//           never passes one on, so no monitor holds another vault's. Its
//           own accounts then never leave, whatever their consent: its
//           bundles go to monitors, and "share_with_hq" does not cover
//           monitors ("witness_account_at_hq"). Attachments leave only if
//           this vault added them (ShareOnlyAccountsOf's vault): HQ does
//           not pass one monitor's photos and documents on to another,
//           and a monitor does not send back to HQ the files HQ sent it
//           ("attachment_of_other_vault", export_payload.h). Everything
//           else leaves as stored.
//   public  for publication: only records marked confidentiality "public"
//           leave ("internal", "confidential" -- the default -- and
//           "restricted" all stay home). A witness account needs, besides,
//           "publish_named", or "publish_anonymised" (then the witness's
//           person id, pseudonym and interviewer are replaced by
//           "withheld", and the account's attachments stay home: a
//           recording or photo identifies a voice or a face), and never
//           leaves when storage was refused; persons who
//           are the witness of any account without "publish_named" are
//           left out; person notes (where contact details live) are
//           emptied; exact coordinates are removed; deleted records
//           (tombstones keep their content) are left out. Every record
//           that leaves loses what ties it to the monitors and sources
//           behind it: created_by becomes "withheld" and the edit counts
//           (keyed by vault ids) are dropped; a detention's status
//           source notes, a witness account's interviewer (named
//           accounts too) become "withheld"; source notes are emptied;
//           a person's merged_into is emptied unless it names a person
//           this bundle publishes.
// Whether a person leaves depends on other records (the accounts and
// detentions that name them): --since-last counts a person as changed when
// those change (core/records/local_changes.h), so a witness who becomes
// exportable later goes in the next bundle, with their files
// (sent_attachments.h). Every other record's fate under a profile depends
// on its own content only, so its own change suffices.
// Every record or field left out is counted under a name (the manifest's
// "left_out": "witness_account", "witness_account_of_other_vault",
// "storage_refused", "witness_identity", "witness_person",
// "witness_person_of_other_vault", "witness_account_at_hq",
// "withdrawn_consent",
// "withdrawn_witness_person", "person_notes", "coordinates",
// "non_public_record", "deleted_record", "source_note", "interviewer",
// "source_notes", "merged_into"; the
// payload adds "attachment", "attachment_of_deleted_record",
// "attachment_of_other_vault" and "attachment_with_metadata",
// export_payload.h).
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bundle/withheld_persons.h"
#include "core/records/model.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

class ExportProfile {
 public:
  enum class Kind { kHq, kPublic };

  // "hq" or "public"; kInvalidArgument otherwise, with a hint.
  static Result<ExportProfile> Parse(std::string_view name);

  Kind kind() const { return kind_; }
  std::string_view name() const { return kind_ == Kind::kHq ? "hq" : "public"; }

  // Under hq, only witness accounts created by `vault_id` (this vault's
  // id) may leave, with their witness persons and attachments; the others
  // are left out as "witness_account_of_other_vault". The exporter calls
  // it before any account is noted; without it (unit tests of consent
  // alone) the creator is not looked at.
  void ShareOnlyAccountsOf(std::string vault_id) { own_vault_ = std::move(vault_id); }
  // The vault id ShareOnlyAccountsOf set ("" if none): under hq, only the
  // attachments it created leave.
  const std::string& own_vault() const { return own_vault_; }

  // Under hq, for a vault that holds witness accounts other vaults
  // recorded (HQ's: see the header comment): its own accounts stay home
  // too, counted as "witness_account_at_hq", and their witnesses with them
  // unless a detention names them. Call before any account is noted.
  void KeepOwnAccountsHome() { own_accounts_home_ = kind_ == Kind::kHq; }

  // Tells the profile about a witness account in the vault (every one, not
  // only the exported ones), before any person is applied: the persons who
  // are witnesses without the consent the profile needs stay home.
  void NoteWitnessAccount(const WitnessAccount& account);
  // The persons the notes so far would keep home as witnesses, for the
  // caller to tell which of them are detainees (KeepDetainee).
  const std::set<std::string>& hidden_witness_persons() const {
    return hidden_witness_persons_;
  }
  // Under hq, lets `person_id` leave after all: a detention names them.
  void KeepDetainee(const std::string& person_id);

  // Under public, the persons others are merged into that are live and
  // marked public (PublishedMergeTargets, export_payload.h): a person
  // merged into anyone else leaves with merged_into "" ("merged_into").
  void SetPublishedMergeTargets(std::set<std::string> ids) {
    published_merge_targets_ = std::move(ids);
  }

  // Under hq, the persons earlier bundles sent as notices (the register of
  // withheld_persons.h), before any person is applied: a person leaving as
  // a notice or whole counts the switches in its edits, and a switch made
  // now is noted in switched_persons().
  void SetWithheldPersons(WithheldPersons persons) { withheld_ = std::move(persons); }
  // The register rows the records applied since the last ResetCounts
  // switched (a notice where the last copy sent was whole, or the
  // reverse), for the exporter to write when the bundle is registered.
  const WithheldPersons& switched_persons() const { return switched_; }

  // The record `json` of type `type` as it may leave under this profile,
  // or nullopt when it is left out. Counts what was left out. kInvalidArgument
  // if a witness account, person or incident does not parse (the records
  // module's JSON rules).
  Result<std::optional<nlohmann::json>> Apply(std::string_view type,
                                              const nlohmann::json& record);

  // True when Apply returns every record of `type` unchanged, whatever it
  // holds (the hq profile, for every type but witness accounts): such
  // records may be passed on as stored, without being parsed.
  bool KeepsAsStored(std::string_view type) const {
    return kind_ == Kind::kHq && type != kWitnessAccountType &&
           (type != kPersonType ||
            (hidden_witness_persons_.empty() && withheld_.empty()));
  }

  // False for the owner id of a record Apply let out without its
  // attachments (an anonymised witness account, a notice of an account or
  // of its witness person); true otherwise (whether
  // the owner itself leaves is Apply's answer, not this one's).
  bool CarriesAttachmentsOf(const std::string& owner_id) const {
    return no_attachments_.count(owner_id) == 0;
  }

  const std::map<std::string, uint64_t>& left_out() const { return left_out_; }
  // The ids of the first records (or attachments) counted under each name
  // of left_out(), at most kListedIds of each, in the order met: for the
  // monitor's own export report, never for the bundle or a log.
  static constexpr size_t kListedIds = 5;
  const std::map<std::string, std::vector<std::string>>& left_out_ids() const {
    return left_out_ids_;
  }
  // Adds `ids.size()` to the left-out count `what` (for what the payload
  // withholds itself, such as attachments), noting the first ids.
  void CountLeftOut(const std::string& what, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) LeaveOut(what, id);
  }
  // Starts a new pass over the records: forgets the counts and the
  // switches of the previous one.
  void ResetCounts() {
    left_out_.clear();
    left_out_ids_.clear();
    switched_.clear();
  }

 private:
  explicit ExportProfile(Kind kind) : kind_(kind) {}
  // Apply's decision, before ScrubForPublication.
  Result<std::optional<nlohmann::json>> ApplyRules(std::string_view type,
                                                   const nlohmann::json& record);
  // Under public, removes from a record that leaves what identifies the
  // monitors and sources behind it (see the file comment).
  void ScrubForPublication(std::string_view type, nlohmann::json& record);
  Result<std::optional<nlohmann::json>> ApplyWitnessAccount(
      const nlohmann::json& record);
  Result<std::optional<nlohmann::json>> ApplyHqAccount(WitnessAccount account,
                                                       const nlohmann::json& record);
  // Under hq, a person of hidden_witness_persons_: a notice or nothing.
  Result<std::optional<nlohmann::json>> ApplyHiddenWitness(
      const std::string& id, const nlohmann::json& record);
  // `person` (JSON) with the switches of the copy that leaves counted in
  // its edits: one more than last sent when `withheld` differs from what
  // was last sent of it. Unchanged for a person never sent as a notice
  // that leaves whole.
  nlohmann::json CountSwitches(nlohmann::json person, bool withheld);
  // True when an account was recorded elsewhere (hq with an own vault set).
  bool OfOtherVault(const WitnessAccount& account) const {
    return !own_vault_.empty() && account.meta.created_by != own_vault_;
  }
  // Counts record `id` under `what`.
  void LeaveOut(const std::string& what, const std::string& id);

  Kind kind_;
  std::set<std::string> hidden_witness_persons_;
  std::set<std::string> shared_witness_persons_;  // hq: named by a shared account
  // hq: of hidden_witness_persons_, those named by an account of this vault
  // that leaves as a notice (they leave as a notice too), and those named
  // by this vault's accounts at all (the others are other vaults' only).
  std::set<std::string> notice_witness_persons_;
  std::set<std::string> own_witness_persons_;
  std::string own_vault_;
  bool own_accounts_home_ = false;  // KeepOwnAccountsHome
  std::set<std::string> no_attachments_;  // anonymised accounts' ids
  std::set<std::string> published_merge_targets_;  // public
  WithheldPersons withheld_;  // SetWithheldPersons
  WithheldPersons switched_;  // switched_persons
  std::map<std::string, uint64_t> left_out_;
  std::map<std::string, std::vector<std::string>> left_out_ids_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_
