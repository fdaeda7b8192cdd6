// Export profiles: what consent and confidentiality allow to leave the
// vault in a bundle, applied record by record as the bundle is written.
//
//   hq      witness accounts leave only if the witness granted (and has not
//           withdrawn) "share_with_hq"; everything else leaves as stored.
//   public  for publication: witness accounts need "publish_named", or
//           "publish_anonymised" (then the witness's person id and the
//           interviewer are replaced by "withheld"); persons who are the
//           witness of any account without "publish_named" are left out;
//           person notes (where contact details live) are emptied; exact
//           coordinates are removed; "restricted" records are left out.
// Every record or field left out is counted under a name (the manifest's
// "left_out": "witness_account", "witness_identity", "witness_person",
// "person_notes", "coordinates", "restricted_record").
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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

  // Tells the profile about a witness account in the vault (every one, not
  // only the exported ones), before any person is applied: the public
  // profile hides the persons who are witnesses without named consent.
  void NoteWitnessAccount(const WitnessAccount& account);

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
    return kind_ == Kind::kHq && type != kWitnessAccountType;
  }

  const std::map<std::string, uint64_t>& left_out() const { return left_out_; }
  void ResetCounts() { left_out_.clear(); }

 private:
  explicit ExportProfile(Kind kind) : kind_(kind) {}
  Result<std::optional<nlohmann::json>> ApplyWitnessAccount(
      const nlohmann::json& record);

  Kind kind_;
  std::set<std::string> hidden_witness_persons_;
  std::map<std::string, uint64_t> left_out_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORT_PROFILE_H_
