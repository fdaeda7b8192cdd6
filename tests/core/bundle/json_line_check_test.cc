// IsJsonText gives nlohmann::json::accept's answer for every text, and its
// quick scanner vouches only for texts accept() takes: checked on named
// edge cases and on many mutations of synthetic records.
#include "core/bundle/json_line_check.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fieldvault::core::bundle {
namespace {

bool Accepted(const std::string& text) { return nlohmann::json::accept(text); }

// The same answer as accept(), and the scanner never vouches for a text
// accept() refuses.
void ExpectAgrees(const std::string& text) {
  const bool accepted = Accepted(text);
  EXPECT_EQ(IsJsonText(text), accepted) << "text: " << text;
  if (!accepted) {
    EXPECT_FALSE(QuickJsonCheck(text)) << "text: " << text;
  }
}

// A record as the vault stores it: nlohmann's own compact dump.
std::string SyntheticRecord(int i) {
  nlohmann::json record = {
      {"id", "00000000-0000-4000-8000-" + std::to_string(100000000000 + i)},
      {"type", "detention"},
      {"names", {"Synthetic Person " + std::to_string(i), "Синтетический ✓", "合成"}},
      {"size", i},
      {"negative", -i},
      {"ratio", i / 8.0},
      {"flags", {true, false, nullptr}},
      {"nested", {{"empty_object", nlohmann::json::object()},
                  {"empty_array", nlohmann::json::array()},
                  {"note", "tab\tquote\"backslash\\ control\x01 end"}}}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(JsonLineCheckTest, StoredRecordsAreVouchedForByTheQuickScanner) {
  for (int i = 0; i < 200; ++i) {
    const std::string record = SyntheticRecord(i);
    EXPECT_TRUE(QuickJsonCheck(record)) << record;
    EXPECT_TRUE(IsJsonText(record)) << record;
  }
}

TEST(JsonLineCheckTest, NamedEdgeCasesGetAcceptsAnswer) {
  const std::vector<std::string> cases = {
      // Valid, vouched for or left to accept().
      "{}", "[]", "0", "-0", "1.5", "-12.25", "\"\"", "true", "false", "null",
      " \t\r\n{ \"a\" : [ 1 , 2 ] } \t", "[[[[[[]]]]]]", "\"\\u0000\\u00e9\\/\"",
      "\"\x7f\"", "1e5", "1E+5", "-1e-5", "1e999", "-1e999", "1e-999",
      std::string(400, '9'), std::string("1").append(299, '0'),
      "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"",
      "\xEF\xBB\xBF{}", std::string(100, '[') + std::string(100, ']'),
      "{\"a\":1,\"a\":2}",
      // Invalid.
      "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\"}", "{1:2}", "[1 2]",
      "01", "-", "1.", ".5", "+1", "1e", "0x10", "tru", "truex", "nul", "NaN",
      "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"tab\tinside\"",
      std::string("\"nul\0\"", 6), std::string("[1]\0", 4), "[1] x", "{} {}",
      "/* c */ {}", "{\"a\":1}//", "'single'",
      // UTF-8: well-formed, then overlong, surrogates, beyond U+10FFFF, cut.
      "\"\xC3\xA9\"", "\"\xE2\x9C\x93\"", "\"\xF0\x9F\x98\x80\"", "\"\xF4\x8F\xBF\xBF\"",
      "\"\xC0\xAF\"", "\"\xC1\xBF\"", "\"\xE0\x80\xAF\"", "\"\xE0\x9F\xBF\"",
      "\"\xED\xA0\x80\"", "\"\xED\xBF\xBF\"", "\"\xF0\x80\x80\xAF\"",
      "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xFF\"", "\"\x80\"",
      "\"\xC3\"", "\"\xE2\x9C\"", "\"\xF0\x9F\x98\"", "\"\xC3\x28\"",
  };
  for (const std::string& text : cases) ExpectAgrees(text);
}

// Replaces, inserts and deletes bytes drawn mostly from JSON's own
// alphabet and UTF-8's edge bytes, so that mutants land near the border
// between valid and invalid.
std::string Mutate(std::string text, std::mt19937& random) {
  static const std::string kAlphabet =
      std::string("\"\\/{}[],:0123456789-+.eEuUtrfalsn \t\r\nDdBbAaFf") +
      std::string("\x00\x01\x1f\x7f\x80\x8f\x90\x9f\xa0\xbf\xc0\xc1\xc2\xdf"
                  "\xe0\xed\xef\xf0\xf4\xf5\xff", 21);
  std::uniform_int_distribution<int> edits(1, 4);
  const int count = edits(random);
  for (int e = 0; e < count; ++e) {
    const size_t at = text.empty() ? 0 : random() % (text.size() + 1);
    const char c = kAlphabet[random() % kAlphabet.size()];
    switch (random() % 4) {
      case 0: if (at < text.size()) text[at] = c; break;
      case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
      case 2: if (at < text.size()) text.erase(at, 1); break;
      default: text.resize(at); break;  // cut short
    }
  }
  return text;
}

TEST(JsonLineCheckTest, MutatedRecordsGetAcceptsAnswer) {
  std::mt19937 random(20261130);
  const std::vector<std::string> seeds = {
      SyntheticRecord(7), "{\"a\":[1,-2.5,\"\\u00e9\\n\",true,null]}",
      "\"\xE2\x9C\x93 \xF0\x9F\x98\x80 \\ud83d\\ude00\"", "[0,1.25,-0.5,12345678901234567890]"};
  size_t vouched = 0, refused = 0;
  for (int round = 0; round < 40000; ++round) {
    const std::string text = Mutate(seeds[round % seeds.size()], random);
    ExpectAgrees(text);
    if (QuickJsonCheck(text)) ++vouched;
    if (!Accepted(text)) ++refused;
  }
  // Both sides of the border were reached.
  EXPECT_GT(vouched, 1000u);
  EXPECT_GT(refused, 1000u);
}

}  // namespace
}  // namespace fieldvault::core::bundle
