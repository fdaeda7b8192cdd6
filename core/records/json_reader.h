// A strict reader of one JSON object into record fields (internal to
// core/records/). Used for JSON that may come from another vault, so every
// type is checked before it is read (no nlohmann exception is ever thrown),
// the first problem is kept with the field's name, and Finish() rejects
// fields the format does not define, so nothing is silently dropped.
// Missing fields keep the value the caller set before.
#ifndef FIELDVAULT_CORE_RECORDS_JSON_READER_H_
#define FIELDVAULT_CORE_RECORDS_JSON_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/records/partial_date.h"
#include "crypto/status.h"

namespace fieldvault::core {

class JsonReader {
 public:
  // `what` names the object in errors, e.g. "incident".
  JsonReader(const nlohmann::json& object, std::string what);

  void Text(std::string_view key, std::string* out);
  void Int(std::string_view key, int64_t* out);
  void OptionalInt(std::string_view key, std::optional<int64_t>* out);
  void Number(std::string_view key, double* out);
  void Bool(std::string_view key, bool* out);
  void Timestamp(std::string_view key, int64_t* out);
  // {"value": "2020-02-22", "precision": "day"}; precision must match.
  void Date(std::string_view key, PartialDate* out);
  void TextList(std::string_view key, std::vector<std::string>* out);
  // Calls `each` with every element of the array at `key`; stops at the
  // first error it returns.
  void Array(std::string_view key,
             const std::function<Status(const nlohmann::json&, size_t)>& each);
  // The value at `key` when present and not null, else nullptr (marks the
  // key as known).
  const nlohmann::json* Find(std::string_view key);

  // OK, or the first error; also fails on keys no call above asked for.
  Status Finish();

 private:
  const nlohmann::json* Get(std::string_view key);
  void Fail(std::string_view key, std::string_view what);

  const nlohmann::json& object_;
  std::string what_;
  std::set<std::string, std::less<>> known_;
  Status status_;
};

// Writes a PartialDate as {"value": ..., "precision": ...}.
nlohmann::json DateToJson(const PartialDate& date);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_JSON_READER_H_
