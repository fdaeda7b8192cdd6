#include "core/records/json_text.h"

#include <charconv>

namespace fieldvault::core {
namespace {

using nlohmann::json;

// nlohmann's own text, for the cases this file does not write itself.
void AppendByNlohmann(const json& value, std::string& out) {
  out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// `text` between quotes, escaped as nlohmann escapes ASCII: the two-letter
// escapes for \b \t \n \f \r " and backslash, \u00xx (lowercase hex) for
// the other control characters, everything else (DEL included) as is.
// Returns false, having written nothing, when `text` is not all ASCII.
bool AppendAsciiString(const std::string& text, std::string& out) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0x0f]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return true;
}

void AppendString(const std::string& text, std::string& out) {
  if (!AppendAsciiString(text, out)) AppendByNlohmann(json(text), out);
}

template <typename Integer>
void AppendInteger(Integer value, std::string& out) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

}  // namespace

void AppendCompactJson(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(key, out);
        out.push_back(':');
        AppendCompactJson(member, out);
      }
      out.push_back('}');
      return;
    }
    case json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const json& element : value) {
        if (!first) out.push_back(',');
        first = false;
        AppendCompactJson(element, out);
      }
      out.push_back(']');
      return;
    }
    case json::value_t::string:
      AppendString(value.get_ref<const std::string&>(), out);
      return;
    case json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case json::value_t::null:
      out += "null";
      return;
    case json::value_t::number_integer:
      AppendInteger(value.get<json::number_integer_t>(), out);
      return;
    case json::value_t::number_unsigned:
      AppendInteger(value.get<json::number_unsigned_t>(), out);
      return;
    default:  // floating point, binary, discarded
      AppendByNlohmann(value, out);
      return;
  }
}

std::string CompactJson(const json& value) {
  std::string out;
  out.reserve(1024);
  AppendCompactJson(value, out);
  return out;
}

}  // namespace fieldvault::core
