// Compact JSON text of a record body (internal to core/records/): the
// bytes vault.db stores in `body` and record_history.
//
// The output is byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) gives, which every stored
// body was written with; it is only faster for what records are made of
// (objects, arrays, ASCII strings, integers). Strings with non-ASCII bytes
// and floating-point numbers are written by nlohmann itself, so invalid
// UTF-8 is replaced exactly as before and numbers keep nlohmann's format.
#ifndef FIELDVAULT_CORE_RECORDS_JSON_TEXT_H_
#define FIELDVAULT_CORE_RECORDS_JSON_TEXT_H_

#include <string>

#include <nlohmann/json.hpp>

namespace fieldvault::core {

// Appends the compact text of `value` to `out`. Never throws.
void AppendCompactJson(const nlohmann::json& value, std::string& out);

// The compact text of `value`, as AppendCompactJson.
std::string CompactJson(const nlohmann::json& value);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_JSON_TEXT_H_
