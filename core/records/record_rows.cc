#include "core/records/record_rows.h"

#include <array>
#include <functional>
#include <vector>

#include "core/records/json_text.h"
#include "core/records/model.h"
#include "core/records/partial_date.h"

namespace fieldvault::core {

using nlohmann::json;

namespace {

// Text at `key`, or "" when absent or not text (bodies are validated
// before they get here; this only keeps extraction total).
// A view into `body`, which must outlive it: rows bind these without a
// copy of their own (SQLite copies bound text once).
std::string_view Text(const json& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::string_view DateValue(const json& body, std::string_view key) {
  auto it = body.find(key);
  return it != body.end() && it->is_object() ? Text(*it, "value")
                                             : std::string_view();
}

std::string_view FirstName(const json& body) {
  auto it = body.find("names");
  if (it == body.end() || !it->is_array() || it->empty()) return {};
  return Text(it->front(), "full_name");
}

std::string_view CurrentStatusOf(const json& body) {
  auto it = body.find("status_history");
  if (it == body.end() || !it->is_array() || it->empty()) return {};
  return Text(it->back(), "status");
}

// The columns a table adds to the common ones, and how each is computed
// from the record's JSON.
struct Column {
  const char* name;
  std::string_view (*value)(const json& body);
};

struct TableSpec {
  std::string_view type;
  std::string_view table;
  std::vector<Column> columns;
  // SQL built once, not per row.
  std::string insert_sql = {};   // INSERT of a whole row
  std::string replace_sql = {};  // the same as INSERT OR REPLACE
  std::string load_sql = {};
  std::string exists_sql = {};
};

std::string RowSql(const TableSpec& spec, bool replace) {
  std::string sql = (replace ? "INSERT OR REPLACE INTO " : "INSERT INTO ") +
                    std::string(spec.table) +
                    " (id, version, created_at, created_by, updated_at,"
                    " confidentiality, deleted, body";
  std::string values = "?, ?, ?, ?, ?, ?, ?, ?";
  for (const Column& column : spec.columns) {
    sql.append(", ").append(column.name);
    values.append(", ?");
  }
  sql.append(", changed_at");  // local_changes.h
  values.append(", ?");
  sql.append(", written_how, written_bundle, origin");  // version_source.h
  values.append(", ?, ?, ?");
  return sql.append(") VALUES (").append(values).append(")");
}

std::array<TableSpec, 5> WithSql(std::array<TableSpec, 5> specs) {
  for (TableSpec& spec : specs) {
    spec.insert_sql = RowSql(spec, false);
    spec.replace_sql = RowSql(spec, true);
    spec.load_sql = "SELECT version, deleted, updated_at, body, written_how,"
                    " written_bundle, origin FROM " +
                    std::string(spec.table) + " WHERE id = ?";
    spec.exists_sql = "SELECT 1 FROM " + std::string(spec.table) +
                      " WHERE id = ? AND deleted = 0";
  }
  return specs;
}

const std::array<TableSpec, 5>& Specs() {
  static const std::array<TableSpec, 5> kSpecs = WithSql({
      TableSpec{kIncidentType, "incidents",
                {{"title", [](const json& b) { return Text(b, "title"); }},
                 {"start_date",
                  [](const json& b) { return DateValue(b, "start_date"); }},
                 {"place", [](const json& b) { return Text(b, "place"); }},
                 {"admin_area",
                  [](const json& b) { return Text(b, "admin_area"); }},
                 {"country", [](const json& b) { return Text(b, "country"); }}}},
      TableSpec{kPersonType, "persons",
                {{"kind", [](const json& b) { return Text(b, "kind"); }},
                 {"display_name", FirstName},
                 {"merged_into",
                  [](const json& b) { return Text(b, "merged_into"); }}}},
      TableSpec{kDetentionType, "detentions",
                {{"person_id",
                  [](const json& b) { return Text(b, "person_id"); }},
                 {"incident_id",
                  [](const json& b) { return Text(b, "incident_id"); }},
                 {"detained_at",
                  [](const json& b) { return DateValue(b, "detained_at"); }},
                 {"current_status", CurrentStatusOf}}},
      TableSpec{kWitnessAccountType, "witness_accounts",
                {{"incident_id",
                  [](const json& b) { return Text(b, "incident_id"); }},
                 {"witness_person_id",
                  [](const json& b) { return Text(b, "witness_person_id"); }},
                 {"witness_label",
                  [](const json& b) { return Text(b, "witness_pseudonym"); }}}},
      TableSpec{kSourceType, "sources",
                {{"source_type",
                  [](const json& b) { return Text(b, "source_type"); }},
                 {"title", [](const json& b) { return Text(b, "title"); }}}},
  });
  return kSpecs;
}

const TableSpec* FindSpec(std::string_view type) {
  for (const TableSpec& spec : Specs()) {
    if (spec.type == type) return &spec;
  }
  return nullptr;
}

// Bodies are validated UTF-8; the text is nlohmann's dump() with
// `replace`, which can never throw (json_text.h).
std::string DumpBody(const json& body) { return CompactJson(body); }

int64_t Micros(const json& body, std::string_view key) {
  Result<int64_t> micros = ParseTimestamp(Text(body, key));
  return micros.ok() ? *micros : 0;
}

}  // namespace

std::string_view RecordTable(std::string_view type) {
  const TableSpec* spec = FindSpec(type);
  return spec == nullptr ? std::string_view() : spec->table;
}

Result<Statement*> RecordRows::Prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    FV_ASSIGN_OR_RETURN(Statement statement, db_->Prepare(sql));
    it = statements_.emplace(sql, std::move(statement)).first;
  }
  FV_RETURN_IF_ERROR(it->second.Reset());
  return &it->second;
}

