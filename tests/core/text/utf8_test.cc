#include "core/text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace fieldvault::core {
namespace {

constexpr size_t kValid = std::string_view::npos;

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FindInvalidUtf8(""), kValid);
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), kValid);
  EXPECT_EQ(FindInvalidUtf8("Тестова Әлия"), kValid);
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80"), kValid);  // U+1F600
  EXPECT_EQ(FindInvalidUtf8(std::string("a\0b", 3)), kValid);
}

TEST(Utf8Test, ReportsOffsetOfFirstBadSequence) {
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);             // lone continuation
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);           // overlong
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);   // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("Те\xD1"), 4u);             // truncated
  EXPECT_EQ(FindInvalidUtf8("\xFF"), 0u);
}

TEST(Utf8Test, FindsControlCharacters) {
  EXPECT_EQ(FindControlCharacter("line one\nline two\ttabbed\r\n"), kValid);
  EXPECT_EQ(FindControlCharacter("Тестова Әлия ©"), kValid);  // U+00A9: not C1
  EXPECT_EQ(FindControlCharacter("title\x1b[2J"), 5u);       // ESC
  EXPECT_EQ(FindControlCharacter(std::string("a\0b", 3)), 1u);
  EXPECT_EQ(FindControlCharacter("x\x7f"), 1u);               // DEL
  EXPECT_EQ(FindControlCharacter("ab\xC2\x9B" "2J"), 2u);     // U+009B CSI
  EXPECT_EQ(FindControlCharacter("\xC2\x85"), 0u);            // U+0085 NEL
  EXPECT_EQ(FindControlCharacter("paid\rPAID"), 4u);  // lone CR overprints
  EXPECT_EQ(FindControlCharacter("ends with\r"), 9u);
  EXPECT_EQ(FindControlCharacter("a\r\r\nb"), 1u);
}

TEST(Utf8Test, FindsControlCharactersInOneLine) {
  EXPECT_EQ(FindControlCharacterInLine("Тестова Әлия © 7"), kValid);
  EXPECT_EQ(FindControlCharacterInLine("line\nbreak"), 4u);
  EXPECT_EQ(FindControlCharacterInLine("tab\there"), 3u);
  EXPECT_EQ(FindControlCharacterInLine("cr\r"), 2u);
  EXPECT_EQ(FindControlCharacterInLine("title\x1b[2J"), 5u);
  EXPECT_EQ(FindControlCharacterInLine("ab\xC2\x9B" "2J"), 2u);
}

// The bidi embeddings, overrides and isolates reorder the rest of a line
// (U+202E prints "Released 23" as "32 desaeleR" and swaps table columns);
// Arabic and Hebrew text, and the marks U+200E/U+200F/U+061C, need none
// of them and stay accepted.
TEST(Utf8Test, FindsBidiEmbeddingsOverridesAndIsolates) {
  for (const char* control : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                              "\u2066", "\u2067", "\u2068", "\u2069"}) {
    const std::string text = std::string("ab") + control + "cd";
    EXPECT_EQ(FindControlCharacter(text), 2u) << text;
    EXPECT_EQ(FindControlCharacterInLine(text), 2u) << text;
  }
  EXPECT_EQ(FindControlCharacterInLine("\u0645\u0631\u062D\u0628\u0627 2020"), kValid);
  EXPECT_EQ(FindControlCharacterInLine("\u05E9\u05DC\u05D5\u05DD (7)"), kValid);
  EXPECT_EQ(FindControlCharacterInLine("\u05E9\u05DC\u05D5\u05DD\u200F 7\u200E"), kValid);
  EXPECT_EQ(FindControlCharacterInLine("\u0627\u061C 12"), kValid);
  // Neighbours in the same block are not controls.
  EXPECT_EQ(FindControlCharacterInLine("\u2020 \u202F \u2065 \u206A \u2014 \u200D"), kValid);
  // Cut short at the end: not a control (and not valid UTF-8 either,
  // which the caller checks first).
  EXPECT_EQ(FindControlCharacterInLine("ab\xE2\x80"), kValid);
}

TEST(Utf8Test, IsAscii) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("a long line of plain ascii text"));
  EXPECT_FALSE(IsAscii("a long line of plain ascii text\xC3\xA9"));
  EXPECT_FALSE(IsAscii("\x80"));
}

}  // namespace
}  // namespace fieldvault::core
