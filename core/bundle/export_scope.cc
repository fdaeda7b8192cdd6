#include "core/bundle/export_scope.h"

#include <algorithm>
#include <optional>

#include "core/records/model.h"
#include "core/records/record_exchange.h"

namespace fieldvault::core::bundle {
namespace {

using nlohmann::json;

// Adds the non-empty text at `key` of `record` to `ids`.
void AddId(const json& record, std::string_view key, std::set<std::string>& ids) {
  auto it = record.find(key);
  if (it != record.end() && it->is_string() && !it->get<std::string>().empty()) {
    ids.insert(it->get<std::string>());
  }
}

// Walks the links from the named incidents, one record type at a time, in
// an order where every record is reached before the ones it leads to.
class Selector {
 public:
  Selector(Database& db, ExportProfile& profile) : db_(db), profile_(profile) {}

  Status Incidents(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      bool found = false;
      FV_RETURN_IF_ERROR(ExportRecordsWithIds(
          db_, kIncidentType, {id}, [&](const json& record) -> Status {
            found = true;
            return Take(kIncidentType, record).status();
          }));
      if (!found) {
        return Status::NotFound("there is no incident " + id + " in this vault")
            .WithHint("check the id with `fieldvault incident list`");
      }
    }
    return Status::Ok();
  }

  // The detentions and witness accounts of the incidents, and whom and
  // what the ones that leave refer to.
  Status Members(const std::vector<std::string>& incident_ids) {
    for (const std::string& incident : incident_ids) {
      FV_RETURN_IF_ERROR(ExportRecordsOfIncident(
          db_, kDetentionType, incident, [&](const json& record) -> Status {
            FV_ASSIGN_OR_RETURN(auto kept, Take(kDetentionType, record));
            if (!kept) return Status::Ok();
            AddId(*kept, "person_id", persons_);
            for (const json& entry : kept->value("status_history", json::array())) {
              AddId(entry, "source_id", sources_);
            }
            return Status::Ok();
          }));
      FV_RETURN_IF_ERROR(ExportRecordsOfIncident(
          db_, kWitnessAccountType, incident, [&](const json& record) -> Status {
            FV_ASSIGN_OR_RETURN(auto kept, Take(kWitnessAccountType, record));
            // As it leaves: an anonymised account names no person.
            if (kept) AddId(*kept, "witness_person_id", persons_);
            return Status::Ok();
          }));
    }
    return Status::Ok();
  }

  // The persons found so far, then whoever they were merged into, until
  // nothing new turns up; then the cited sources.
  Status PersonsAndSources() {
    while (!persons_.empty()) {
      std::set<std::string> merged_into;
      FV_RETURN_IF_ERROR(ExportRecordsWithIds(
          db_, kPersonType, {persons_.begin(), persons_.end()},
          [&](const json& record) -> Status {
            FV_ASSIGN_OR_RETURN(auto kept, Take(kPersonType, record));
            if (kept) AddId(*kept, "merged_into", merged_into);
            return Status::Ok();
          }));
      persons_ = std::move(merged_into);
    }
    return ExportRecordsWithIds(db_, kSourceType, {sources_.begin(), sources_.end()},
                                [&](const json& record) {
                                  return Take(kSourceType, record).status();
                                });
  }

  IncidentScope Finish() {
    for (auto& [type, ids] : scope_.records) std::sort(ids.begin(), ids.end());
    return std::move(scope_);
  }

 private:
  // Puts `record` in scope and returns it as the profile lets it out, or
  // nullopt when withheld or already in scope (a record reached twice is
  // followed once).
  Result<std::optional<json>> Take(std::string_view type, const json& record) {
    const std::string id = record.value("id", "");
    if (!seen_.insert(std::string(type) + " " + id).second) {
      return std::optional<json>();
    }
    scope_.records[std::string(type)].push_back(id);
    FV_ASSIGN_OR_RETURN(auto kept, profile_.Apply(type, record));
    if (kept) scope_.kept_ids.insert(id);
    return kept;
  }

  Database& db_;
  ExportProfile& profile_;
  IncidentScope scope_;
  std::set<std::string> seen_;
  std::set<std::string> persons_;
  std::set<std::string> sources_;
};

}  // namespace

Result<IncidentScope> SelectIncidentScope(
    Database& db, ExportProfile& profile,
    const std::vector<std::string>& incident_ids) {
  if (incident_ids.empty()) {
    return Status::InvalidArgument("no incident was named for the export")
        .WithHint("give --incident ID, or use --all or --since-last");
  }
  Selector selector(db, profile);
  FV_RETURN_IF_ERROR(selector.Incidents(incident_ids));
  FV_RETURN_IF_ERROR(selector.Members(incident_ids));
  FV_RETURN_IF_ERROR(selector.PersonsAndSources());
  return selector.Finish();
}

}  // namespace fieldvault::core::bundle