Result<std::optional<StoredRecord>> RecordRows::Load(std::string_view type,
                                                     std::string_view id) {
  const TableSpec* spec = FindSpec(type);
  if (spec == nullptr) {
    return Status::InvalidArgument("unknown record type '" +
                                   std::string(type) + "'");
  }
  FV_ASSIGN_OR_RETURN(Statement * select, Prepared(spec->load_sql));
  FV_RETURN_IF_ERROR(select->BindText(1, id));
  FV_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<StoredRecord>();
  StoredRecord stored;
  stored.version = select->ColumnInt64(0);
  stored.deleted = select->ColumnInt64(1) != 0;
  stored.updated_at = select->ColumnInt64(2);
  stored.body = json::parse(select->ColumnText(3), nullptr, false);
  if (stored.body.is_discarded()) {
    return Status::Corruption("the stored " + std::string(type) + " " +
                              std::string(id) + " is damaged");
  }
  stored.source.how = select->ColumnText(4);
  stored.source.bundle_id = select->ColumnText(5);
  if (!select->ColumnIsNull(6)) stored.source.origin = select->ColumnText(6);
  return std::optional<StoredRecord>(std::move(stored));
}

Result<bool> RecordRows::Exists(std::string_view type, std::string_view id) {
  const TableSpec* spec = FindSpec(type);
  if (spec == nullptr) return false;
  FV_ASSIGN_OR_RETURN(Statement * select, Prepared(spec->exists_sql));
  FV_RETURN_IF_ERROR(select->BindText(1, id));
  return select->Step();
}

Status RecordRows::Write(const json& body, std::optional<int64_t> changed_at,
                         const VersionSource& source) {
  return WriteRow(body, true, changed_at, source);
}

Status RecordRows::Insert(const json& body, std::optional<int64_t> changed_at,
                          const VersionSource& source) {
  return WriteRow(body, false, changed_at, source);
}

