// Migration 11: the search index also holds the folded spellings of the
// keys of names, places and titles (core/search/search_index.h), so that
// `Юрий` finds `Iurii` and `Yuriy`: every live record is indexed again.
#include <nlohmann/json.hpp>

#include "core/names/match_key.h"
#include "core/records/record_exchange.h"
#include "core/records/record_rows.h"
#include "core/records/record_search.h"
#include "core/search/search_index.h"
#include "core/vault/migrations.h"

namespace fieldvault::core {

Status MigrateSearchFolds(Database& db, const MigrationContext& /*context*/) {
  FV_ASSIGN_OR_RETURN(NameNormalizer normalizer, NameNormalizer::Create());
  FV_ASSIGN_OR_RETURN(SearchIndex index, SearchIndex::Create(db, normalizer));
  for (std::string_view type : ExchangeOrder()) {
    // Only the search tables are written while this reads the record's.
    FV_ASSIGN_OR_RETURN(Statement select,
                        db.Prepare("SELECT body FROM " + std::string(RecordTable(type)) +
                                   " WHERE deleted = 0"));
    while (true) {
      FV_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      nlohmann::json body = nlohmann::json::parse(select.ColumnTextView(0), nullptr, false);
      if (!body.is_object()) {
        return Status::Corruption("a " + std::string(type) + " record is damaged");
      }
      FV_RETURN_IF_ERROR(index.IndexRecord(SearchDocumentFor(body)));
    }
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
