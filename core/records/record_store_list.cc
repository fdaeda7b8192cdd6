// RecordStore's queries: lists, history and id prefixes.
#include "core/records/record_store.h"

#include "core/db/id_prefix.h"
#include "core/records/record_store_traits.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

Result<json> ParseBody(const std::string& text, std::string_view type) {
  json body = json::parse(text, nullptr, false);
  if (body.is_discarded()) {
    return Status::Corruption("a stored " + std::string(type) +
                              " is damaged");
  }
  return body;
}

}  // namespace

template <typename T>
Result<std::vector<T>> RecordStore::List(const ListFilter& filter) {
  constexpr std::string_view type = RecordTraits<T>::kType;
  std::string sql = "SELECT body FROM " + std::string(RecordTable(type)) +
                    " WHERE (? OR deleted = 0)";
  const bool by_incident = type == kDetentionType ||
                           type == kWitnessAccountType;
  if (by_incident) sql += " AND (? = '' OR incident_id = ?)";
  if (type == kDetentionType) sql += " AND (? = '' OR person_id = ?)";
  sql += " ORDER BY " + std::string(RecordTraits<T>::kOrder);
  FV_ASSIGN_OR_RETURN(Statement select, rows_.db().Prepare(sql));
  FV_RETURN_IF_ERROR(select.BindInt64(1, filter.include_deleted ? 1 : 0));
  if (by_incident) {
    FV_RETURN_IF_ERROR(select.BindText(2, filter.incident_id));
    FV_RETURN_IF_ERROR(select.BindText(3, filter.incident_id));
  }
  if (type == kDetentionType) {
    FV_RETURN_IF_ERROR(select.BindText(4, filter.person_id));
    FV_RETURN_IF_ERROR(select.BindText(5, filter.person_id));
  }
  std::vector<T> records;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    FV_ASSIGN_OR_RETURN(json body, ParseBody(select.ColumnText(0), type));
    Result<T> record = RecordTraits<T>::FromJson(body);
    if (!record.ok()) {
      return Status::Corruption("a stored " + std::string(type) +
                                " is damaged: " + record.status().message());
    }
    records.push_back(*std::move(record));
  }
  return records;
}

Result<std::vector<RecordVersion>> RecordStore::History(
    std::string_view type, std::string_view id) {
  FV_ASSIGN_OR_RETURN(auto current, rows_.Load(type, id));
  if (!current) {
    return Status::NotFound("no " + std::string(RecordNoun(type)) + " " +
                            std::string(id));
  }
  FV_ASSIGN_OR_RETURN(
      Statement select,
      rows_.db().Prepare("SELECT version, replaced_at, replaced_by, body,"
                         " written_how, written_bundle FROM"
                         " record_history WHERE record_type = ? AND"
                         " record_id = ? ORDER BY version, rowid"));
  FV_RETURN_IF_ERROR(select.BindText(1, type));
  FV_RETURN_IF_ERROR(select.BindText(2, id));
  std::vector<RecordVersion> versions;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    RecordVersion version;
    version.version = select.ColumnInt64(0);
    version.replaced_at = select.ColumnInt64(1);
    version.replaced_by = select.ColumnText(2);
    FV_ASSIGN_OR_RETURN(version.body, ParseBody(select.ColumnText(3), type));
    version.source.how = select.ColumnText(4);
    version.source.bundle_id = select.ColumnText(5);
    versions.push_back(std::move(version));
  }
  versions.push_back(RecordVersion{current->version, 0, "", current->body,
                                   current->source});
  return versions;
}

Result<std::string> RecordStore::ResolveId(std::string_view type,
                                           std::string_view prefix) {
  std::string_view table = RecordTable(type);
  if (table.empty()) {
    return Status::InvalidArgument("unknown record type '" +
                                   std::string(type) + "'");
  }
  if (!IsIdPrefix(prefix)) {
    return Status::InvalidArgument(ShownAsId(prefix) + " is not a record id")
        .WithHint("give the id, or at least its first 4 characters, as "
                  "`list` shows it");
  }
  FV_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                      FindIdsWithPrefix(rows_.db(), table, prefix, 2));
  if (ids.empty()) {
    return Status::NotFound("no " + std::string(RecordNoun(type)) +
                            " with id " + std::string(prefix) +
                            " in this vault")
        .WithHint("list them with `fieldvault " +
                  std::string(RecordCommandName(type)) +
                  " list` (`--deleted` for deleted ones)");
  }
  if (ids.size() > 1) {
    return Status::InvalidArgument("more than one " + std::string(RecordNoun(type)) +
                                   " has an id starting " +
                                   std::string(prefix))
        .WithHint("type more of the id");
  }
  return ids.front();
}

template Result<std::vector<Incident>> RecordStore::List<Incident>(
    const ListFilter&);
template Result<std::vector<Person>> RecordStore::List<Person>(
    const ListFilter&);
template Result<std::vector<Detention>> RecordStore::List<Detention>(
    const ListFilter&);
template Result<std::vector<WitnessAccount>>
RecordStore::List<WitnessAccount>(const ListFilter&);
template Result<std::vector<Source>> RecordStore::List<Source>(
    const ListFilter&);

}  // namespace fieldvault::core