Status RecordRows::WriteRow(const json& body, bool replace,
                            std::optional<int64_t> changed_at,
                            const VersionSource& source) {
  const TableSpec* spec = FindSpec(Text(body, "type"));
  if (spec == nullptr) return Status::InvalidArgument("unknown record type");
  FV_ASSIGN_OR_RETURN(
      Statement * insert,
      Prepared(replace ? spec->replace_sql : spec->insert_sql));
  auto version = body.find("version");
  auto deleted = body.find("deleted");
  FV_RETURN_IF_ERROR(insert->BindText(1, Text(body, "id")));
  FV_RETURN_IF_ERROR(insert->BindInt64(
      2, version != body.end() && version->is_number_integer()
             ? version->get<int64_t>()
             : 1));
  FV_RETURN_IF_ERROR(insert->BindInt64(3, Micros(body, "created_at")));
  FV_RETURN_IF_ERROR(insert->BindText(4, Text(body, "created_by")));
  FV_RETURN_IF_ERROR(insert->BindInt64(5, Micros(body, "updated_at")));
  FV_RETURN_IF_ERROR(insert->BindText(6, Text(body, "confidentiality")));
  FV_RETURN_IF_ERROR(insert->BindInt64(
      7, deleted != body.end() && deleted->is_boolean() && deleted->get<bool>()
             ? 1
             : 0));
  FV_RETURN_IF_ERROR(insert->BindText(8, DumpBody(body)));
  int index = 9;
  for (const Column& column : spec->columns) {
    FV_RETURN_IF_ERROR(insert->BindText(index++, column.value(body)));
  }
  // A local write's updated_at is the vault's clock at the write.
  FV_RETURN_IF_ERROR(insert->BindInt64(
      index++, changed_at ? *changed_at : Micros(body, "updated_at")));
  FV_RETURN_IF_ERROR(insert->BindText(index++, source.how));
  FV_RETURN_IF_ERROR(insert->BindText(index++, source.bundle_id));
  FV_RETURN_IF_ERROR(source.origin ? insert->BindText(index, *source.origin)
                                   : insert->BindNull(index));
  FV_RETURN_IF_ERROR(insert->Run());
  if (spec->type == kPersonType) return WriteNames(body, replace);
  return Status::Ok();
}

// A new person has no names stored yet: only a replaced one needs the
// delete.
Status RecordRows::WriteNames(const json& body, bool replace) {
  const std::string_view id = Text(body, "id");
  if (replace) {
    FV_ASSIGN_OR_RETURN(
        Statement * remove,
        Prepared("DELETE FROM person_names WHERE person_id = ?"));
    FV_RETURN_IF_ERROR(remove->BindText(1, id));
    FV_RETURN_IF_ERROR(remove->Run());
  }
  auto names = body.find("names");
  if (names == body.end() || !names->is_array()) return Status::Ok();
  FV_ASSIGN_OR_RETURN(
      Statement * insert,
      Prepared("INSERT INTO person_names (person_id, position, full_name,"
               " script, match_key) VALUES (?, ?, ?, ?, ?)"));
  int64_t position = 0;
  for (const json& name : *names) {
    FV_RETURN_IF_ERROR(insert->Reset());
    FV_RETURN_IF_ERROR(insert->BindText(1, id));
    FV_RETURN_IF_ERROR(insert->BindInt64(2, position++));
    FV_RETURN_IF_ERROR(insert->BindText(3, Text(name, "full_name")));
    FV_RETURN_IF_ERROR(insert->BindText(4, Text(name, "script")));
    FV_RETURN_IF_ERROR(insert->BindText(5, Text(name, "match_key")));
    FV_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

Status RecordRows::KeepHistory(std::string_view type, std::string_view id,
                               const StoredRecord& previous,
                               int64_t replaced_at,
                               std::string_view replaced_by) {
  FV_ASSIGN_OR_RETURN(
      Statement * insert,
      Prepared("INSERT INTO record_history (record_type, record_id, version,"
               " replaced_at, replaced_by, body, written_how, written_bundle)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert->BindText(1, type));
  FV_RETURN_IF_ERROR(insert->BindText(2, id));
  FV_RETURN_IF_ERROR(insert->BindInt64(3, previous.version));
  FV_RETURN_IF_ERROR(insert->BindInt64(4, replaced_at));
  FV_RETURN_IF_ERROR(insert->BindText(5, replaced_by));
  FV_RETURN_IF_ERROR(insert->BindText(6, DumpBody(previous.body)));
  FV_RETURN_IF_ERROR(insert->BindText(7, previous.source.how));
  FV_RETURN_IF_ERROR(insert->BindText(8, previous.source.bundle_id));
  FV_RETURN_IF_ERROR(insert->Run());
  // The witness a replaced account named may be exportable now that it
  // names someone else: their person changed here too (local_changes.h).
  const std::string_view witness = Text(previous.body, "witness_person_id");
  if (type != kWitnessAccountType || witness.empty()) return Status::Ok();
  FV_ASSIGN_OR_RETURN(
      Statement * touch,
      Prepared("UPDATE persons SET changed_at = MAX(changed_at, ?2)"
               " WHERE id = ?1"));
  FV_RETURN_IF_ERROR(touch->BindText(1, witness));
  FV_RETURN_IF_ERROR(touch->BindInt64(2, replaced_at));
  return touch->Run();
}

}  // namespace fieldvault::core
