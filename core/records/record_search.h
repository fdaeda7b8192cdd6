// What each record type contributes to the search index
// (core/search/search_index.h): names, title, places and long text, read
// from the record's canonical JSON (record_json.h) so that records written
// by the store and records received in bundles are indexed alike.
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_SEARCH_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_SEARCH_H_

#include <nlohmann/json.hpp>

#include "core/search/search_index.h"

namespace fieldvault::core {

// The search document of the record `body`. Fields missing from `body`
// are left empty; never fails.
SearchDocument SearchDocumentFor(const nlohmann::json& body);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_SEARCH_H_
