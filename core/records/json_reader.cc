#include "core/records/json_reader.h"

#include "core/records/validation.h"

namespace fieldvault::core {

using nlohmann::json;

JsonReader::JsonReader(const json& object, std::string what)
    : object_(object), what_(std::move(what)) {
  if (!object_.is_object()) {
    status_ = Status::InvalidArgument(what_ + ": expected a JSON object");
  }
}

void JsonReader::Fail(std::string_view key, std::string_view what) {
  if (!status_.ok()) return;
  status_ = Status::InvalidArgument(what_ + ": field '" + std::string(key) +
                                    "' " + std::string(what));
}

const json* JsonReader::Get(std::string_view key) {
  known_.emplace(key);
  if (!status_.ok()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

const json* JsonReader::Find(std::string_view key) { return Get(key); }

void JsonReader::Text(std::string_view key, std::string* out) {
  const json* value = Get(key);
  if (value == nullptr) return;
  if (!value->is_string()) return Fail(key, "must be text");
  *out = value->get_ref<const std::string&>();
}

void JsonReader::Int(std::string_view key, int64_t* out) {
  const json* value = Get(key);
  if (value == nullptr) return;
  if (!value->is_number_integer()) return Fail(key, "must be an integer");
  if (value->is_number_unsigned() &&
      value->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return Fail(key, "is too large");
  }
  *out = value->get<int64_t>();
}

void JsonReader::OptionalInt(std::string_view key,
                             std::optional<int64_t>* out) {
  if (Find(key) == nullptr) return;
  int64_t value = 0;
  Int(key, &value);
  if (status_.ok()) *out = value;
}

void JsonReader::Number(std::string_view key, double* out) {
  const json* value = Get(key);
  if (value == nullptr) return;
  if (!value->is_number()) return Fail(key, "must be a number");
  *out = value->get<double>();
}

void JsonReader::Bool(std::string_view key, bool* out) {
  const json* value = Get(key);
  if (value == nullptr) return;
  if (!value->is_boolean()) return Fail(key, "must be true or false");
  *out = value->get<bool>();
}

void JsonReader::Timestamp(std::string_view key, int64_t* out) {
  std::string text;
  Text(key, &text);
  if (!status_.ok() || text.empty()) return;
  Result<int64_t> micros = ParseTimestamp(text);
  if (!micros.ok()) return Fail(key, "is not an RFC 3339 UTC timestamp");
  *out = *micros;
}

void JsonReader::Date(std::string_view key, PartialDate* out) {
  const json* value = Get(key);
  if (value == nullptr) return;
  JsonReader inner(*value, what_ + "." + std::string(key));
  std::string text, precision = "unknown";
  inner.Text("value", &text);
  inner.Text("precision", &precision);
  Status status = inner.Finish();
  if (!status.ok()) {
    if (status_.ok()) status_ = status;
    return;
  }
  Result<PartialDate> date = PartialDate::Parse(text);
  if (!date.ok()) {
    if (status_.ok()) status_ = date.status().WithContext(what_);
    return;
  }
  if (DatePrecisionName(date->precision()) != precision) {
    return Fail(key, "has a precision that does not match its value");
  }
  *out = *date;
}

void JsonReader::TextList(std::string_view key,
                          std::vector<std::string>* out) {
  Array(key, [&](const json& element, size_t) {
    if (!element.is_string()) {
      return Status::InvalidArgument(what_ + ": field '" + std::string(key) +
                                     "' must list only text");
    }
    out->push_back(element.get<std::string>());
    return Status::Ok();
  });
}

void JsonReader::Array(
    std::string_view key,
    const std::function<Status(const json&, size_t)>& each) {
  const json* value = Get(key);
  if (value == nullptr) return;
  if (!value->is_array()) return Fail(key, "must be a list");
  if (value->size() > kMaxListSize) return Fail(key, "has too many entries");
  for (size_t i = 0; i < value->size() && status_.ok(); ++i) {
    status_ = each((*value)[i], i);
  }
}

Status JsonReader::Finish() {
  if (!status_.ok()) return status_;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (known_.find(it.key()) == known_.end()) {
      return Status::InvalidArgument(what_ + ": unknown field '" + it.key() +
                                     "'")
          .WithHint("the data may come from a newer fieldvault; upgrade");
    }
  }
  return Status::Ok();
}

json DateToJson(const PartialDate& date) {
  json out(json::value_t::object);
  out["value"] = date.text();
  out["precision"] = DatePrecisionName(date.precision());
  return out;
}

}  // namespace fieldvault::core
