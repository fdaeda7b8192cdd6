// Full-text search over the vault's records: an SQLite FTS4 index (the
// unicode61 tokenizer with diacritics removed; SQLCipher 3.4.1 has no FTS5)
// kept up to date by the code that writes records.
//
// Each record is one search document with four weighted columns: its names
// (person names in every script), its title, its places, and its body
// (descriptions, statements, notes). A fifth column holds the match keys
// (core/names/match_key.h) of the names, places and title, so that `ivanov`
// finds `Иванов` and `Ёлкина` finds `Yelkina`, followed by the keys' words
// that spelling folding changes (core/names/spelling_fold.h), so that
// `Юрий` also finds `Yuriy` and `Iurii`; query words are looked up as
// typed, as match keys and as folded keys. The key of an ASCII text ("Republic Square",
// "SYN-002/2020") repeats its own words; that is kept on purpose, so that a
// word in the query's own script counts in two columns and outranks the
// same word reached only through another script's key. Results are ranked
// by Okapi BM25 computed from FTS4's matchinfo(), best first, and name the
// record type and id.
//
// Writers call IndexRecord after inserting or editing a record and
// RemoveRecord after deleting one, inside the same transaction, so the
// index never disagrees with the records. Everything lives in vault.db and
// so is encrypted with it.
#ifndef FIELDVAULT_CORE_SEARCH_SEARCH_INDEX_H_
#define FIELDVAULT_CORE_SEARCH_SEARCH_INDEX_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/db/database.h"
#include "core/names/match_key.h"
#include "crypto/status.h"

namespace fieldvault::core {

// What one record contributes to the index. Empty fields are fine.
struct SearchDocument {
  std::string record_type;  // "incident", "person", "detention", ...
  std::string record_id;    // the record's UUID
  std::string label;        // shown in results: a title or a name
  std::vector<std::string> names;   // every spelling of every name
  std::string title;
  std::vector<std::string> places;  // place, admin area, places of arrest...
  std::string body;                 // long text
};

struct SearchHit {
  std::string record_type;
  std::string record_id;
  std::string label;
  std::string snippet;  // matched words in [brackets], with context
  double score = 0;     // BM25, higher is better
};

struct SearchOptions {
  std::vector<std::string> record_types;  // empty = every type
  size_t limit = 20;
};

// At most this many matches are ranked: the most recently indexed ones.
// A query matching more (a common word in a million records) is too broad
// to rank usefully, and ranking every match would take seconds.
inline constexpr size_t kMaxRankedMatches = 1000;

struct SearchStats {
  bool capped = false;  // more than kMaxRankedMatches matched
};

// Creates the index tables (`search_documents`, `search_fts`). Called by
// the search migration; idempotent. kIoError from the database.
Status CreateSearchSchema(Database& db);

// Merges the index's segments into one. FTS4 keeps the words of a removed
// document in its older segments until they are merged; merging drops
// them, and secure_delete overwrites the freed pages. Rewrites the whole
// index (seconds for a large vault): for purges, not for every delete.
// Works inside the caller's transaction. kIoError.
Status DropRemovedSearchText(Database& db);

class SearchIndex {
 public:
  // Uses `db` and `normalizer`, which must outlive the index. Registers the
  // ranking function on the connection. kIoError if that fails.
  static Result<SearchIndex> Create(Database& db,
                                    const NameNormalizer& normalizer);

  // Adds `document`, or replaces the one with the same type and id.
  // kInvalidArgument for an empty type or id, or a name or place that is
  // not valid UTF-8; kIoError from the database. The caller owns the
  // transaction.
  Status IndexRecord(const SearchDocument& document);

  // Adds `document` for a record that was just created and so has no
  // document yet: as IndexRecord without the lookup of an existing one
  // (kIoError, a constraint failure, if there is one after all).
  Status IndexNewRecord(const SearchDocument& document);

  // Removes the document of (type, id); OK if there is none.
  Status RemoveRecord(std::string_view record_type, std::string_view record_id);

  // Finds the documents matching every word of `query` (each as typed or
  // as its match key; a trailing `*` matches prefixes), best first, among
  // the kMaxRankedMatches most recent matches. When `stats` is given, says
  // whether there were more (costs one more index lookup).
  // kInvalidArgument for a query with no words or invalid UTF-8.
  Result<std::vector<SearchHit>> Search(std::string_view query,
                                        const SearchOptions& options,
                                        SearchStats* stats = nullptr);

 private:
  SearchIndex(Database& db, const NameNormalizer& normalizer)
      : db_(&db), normalizer_(&normalizer) {}
  // Match keys of `texts`, space-separated. Keys of places and titles are
  // cached (bounded): they repeat across a detainee list.
  Result<std::string> KeysOf(const std::vector<std::string>& texts,
                             bool cache);
  Result<Statement*> Prepared(int index, std::string_view sql);
  Status Index(const SearchDocument& document, bool may_exist);
  Status AddSnippets(const std::string& match,
                     const std::vector<int64_t>& docids,
                     std::vector<SearchHit>& hits);

  Database* db_;
  const NameNormalizer* normalizer_;
  std::unordered_map<std::string, std::string> key_cache_;
  std::vector<std::optional<Statement>> statements_;  // prepared once
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_SEARCH_SEARCH_INDEX_H_
