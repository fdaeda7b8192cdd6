#include "core/records/json_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>

namespace fieldvault::core {
namespace {

using nlohmann::json;

std::string Nlohmann(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Every stored body was written by nlohmann's dump: CompactJson must give
// the same bytes.
TEST(JsonTextTest, SameBytesAsNlohmannForEveryKindOfValue) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const json values[] = {
      json::object(), json::array(), nullptr, true, false, 0, -1,
      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
      std::numeric_limits<uint64_t>::max(), 43.238949, -0.0, 1e100, 5e-324,
      "", "plain", "quote \" backslash \\ slash /",
      "\b\t\n\f\r\x01\x1f\x7f", std::string("nul\0byte", 8),
      "Тестова Примерхан", "Площадь Синтетики é 𝕏",
      "invalid \xFF utf-8 \xC0\xAF and \xED\xA0\x80", "Тест\xD0", every_byte,
      json::array({1, "two", nullptr, json::array(), json::object()}),
      json::object({{"b", 1}, {"a", json::array({"x\n", 2.5})}, {"é", "z"},
                    {"\x01key", false}}),
      json::binary({1, 2, 3}),
  };
  for (const json& value : values) {
    EXPECT_EQ(CompactJson(value), Nlohmann(value)) << Nlohmann(value);
  }
}

// Random documents of the shapes records take, with random bytes in
// their strings (ASCII, UTF-8 and invalid sequences alike).
TEST(JsonTextTest, SameBytesAsNlohmannForRandomDocuments) {
  std::mt19937_64 random(20200222);
  auto text = [&] {
    std::string s;
    const size_t length = random() % 12;
    for (size_t i = 0; i < length; ++i) {
      const uint64_t pick = random() % 4;
      if (pick == 0) s.push_back(static_cast<char>(random() % 256));
      else if (pick == 1) s += "Тё";
      else s.push_back(static_cast<char>(' ' + random() % 95));
    }
    return s;
  };
  std::function<json(int)> make = [&](int depth) -> json {
    switch (depth > 3 ? random() % 5 : random() % 7) {
      case 0: return text();
      case 1: return static_cast<int64_t>(random());
      case 2: return random() % 2 == 0;
      case 3: return nullptr;
      case 4: return static_cast<double>(random() % 100000) / 7;
      case 5: {
        json array = json::array();
        for (uint64_t i = random() % 4; i > 0; --i) array.push_back(make(depth + 1));
        return array;
      }
      default: {
        json object = json::object();
        for (uint64_t i = random() % 5; i > 0; --i) object[text()] = make(depth + 1);
        return object;
      }
    }
  };
  for (int i = 0; i < 2000; ++i) {
    const json value = make(0);
    ASSERT_EQ(CompactJson(value), Nlohmann(value)) << Nlohmann(value);
  }
}

}  // namespace
}  // namespace fieldvault::core
