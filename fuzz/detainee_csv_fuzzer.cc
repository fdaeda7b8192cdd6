// Fuzzes what `detainees import` does with a detainee list before anything
// reaches the vault: the RFC 4180 reader (core/csv/csv_reader.h), the
// header's column layout, each line's conversion to a person and a
// detention, the name's match key (ICU) and record validation. A list
// comes from a spreadsheet someone else may have made, so it is untrusted.
// The input is read twice: with the defaults (delimiter detected) from a
// source that gives everything at once, and with small limits and a forced
// delimiter from a source that gives a few bytes at a time.
// Properties: never a crash, a hang or an escaping exception; line
// numbers never go back (a bare CR ends a row within a physical line); no
// row exceeds the column or field limit; a row without a problem holds
// only valid UTF-8 without NUL.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/csv/csv_reader.h"
#include "core/csv/detainee_columns.h"
#include "core/records/validation.h"
#include "crypto/byte_stream.h"
#include "fuzz/fuzz_support.h"

namespace {

namespace fc = fieldvault::crypto;
namespace core = fieldvault::core;

// What the importer does with one data line, short of the database.
void ConvertLine(const core::ColumnLayout& layout, const core::CsvRow& row) {
  if (!row.problem.ok() || row.fields.size() != layout.size()) return;
  std::vector<std::string> problems;
  auto line = core::ConvertDetaineeLine(layout, row.fields, row.line, problems);
  if (!line) return;
  if (line->person.names.empty()) std::abort();
  (void)fieldvault::fuzz::SharedNameNormalizer().MatchKey(
      line->person.names[0].full_name);
  line->detention.person_id = "0b6f6f86-3c1d-4a57-9d0e-6f1f4f1d7a21";
  line->detention.incident_id = "2f1c8a4e-9b1d-4c3e-8f0a-6d2b7e5c9a10";
  (void)core::Validate(line->person);
  (void)core::Validate(line->detention);
}

void ReadList(fc::ByteSource& source, const core::CsvReaderOptions& options) {
  auto reader = core::CsvReader::Open(source, options);
  if (!reader.ok()) return;
  const char delimiter = (*reader)->delimiter();
  if (delimiter != ',' && delimiter != ';') std::abort();
  if (options.delimiter != 0 && delimiter != options.delimiter) std::abort();
  std::optional<core::ColumnLayout> layout;
  core::CsvRow row;
  int64_t last_line = 0;
  while (true) {
    auto more = (*reader)->Next(row);
    if (!more.ok() || !*more) return;
    if (row.line < last_line || row.fields.size() > options.max_columns) {
      std::abort();
    }
    last_line = row.line;
    for (const std::string& field : row.fields) {
      if (field.size() > options.max_field_bytes) std::abort();
      if (row.problem.ok() && !core::IsValidUtf8(field)) std::abort();
    }
    if (layout) {
      ConvertLine(*layout, row);
    } else if (row.problem.ok()) {
      auto built = core::BuildColumnLayout(row.fields, {});
      if (!built.ok()) return;
      layout = std::move(built).value();
    } else {
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  fc::MemorySource whole(bytes);
  ReadList(whole, core::CsvReaderOptions{});

  core::CsvReaderOptions small;
  small.delimiter = size % 2 == 0 ? ',' : ';';
  small.max_field_bytes = 32;
  small.max_columns = 8;
  fieldvault::fuzz::ChunkedSource pieces(bytes, 1 + size % 61);
  ReadList(pieces, small);
  return 0;
}
