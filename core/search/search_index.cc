#include "core/search/search_index.h"

#include <sqlite3.h>

#include <array>
#include <cstring>
#include <utility>

#include "core/names/spelling_fold.h"
#include "core/search/search_query.h"

namespace fieldvault::core {
namespace {

// Column order of search_fts; the weights below follow it. Names and match
// keys count most: most searches are for a person.
constexpr std::array<double, 5> kColumnWeights = {4.0, 3.0, 2.0, 1.0, 3.0};
constexpr size_t kKeyCacheLimit = 50000;

enum StatementIndex {
  kFindDocument,
  kInsertDocument,
  kUpdateLabel,
  kDeleteText,
  kInsertText,
  kDeleteDocument,
  kStatementCount,
};

constexpr std::array<std::string_view, kStatementCount> kSql = {
    "SELECT docid FROM search_documents"
    " WHERE record_type = ?1 AND record_id = ?2",
    "INSERT INTO search_documents (record_type, record_id, label)"
    " VALUES (?1, ?2, ?3)",
    "UPDATE search_documents SET label = ?2 WHERE docid = ?1",
    "DELETE FROM search_fts WHERE docid = ?1",
    "INSERT INTO search_fts (docid, names, title, places, body, keys)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "DELETE FROM search_documents WHERE docid = ?1",
};

// fv_bm25(matchinfo(search_fts, 'pcnalx')): the rank of one match.
void Bm25Function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
    sqlite3_result_double(context, 0);
    return;
  }
  const void* blob = sqlite3_value_blob(argv[0]);
  const size_t bytes = static_cast<size_t>(sqlite3_value_bytes(argv[0]));
  // matchinfo's blob is an array of native 32-bit unsigned integers; copy
  // it rather than assume the blob is aligned.
  std::vector<uint32_t> values(bytes / sizeof(uint32_t));
  if (!values.empty()) std::memcpy(values.data(), blob, values.size() * 4);
  sqlite3_result_double(context,
                        Bm25FromMatchinfo(values, kColumnWeights));
}

std::string Join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined += '\n';
    joined += part;
  }
  return joined;
}

}  // namespace

Status CreateSearchSchema(Database& db) {
  return db.Exec(
      "CREATE TABLE IF NOT EXISTS search_documents ("
      "  docid INTEGER PRIMARY KEY,"
      "  record_type TEXT NOT NULL,"
      "  record_id TEXT NOT NULL,"
      "  label TEXT NOT NULL,"
      "  UNIQUE (record_type, record_id));"
      "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts4("
      "  names, title, places, body, keys,"
      "  tokenize=unicode61 \"remove_diacritics=1\");");
}

Result<SearchIndex> SearchIndex::Create(Database& db,
                                        const NameNormalizer& normalizer) {
  int rc = sqlite3_create_function(
      db.handle(), "fv_bm25", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
      Bm25Function, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return Status::IoError("cannot register the search ranking function");
  }
  SearchIndex index(db, normalizer);
  index.statements_.resize(kStatementCount);
  return index;
}

Result<Statement*> SearchIndex::Prepared(int index, std::string_view sql) {
  std::optional<Statement>& slot = statements_[index];
  if (!slot) {
    FV_ASSIGN_OR_RETURN(Statement statement, db_->Prepare(sql));
    slot.emplace(std::move(statement));
  }
  FV_RETURN_IF_ERROR(slot->Reset());
  return &*slot;
}

Result<std::string> SearchIndex::KeysOf(const std::vector<std::string>& texts,
                                        bool cache) {
  std::string keys;
  for (const std::string& text : texts) {
    if (text.empty()) continue;
    std::string key;
    auto cached = cache ? key_cache_.find(text) : key_cache_.end();
    if (cached != key_cache_.end()) {
      key = cached->second;
    } else {
      auto computed = normalizer_->MatchKey(text);
      if (!computed.ok()) {
        // Text without letters (e.g. "-") has no key; anything else that
        // fails (invalid UTF-8, a huge name) is the caller's error.
        if (computed.status().message().find("no letters") !=
            std::string::npos) {
          continue;
        }
        return computed.status();
      }
      key = std::move(computed).value();
      // Spelling variants too (Iurii, Yuriy: "iuri"), as the query looks
      // them up.
      if (std::string folds = ChangedFolds(key); !folds.empty()) {
        key += ' ';
        key += folds;
      }
      if (cache) {
        if (key_cache_.size() >= kKeyCacheLimit) key_cache_.clear();
        key_cache_.emplace(text, key);
      }
    }
    if (!keys.empty()) keys += '\n';
    keys += key;
  }
  return keys;
}

