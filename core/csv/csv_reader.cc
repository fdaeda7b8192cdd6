#include "core/csv/csv_reader.h"

#include <csv.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <string_view>

#include "core/text/legacy_encoding.h"
#include "core/text/utf8.h"

namespace fieldvault::core {
namespace {

constexpr size_t kReadBytes = 64 * 1024;
// libcsv's state before the first byte of a row; the state field is part of
// its public struct (csv.h) and 0 is ROW_NOT_BEGUN in every 3.x release.
constexpr int kRowNotBegun = 0;

std::string LinePrefix(int64_t line) {
  return "line " + std::to_string(line) + ": ";
}

// Counts delimiters outside quotes on the first line of `head`.
char DetectDelimiter(std::string_view head) {
  size_t commas = 0;
  size_t semicolons = 0;
  bool quoted = false;
  for (char c : head) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace

// libcsv's push parser plus the rows it has completed. The callbacks only
// record; limits are enforced between the bounded pieces Feed hands over,
// so libcsv never buffers more than one field plus one piece.
struct CsvReader::Parser {
  csv_parser csv;
  size_t max_field_bytes;
  size_t max_columns;
  int64_t line = 1;  // physical line of the next byte given to libcsv
  int64_t row_start_line = 1;
  CsvRow current;
  std::deque<CsvRow> ready;
  Status fatal;

  static void OnField(void* data, size_t size, void* self) {
    static_cast<Parser*>(self)->AddField(static_cast<const char*>(data), size);
  }
  static void OnRowEnd(int, void* self) {
    static_cast<Parser*>(self)->EndRow();
  }

  void AddField(const char* data, size_t size) {
    if (!fatal.ok()) return;
    if (current.fields.size() >= max_columns) {
      fatal = Status::InvalidArgument(
          LinePrefix(row_start_line) + "more than " +
          std::to_string(max_columns) + " columns");
      return;
    }
    if (size > max_field_bytes) {
      fatal = FieldTooLong();
      return;
    }
    std::string_view field(data == nullptr ? "" : data, size);
    if (current.problem.ok()) current.problem = CheckContent(field);
    current.fields.emplace_back(field);
  }

  Status CheckContent(std::string_view field) const {
    std::string where = "line " + std::to_string(row_start_line) +
                        ", column " +
                        std::to_string(current.fields.size() + 1) + ": ";
    if (std::memchr(field.data(), '\0', field.size()) != nullptr) {
      return Status::InvalidArgument(where + "contains a NUL byte")
          .WithHint("this is not a text file; export the sheet as CSV");
    }
    if (!IsAscii(field) &&
        FindInvalidUtf8(field) != std::string_view::npos) {
      const std::string_view guess = GuessLegacyEncoding(field);
      return Status::InvalidArgument(where + "is not valid UTF-8")
          .WithHint(std::string("save the file as UTF-8") +
                    (guess.empty() ? "" : " (it looks like " + std::string(guess) + ")") +
                    ": in Excel as \"CSV UTF-8\", in LibreOffice as \"Text CSV\" "
                    "with the character set \"Unicode (UTF-8)\"");
    }
    return Status::Ok();
  }

  void EndRow() {
    if (!fatal.ok()) return;
    current.line = row_start_line;
    ready.push_back(std::move(current));
    current = CsvRow();
    row_start_line = line;
  }

  Status FieldTooLong() const {
    return Status::InvalidArgument(LinePrefix(row_start_line) +
                                   "a field is longer than " +
                                   std::to_string(max_field_bytes / 1024) +
                                   " KiB")
        .WithHint("is a closing double quote missing?");
  }
};

CsvReader::CsvReader(crypto::ByteSource& source,
                     const CsvReaderOptions& options)
    : source_(source), options_(options) {}

CsvReader::~CsvReader() {
  if (parser_ != nullptr) csv_free(&parser_->csv);
}

Result<std::unique_ptr<CsvReader>> CsvReader::Open(
    crypto::ByteSource& source, const CsvReaderOptions& options) {
  if (options.delimiter != 0 && options.delimiter != ',' &&
      options.delimiter != ';') {
    return Status::InvalidArgument("the delimiter must be ',' or ';'");
  }
  std::unique_ptr<CsvReader> reader(new CsvReader(source, options));
  reader->buffer_.resize(kReadBytes);
  FV_ASSIGN_OR_RETURN(size_t n, crypto::ReadFull(source, reader->buffer_));
  reader->buffer_.resize(n);
  reader->source_done_ = n < kReadBytes;
  std::string_view head(reinterpret_cast<const char*>(reader->buffer_.data()),
                        n);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
    return Status::InvalidArgument("line 1: the file is UTF-16, not UTF-8")
        .WithHint("save the file as UTF-8: in Excel as \"CSV UTF-8\", not "
                  "\"Unicode Text\"");
  }
  if (head.starts_with("\xEF\xBB\xBF")) reader->buffer_start_ = 3;
  head.remove_prefix(reader->buffer_start_);
  reader->delimiter_ =
      options.delimiter != 0 ? options.delimiter : DetectDelimiter(head);

  auto parser = std::make_unique<Parser>();
  if (csv_init(&parser->csv, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return Status::IoError("out of memory starting the CSV reader");
  }
  csv_set_delim(&parser->csv, static_cast<unsigned char>(reader->delimiter_));
  parser->max_field_bytes = options.max_field_bytes;
  parser->max_columns = options.max_columns;
  reader->parser_ = std::move(parser);
  return reader;
}

Status CsvReader::Feed(const char* data, size_t size) {
  Parser& p = *parser_;
  while (size > 0) {
    // One physical line (or a 64 KiB part of a longer one) at a time, so
    // every row can be given the line it started on.
    const void* newline = std::memchr(data, '\n', std::min(size, kReadBytes));
    size_t piece = newline != nullptr
                       ? static_cast<const char*>(newline) - data + 1
                       : std::min(size, kReadBytes);
    if (p.csv.pstate == kRowNotBegun && p.current.fields.empty()) {
      p.row_start_line = p.line;
    }
    size_t parsed = csv_parse(&p.csv, data, piece, Parser::OnField,
                              Parser::OnRowEnd, &p);
    if (!p.fatal.ok()) return p.fatal;
    if (parsed < piece) {
      return Status::InvalidArgument(
                 LinePrefix(p.line) + "a double quote is out of place")
          .WithHint(
              "a field with quotes must be wholly inside double quotes, with "
              "each quote inside it doubled (\"\")");
    }
    if (newline != nullptr) ++p.line;
    if (p.csv.entry_pos > p.max_field_bytes) return p.FieldTooLong();
    data += piece;
    size -= piece;
  }
  return Status::Ok();
}

Status CsvReader::Finish() {
  Parser& p = *parser_;
  if (csv_fini(&p.csv, Parser::OnField, Parser::OnRowEnd, &p) != 0) {
    return Status::InvalidArgument(LinePrefix(p.row_start_line) +
                                   "a quoted field is never closed")
        .WithHint("add the missing closing double quote");
  }
  return p.fatal;
}

Status CsvReader::Fill() {
  if (buffer_start_ < buffer_.size()) {
    Status status = Feed(
        reinterpret_cast<const char*>(buffer_.data()) + buffer_start_,
                         buffer_.size() - buffer_start_);
    buffer_start_ = buffer_.size();
    return status;
  }
  if (source_done_) {
    finished_ = true;
    return Finish();
  }
  buffer_.resize(kReadBytes);
  FV_ASSIGN_OR_RETURN(size_t n, source_.Read(buffer_));
  buffer_.resize(n);
  buffer_start_ = 0;
  if (n == 0) source_done_ = true;
  return Status::Ok();
}

Result<bool> CsvReader::Next(CsvRow& row) {
  while (parser_->ready.empty()) {
    if (!error_.ok()) return error_;
    if (finished_) return false;
    error_ = Fill();
  }
  row = std::move(parser_->ready.front());
  parser_->ready.pop_front();
  return true;
}

}  // namespace fieldvault::core
