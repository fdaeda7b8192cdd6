// Importing a detainee list (docs/detainee-csv.md): every line of the CSV
// becomes a detention in one incident, and its person; lines that are
// clearly the same person (same name match key and same birth year) share
// one person record, which keeps every spelling seen.
//
// All or nothing: the import runs inside the caller's transaction (a
// VaultWrite) and goes on through the whole file after the first bad line,
// so that the report lists every problem with its line number. When the
// report is not ok(), records may already have been written and the caller
// must roll back; a dry run is an import the caller always rolls back.
#ifndef FIELDVAULT_CORE_CSV_DETAINEE_IMPORT_H_
#define FIELDVAULT_CORE_CSV_DETAINEE_IMPORT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/csv/csv_reader.h"
#include "core/names/match_key.h"
#include "core/records/record_store.h"
#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core {

struct DetaineeImportOptions {
  std::string incident_id;  // full id of an existing incident
  CsvReaderOptions csv;
  std::map<std::string, std::string> column_map;  // from ParseColumnMap
  // The status source for lines with a legal_status and no `source`,
  // e.g. "detainee list almaty.csv".
  std::string default_source = "detainee list";
  size_t max_listed_problems = 1000;  // the rest are only counted
  // Today, by the vault's clock: a birth_date after it is refused, as
  // `person add` refuses it. Unset: not checked.
  std::optional<PartialDate> today;
};

// Lines folded into one person.
struct FoldedPerson {
  std::string person_id;
  std::string match_key;
  int birth_year = 0;
  std::vector<int64_t> lines;  // every line of this person, in file order
};

// Lines with the same match key that were not folded (a birth year is
// unknown or differs): for a person to review.
struct PossibleDuplicate {
  std::string match_key;
  std::vector<int64_t> lines;
};

struct DetaineeImportReport {
  int64_t lines = 0;  // data lines read (the header not counted)
  int64_t persons_created = 0;
  int64_t detentions_created = 0;
  // "line N, column: what is wrong" (or "line N: ..."), file order.
  std::vector<std::string> problems;
  int64_t problem_count = 0;  // all problems, listed or not
  // What to do about a header line that cannot be read (the columns it
  // may name, --map); empty when the header was read.
  std::string header_hint;
  // What to do about the file as a whole when a problem comes from it
  // rather than from a line's values (not UTF-8, e.g. Windows-1251; NUL
  // bytes): the first such problem's hint; empty otherwise.
  std::string file_hint;
  std::vector<FoldedPerson> folded;
  std::vector<PossibleDuplicate> possible_duplicates;

  bool ok() const { return problem_count == 0; }
};

// Reads `csv` and creates the records through `store`. Returns the report;
// bad lines, a bad header and malformed CSV are problems in it, not
// errors. Errors: kNotFound when the incident does not exist; read errors
// of `csv`; kIoError from the database (roll back).
Result<DetaineeImportReport> ImportDetainees(
    crypto::ByteSource& csv, const DetaineeImportOptions& options,
    RecordStore& store, const NameNormalizer& normalizer);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_CSV_DETAINEE_IMPORT_H_