Status SearchIndex::IndexRecord(const SearchDocument& document) {
  return Index(document, true);
}

Status SearchIndex::IndexNewRecord(const SearchDocument& document) {
  return Index(document, false);
}

Status SearchIndex::Index(const SearchDocument& document, bool may_exist) {
  if (document.record_type.empty() || document.record_id.empty()) {
    return Status::InvalidArgument("a search document needs a type and id");
  }
  FV_ASSIGN_OR_RETURN(std::string name_keys, KeysOf(document.names, false));
  FV_ASSIGN_OR_RETURN(std::string place_keys, KeysOf(document.places, true));
  FV_ASSIGN_OR_RETURN(std::string title_keys, KeysOf({document.title}, true));
  std::string keys = Join({name_keys, place_keys, title_keys});

  bool exists = false;
  int64_t docid = 0;
  if (may_exist) {
    FV_ASSIGN_OR_RETURN(Statement * find, Prepared(kFindDocument, kSql[0]));
    FV_RETURN_IF_ERROR(find->BindText(1, document.record_type));
    FV_RETURN_IF_ERROR(find->BindText(2, document.record_id));
    FV_ASSIGN_OR_RETURN(exists, find->Step());
    docid = exists ? find->ColumnInt64(0) : 0;
    FV_RETURN_IF_ERROR(find->Reset());
  }
  if (exists) {
    FV_ASSIGN_OR_RETURN(Statement * update, Prepared(kUpdateLabel, kSql[2]));
    FV_RETURN_IF_ERROR(update->BindInt64(1, docid));
    FV_RETURN_IF_ERROR(update->BindText(2, document.label));
    FV_RETURN_IF_ERROR(update->Run());
    FV_ASSIGN_OR_RETURN(Statement * remove, Prepared(kDeleteText, kSql[3]));
    FV_RETURN_IF_ERROR(remove->BindInt64(1, docid));
    FV_RETURN_IF_ERROR(remove->Run());
  } else {
    FV_ASSIGN_OR_RETURN(Statement * insert,
                        Prepared(kInsertDocument, kSql[1]));
    FV_RETURN_IF_ERROR(insert->BindText(1, document.record_type));
    FV_RETURN_IF_ERROR(insert->BindText(2, document.record_id));
    FV_RETURN_IF_ERROR(insert->BindText(3, document.label));
    FV_RETURN_IF_ERROR(insert->Run());
    docid = db_->LastInsertRowId();
  }
  FV_ASSIGN_OR_RETURN(Statement * text, Prepared(kInsertText, kSql[4]));
  FV_RETURN_IF_ERROR(text->BindInt64(1, docid));
  FV_RETURN_IF_ERROR(text->BindText(2, Join(document.names)));
  FV_RETURN_IF_ERROR(text->BindText(3, document.title));
  FV_RETURN_IF_ERROR(text->BindText(4, Join(document.places)));
  FV_RETURN_IF_ERROR(text->BindText(5, document.body));
  FV_RETURN_IF_ERROR(text->BindText(6, keys));
  return text->Run();
}

Status DropRemovedSearchText(Database& db) {
  return db.Exec("INSERT INTO search_fts(search_fts) VALUES('optimize')");
}

Status SearchIndex::RemoveRecord(std::string_view record_type,
                                 std::string_view record_id) {
  FV_ASSIGN_OR_RETURN(Statement * find, Prepared(kFindDocument, kSql[0]));
  FV_RETURN_IF_ERROR(find->BindText(1, record_type));
  FV_RETURN_IF_ERROR(find->BindText(2, record_id));
  FV_ASSIGN_OR_RETURN(bool exists, find->Step());
  if (!exists) return Status::Ok();
  const int64_t docid = find->ColumnInt64(0);
  FV_RETURN_IF_ERROR(find->Reset());
  for (int index : {kDeleteText, kDeleteDocument}) {
    FV_ASSIGN_OR_RETURN(Statement * remove, Prepared(index, kSql[index]));
    FV_RETURN_IF_ERROR(remove->BindInt64(1, docid));
    FV_RETURN_IF_ERROR(remove->Run());
  }
  return Status::Ok();
}

