// Meta-field helpers shared by the record_json*.cc files (not a public API).
#ifndef FIELDVAULT_CORE_RECORDS_RECORD_JSON_INTERNAL_H_
#define FIELDVAULT_CORE_RECORDS_RECORD_JSON_INTERNAL_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/records/json_reader.h"
#include "core/records/model.h"

namespace fieldvault::core {

// {"type": type, "id": ..., ...}: the first fields of every record object.
nlohmann::json MetaToJson(std::string_view type, const RecordMeta& meta);
// Reads the meta fields, and the "type" field into `type`.
void ReadMeta(JsonReader& reader, RecordMeta* meta, std::string* type);
// Reads the edit counts into `meta` (from the version and creator when a
// record written before they existed has none: LegacyEdits), finishes
// `reader`, then checks that `actual_type` is `type`, that the id and the
// version are well formed and that the version is the sum of the counts.
Status FinishRecord(JsonReader& reader, std::string_view type,
                    std::string_view actual_type, RecordMeta* meta);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_RECORD_JSON_INTERNAL_H_
