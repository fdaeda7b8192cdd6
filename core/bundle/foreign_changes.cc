#include "core/bundle/foreign_changes.h"

#include <map>

#include "core/bundle/attachment_owner_check.h"
#include "core/identity/keyrings.h"
#include "core/records/model.h"
#include "core/records/version_source.h"

namespace fieldvault::core::bundle {
namespace {

using nlohmann::json;

// A person's names without what the importer computes (match keys, a
// missing script), so that a copy it would find unchanged compares equal.
void DropComputedNameFields(json& person) {
  auto names = person.find("names");
  if (names == person.end() || !names->is_array()) return;
  for (json& name : *names) {
    if (!name.is_object()) continue;
    name.erase("match_key");
    name.erase("script");
  }
}

std::string Counted(uint64_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

}  // namespace

std::string DescribeForeignChanges(const std::vector<ForeignChange>& changes) {
  if (changes.empty()) return "";
  std::map<std::string, uint64_t> by_type;
  uint64_t deletions = 0, held = 0;
  for (const ForeignChange& change : changes) {
    ++by_type[change.record_type];
    if (change.deletion) ++deletions;
    if (change.held) ++held;
  }
  std::string kinds;
  for (const auto& [type, count] : by_type) {
    kinds += (kinds.empty() ? "" : ", ") + Counted(count, RecordNoun(type));
  }
  std::string text = "changes " + Counted(changes.size(), "record") +
                     " first recorded by a vault other than the sender's: " + kinds;
  if (deletions > 0) text += "; deletes " + std::to_string(deletions) + " of them";
  if (held > 0) {
    text += "; " + std::to_string(held) + " held for review as conflicts, not applied";
  }
  return text;
}

Status LogForeignChanges(VaultWrite& write, const std::string& bundle_id,
                         const std::string& signer,
                         const std::vector<ForeignChange>& changes) {
  if (changes.empty()) return Status::Ok();
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"changed others' records", "", "", bundle_id,
       "the bundle from " + signer + " " + DescribeForeignChanges(changes)}));
  for (const ForeignChange& change : changes) {
    if (!change.deletion || !change.held) continue;
    FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
        {"deletion held", change.record_type, change.record_id, bundle_id,
         "deleted by " + signer + ", which did not first record it;"
         " kept aside as a conflict (fieldvault conflicts list)"}));
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string>> SignerLabels(
    Database& db, const std::vector<ForeignChange>& changes) {
  std::map<std::string, std::string> labels;
  if (changes.empty()) return labels;
  FV_ASSIGN_OR_RETURN(std::vector<SignerEntry> signers, ListSigners(db));
  for (const SignerEntry& signer : signers) {
    labels[signer.minisign_public_key] = signer.label;
  }
  return labels;
}

Status ForeignChangePreview::Line(std::string_view type, std::string_view line) {
  if (RecordTable(type).empty()) return Status::Ok();
  const std::optional<std::string_view> id = TopLevelId(line);
  if (!id) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto stored, rows_.Load(type, *id));
  if (!stored || !FirstRecordedByOther(stored->source, signer_key_)) {
    return Status::Ok();
  }
  json parsed = json::parse(line, nullptr, false);
  if (parsed.is_discarded()) return Status::Ok();
  Result<PreparedRecord> prepared = PrepareRecord(type, parsed);
  if (!prepared.ok()) return Status::Ok();  // the import refuses it
  if (type == kPersonType) {
    DropComputedNameFields(prepared->body);
    DropComputedNameFields(stored->body);
  }
  Result<MergeDecision> decision =
      DecideMerge(type, *stored, prepared->body, signer_key_);
  if (!decision.ok()) return Status::Ok();  // malformed edits: as above
  if (decision->foreign) changes_.push_back(*std::move(decision->foreign));
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
