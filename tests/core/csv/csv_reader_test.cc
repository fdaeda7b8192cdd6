#include "core/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fieldvault::core {
namespace {

struct Parsed {
  Status status;                  // the first fatal error, or OK
  char delimiter = 0;
  std::vector<CsvRow> rows;       // rows returned before any fatal error
};

Parsed Parse(const std::string& text, CsvReaderOptions options = {}) {
  crypto::MemorySource source(crypto::AsBytes(text));
  Parsed parsed;
  auto reader = CsvReader::Open(source, options);
  if (!reader.ok()) {
    parsed.status = reader.status();
    return parsed;
  }
  parsed.delimiter = (*reader)->delimiter();
  CsvRow row;
  while (true) {
    auto more = (*reader)->Next(row);
    if (!more.ok()) {
      parsed.status = more.status();
      break;
    }
    if (!*more) break;
    parsed.rows.push_back(row);
  }
  return parsed;
}

std::vector<std::string> Fields(std::initializer_list<const char*> list) {
  return std::vector<std::string>(list.begin(), list.end());
}

TEST(CsvReaderTest, ReadsQuotedFieldsWithCommasQuotesAndNewlines) {
  Parsed p = Parse(
      "name,notes\r\n"
      "\"Testova, Primer\",\"said \"\"stop\"\"\"\r\n"
      "Testov,\"two\nlines\"\r\n"
      "Primerov,plain\r\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.delimiter, ',');
  ASSERT_EQ(p.rows.size(), 4u);
  EXPECT_EQ(p.rows[1].fields, Fields({"Testova, Primer", "said \"stop\""}));
  EXPECT_EQ(p.rows[2].fields, Fields({"Testov", "two\nlines"}));
  // Line numbers are physical lines: the embedded newline counts.
  EXPECT_EQ(p.rows[0].line, 1);
  EXPECT_EQ(p.rows[1].line, 2);
  EXPECT_EQ(p.rows[2].line, 3);
  EXPECT_EQ(p.rows[3].line, 5);
}

TEST(CsvReaderTest, DetectsSemicolonsAndSkipsBomAndEmptyLines) {
  Parsed p = Parse("\xEF\xBB\xBFname;place\n\nТестова;\"Abay, 10\"\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.delimiter, ';');
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[0].fields, Fields({"name", "place"}));
  EXPECT_EQ(p.rows[1].fields, Fields({"Тестова", "Abay, 10"}));
  EXPECT_EQ(p.rows[1].line, 3);
}

TEST(CsvReaderTest, DelimiterCanBeForced) {
  Parsed p = Parse("a;b,c\n", {.delimiter = ','});
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows[0].fields, Fields({"a;b", "c"}));
  EXPECT_EQ(Parse("a\n", {.delimiter = '\t'}).status.code(),
            StatusCode::kInvalidArgument);
}

TEST(CsvReaderTest, TrimsSpacesAroundUnquotedFieldsOnly) {
  Parsed p = Parse("a , \" b \" ,c\n");
  ASSERT_TRUE(p.status.ok());
  EXPECT_EQ(p.rows[0].fields, Fields({"a", " b ", "c"}));
}

TEST(CsvReaderTest, LastLineWithoutNewline) {
  Parsed p = Parse("a,b\n1,2");
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[1].fields, Fields({"1", "2"}));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorWithItsLine) {
  Parsed p = Parse("name,notes\nTestov,ok\nPrimerov,\"never closed\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message(), "line 3: a quoted field is never closed");
  EXPECT_EQ(p.rows.size(), 2u);
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  Parsed p = Parse("a,b\n\"x\"y,z\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status.message().find("line 2:"), std::string::npos)
      << p.status.message();
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsAnError) {
  Parsed p = Parse("a,b\n1,2\nTest\"ov,z\n");
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status.message().find("line 3:"), std::string::npos)
      << p.status.message();
}

TEST(CsvReaderTest, InvalidUtf8IsARowProblemAndReadingGoesOn) {
  Parsed p = Parse("name,place\nTest\xFFov,here\nPrimerov,there\n");
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.rows.size(), 3u);
  EXPECT_FALSE(p.rows[1].problem.ok());
  EXPECT_EQ(p.rows[1].problem.message(),
            "line 2, column 1: is not valid UTF-8");
  EXPECT_TRUE(p.rows[2].problem.ok());
}

TEST(CsvReaderTest, NulByteIsARowProblem) {
  Parsed p = Parse(std::string("name,place\nTestov,he\0re\n", 23));
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_EQ(p.rows[1].problem.message(),
            "line 2, column 2: contains a NUL byte");
}

TEST(CsvReaderTest, Utf16IsRefused) {
  Parsed p = Parse(std::string("\xFF\xFEn\0a\0", 6));
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.status.message().find("UTF-16"), std::string::npos);
}

TEST(CsvReaderTest, OneMegabyteFieldIsAClearError) {
  std::string text = "name,notes\nTestov," + std::string(1 << 20, 'x') + "\n";
  Parsed p = Parse(text);
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message(), "line 2: a field is longer than 64 KiB");
  // Quoted, and spread over many lines: still refused, at the row's line.
  std::string lines;
  for (int i = 0; i < 20000; ++i) lines += "abcdefghij\n";
  p = Parse("name\n\"" + lines + "\"\n");
  EXPECT_EQ(p.status.message(), "line 2: a field is longer than 64 KiB");
}

TEST(CsvReaderTest, UnclosedQuoteOverAHugeFileStopsAtTheFieldLimit) {
  std::string text = "name\n\"" + std::string(8 << 20, 'y');
  Parsed p = Parse(text);
  EXPECT_EQ(p.status.message(), "line 2: a field is longer than 64 KiB");
}

TEST(CsvReaderTest, HundredThousandColumnsIsAClearError) {
  std::string header;
  for (int i = 0; i < 100000; ++i) header += "c,";
  header += "c\n";
  Parsed p = Parse(header);
  EXPECT_EQ(p.status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status.message(), "line 1: more than 256 columns");
}

TEST(CsvReaderTest, ExactLimitsAreAccepted) {
  std::string header;
  for (int i = 0; i < 255; ++i) header += "c,";
  header += "c\n";
  std::string row(kCsvMaxFieldBytes, 'z');
  Parsed p = Parse(header + row + "\n");
  ASSERT_TRUE(p.status.ok()) << p.status.ToString();
  EXPECT_EQ(p.rows[0].fields.size(), 256u);
  EXPECT_EQ(p.rows[1].fields[0].size(), kCsvMaxFieldBytes);
}

TEST(CsvReaderTest, EmptyInputHasNoRows) {
  Parsed p = Parse("");
  ASSERT_TRUE(p.status.ok());
  EXPECT_TRUE(p.rows.empty());
}

TEST(CsvReaderTest, ManyRowsAcrossReadBuffers) {
  std::string text = "name,n\n";
  for (int i = 0; i < 20000; ++i) {
    text += "\"Testov " + std::to_string(i) + "\"," + std::to_string(i) + "\n";
  }
  Parsed p = Parse(text);
  ASSERT_TRUE(p.status.ok());
  ASSERT_EQ(p.rows.size(), 20001u);
  EXPECT_EQ(p.rows[12345].fields[1], "12344");
  EXPECT_EQ(p.rows[12345].line, 12346);
}

}  // namespace
}  // namespace fieldvault::core
