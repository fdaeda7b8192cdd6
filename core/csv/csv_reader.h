// A strict, streaming RFC 4180 CSV reader on Debian's libcsv, for detainee
// lists that come from spreadsheets and so are untrusted input.
//
// What it accepts: quoted fields with embedded delimiters, doubled quotes
// and line breaks; LF or CRLF line ends; UTF-8 with or without a BOM; comma
// or semicolon delimiters, detected from the header line (the first row)
// unless given. What it refuses, with the physical line number and never a
// crash: a quote that is never closed, text after a closing quote, a field
// longer than the limit, a row with more columns than the limit, and UTF-16
// files. Invalid UTF-8 and NUL bytes are row problems: the row is returned
// with `problem` set so a caller can report every bad row, not just the
// first. Memory is bounded by the field and column limits and a 64 KiB read
// buffer, whatever the size of the file.
#ifndef FIELDVAULT_CORE_CSV_CSV_READER_H_
#define FIELDVAULT_CORE_CSV_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr size_t kCsvMaxFieldBytes = 64 * 1024;
inline constexpr size_t kCsvMaxColumns = 256;

struct CsvReaderOptions {
  // ',' or ';'; 0 means detect from the header line (whichever of the two
  // occurs more often there outside quotes; ',' when neither does).
  char delimiter = 0;
  size_t max_field_bytes = kCsvMaxFieldBytes;
  size_t max_columns = kCsvMaxColumns;
};

struct CsvRow {
  int64_t line = 0;  // physical line (1-based) where the row starts
  std::vector<std::string> fields;
  // OK, or why the row's content is unusable (invalid UTF-8, a NUL byte),
  // naming the 1-based column; the fields are still returned.
  Status problem;
};

class CsvReader {
 public:
  // Starts reading `source`, which must outlive the reader. Reads ahead
  // enough to skip a UTF-8 BOM and detect the delimiter. Errors:
  // kInvalidArgument for a delimiter other than ',' or ';' or a UTF-16
  // file; the source's read errors.
  static Result<std::unique_ptr<CsvReader>> Open(crypto::ByteSource& source,
                                                 const CsvReaderOptions& options);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The delimiter in use (given or detected).
  char delimiter() const { return delimiter_; }

  // Fills `row` with the next row and returns true, or returns false at the
  // end of the file. Empty lines are skipped. Errors (kInvalidArgument,
  // message "line N: ..."): malformed quoting, a field or a row over the
  // limits; the source's read errors. After an error the reader is done and
  // keeps returning that error.
  Result<bool> Next(CsvRow& row);

 private:
  struct Parser;
  CsvReader(crypto::ByteSource& source, const CsvReaderOptions& options);
  Status Fill();
  Status Feed(const char* data, size_t size);
  Status Finish();
  friend struct Parser;

  crypto::ByteSource& source_;
  CsvReaderOptions options_;
  char delimiter_ = ',';
  std::unique_ptr<Parser> parser_;
  std::vector<uint8_t> buffer_;  // bytes read but not yet given to libcsv
  size_t buffer_start_ = 0;
  bool source_done_ = false;
  bool finished_ = false;
  Status error_;
};

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_CSV_CSV_READER_H_