// One query for all snippets: each MATCH reads the terms' whole doclists,
// which for a common word in a big vault costs milliseconds.
Status SearchIndex::AddSnippets(const std::string& match,
                                const std::vector<int64_t>& docids,
                                std::vector<SearchHit>& hits) {
  if (docids.empty()) return Status::Ok();
  std::string sql =
      "SELECT docid, snippet(search_fts, '[', ']', '...', -1, 12)"
      " FROM search_fts WHERE search_fts MATCH ?1 AND docid IN (";
  for (size_t i = 0; i < docids.size(); ++i) {
    sql += (i == 0 ? "?" : ", ?") + std::to_string(i + 2);
  }
  sql += ")";
  FV_ASSIGN_OR_RETURN(Statement snippets, db_->Prepare(sql));
  FV_RETURN_IF_ERROR(snippets.BindText(1, match));
  for (size_t i = 0; i < docids.size(); ++i) {
    FV_RETURN_IF_ERROR(
        snippets.BindInt64(static_cast<int>(i + 2), docids[i]));
  }
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, snippets.Step());
    if (!row) return Status::Ok();
    const int64_t docid = snippets.ColumnInt64(0);
    for (size_t i = 0; i < docids.size(); ++i) {
      if (docids[i] == docid) hits[i].snippet = snippets.ColumnText(1);
    }
  }
}

Result<std::vector<SearchHit>> SearchIndex::Search(
    std::string_view query, const SearchOptions& options, SearchStats* stats) {
  FV_ASSIGN_OR_RETURN(std::string match,
                      BuildMatchExpression(query, *normalizer_));
  // The inner query takes the most recent matches (FTS4 walks doclists in
  // docid order, so this stops early) and ranks them; the outer one keeps
  // the best. Snippets are costly, so they are made afterwards for those
  // few only.
  std::string types;
  if (!options.record_types.empty()) {
    types = " JOIN search_documents t ON t.docid = search_fts.docid"
            " AND t.record_type IN (";
    for (size_t i = 0; i < options.record_types.size(); ++i) {
      types += (i == 0 ? "?" : ", ?") + std::to_string(i + 4);
    }
    types += ")";
  }
  const std::string candidates =
      "SELECT search_fts.docid AS docid,"
      " fv_bm25(matchinfo(search_fts, 'pcnalx')) AS score FROM search_fts" +
      types + " WHERE search_fts MATCH ?1 ORDER BY search_fts.docid DESC"
      " LIMIT ?3";
  FV_ASSIGN_OR_RETURN(
      Statement ranked,
      db_->Prepare("SELECT r.docid, d.record_type, d.record_id, d.label,"
                   " r.score FROM (" + candidates + ") r"
                   " JOIN search_documents d ON d.docid = r.docid"
                   " ORDER BY r.score DESC, r.docid DESC LIMIT ?2"));
  FV_RETURN_IF_ERROR(ranked.BindText(1, match));
  FV_RETURN_IF_ERROR(
      ranked.BindInt64(2, static_cast<int64_t>(options.limit)));
  FV_RETURN_IF_ERROR(
      ranked.BindInt64(3, static_cast<int64_t>(kMaxRankedMatches)));
  for (size_t i = 0; i < options.record_types.size(); ++i) {
    FV_RETURN_IF_ERROR(
        ranked.BindText(static_cast<int>(i + 4), options.record_types[i]));
  }
  std::vector<SearchHit> hits;
  std::vector<int64_t> docids;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, ranked.Step());
    if (!row) break;
    docids.push_back(ranked.ColumnInt64(0));
    hits.push_back({ranked.ColumnText(1), ranked.ColumnText(2),
                    ranked.ColumnText(3), "", ranked.ColumnDouble(4)});
  }
  FV_RETURN_IF_ERROR(AddSnippets(match, docids, hits));
  if (stats != nullptr) {
    FV_ASSIGN_OR_RETURN(
        Statement count,
        db_->Prepare("SELECT count(*) FROM (SELECT docid FROM search_fts"
                     " WHERE search_fts MATCH ?1 LIMIT ?2)"));
    FV_RETURN_IF_ERROR(count.BindText(1, match));
    FV_RETURN_IF_ERROR(
        count.BindInt64(2, static_cast<int64_t>(kMaxRankedMatches) + 1));
    FV_ASSIGN_OR_RETURN(bool row, count.Step());
    stats->capped =
        row && count.ColumnInt64(0) > static_cast<int64_t>(kMaxRankedMatches);
  }
  return hits;
}

}  // namespace fieldvault::core
