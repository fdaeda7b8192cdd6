#include "core/bundle/withheld_persons.h"

namespace fieldvault::core::bundle {

std::string ConsentEditsKey(std::string_view vault_id) {
  return std::string(vault_id) + "/consent";
}

Status CreateWithheldPersonsSchema(Database& db) {
  return db.Exec(
      "CREATE TABLE withheld_persons ("
      " person_id TEXT PRIMARY KEY,"
      " switches INTEGER NOT NULL,"
      " withheld INTEGER NOT NULL) WITHOUT ROWID");
}

Result<WithheldPersons> LoadWithheldPersons(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT person_id, switches, withheld FROM withheld_persons"));
  WithheldPersons persons;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return persons;
    persons.emplace(select.ColumnText(0),
                    SharedPersonState{select.ColumnInt64(1),
                                      select.ColumnInt64(2) != 0});
  }
}

Status RecordWithheldPersons(Database& db, const WithheldPersons& changed) {
  FV_ASSIGN_OR_RETURN(
      Statement upsert,
      db.Prepare("INSERT OR REPLACE INTO withheld_persons (person_id,"
                 " switches, withheld) VALUES (?, ?, ?)"));
  for (const auto& [person, state] : changed) {
    FV_RETURN_IF_ERROR(upsert.Reset());
    FV_RETURN_IF_ERROR(upsert.BindText(1, person));
    FV_RETURN_IF_ERROR(upsert.BindInt64(2, state.switches));
    FV_RETURN_IF_ERROR(upsert.BindInt64(3, state.withheld ? 1 : 0));
    FV_RETURN_IF_ERROR(upsert.Run());
  }
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
