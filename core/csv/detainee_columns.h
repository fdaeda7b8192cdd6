// The columns of a detainee-list CSV (docs/detainee-csv.md) and how one
// line becomes a person and a detention.
//
// The header is matched against the documented column names without
// regard to ASCII case, with spaces and hyphens counting as `_`; a --map
// can rename any header to a column or to "-" (ignored). Each line is then
// checked column by column, so that an error names the line, the column and
// what is wrong with it, before the records store validates the whole.
#ifndef FIELDVAULT_CORE_CSV_DETAINEE_COLUMNS_H_
#define FIELDVAULT_CORE_CSV_DETAINEE_COLUMNS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/model.h"
#include "crypto/status.h"

namespace fieldvault::core {

enum class DetaineeColumn {
  kName, kNameLanguage, kSex, kBirthDate, kAffiliation, kDetainedAt,
  kPlaceOfArrest, kPlaceOfDetention, kAuthority, kChargeCode, kChargeArticle,
  kCaseNumber, kCourt, kSentence, kLawyerAccess, kLegalStatus, kStatusDate,
  kDetentionDays, kSource, kNotes,
};

// The documented name of `column`, e.g. "birth_date".
std::string_view DetaineeColumnName(DetaineeColumn column);

// Every column name, in the order of the table in docs/detainee-csv.md,
// separated by ", ": for messages, which a monitor reads without the docs.
std::string DetaineeColumnList();

// Which column each CSV field feeds; nullopt for an ignored field.
using ColumnLayout = std::vector<std::optional<DetaineeColumn>>;

// Parses --map text "header=column,header=-,..." into `map` (normalised
// header -> column name or "-"). kInvalidArgument for a pair without `=`
// or an unknown column name.
Status ParseColumnMap(std::string_view text,
                      std::map<std::string, std::string>& map);

// Builds the layout of `header` (line 1) with `map` applied. Errors,
// kInvalidArgument starting "line 1: ": an unknown header, a column given
// twice, no `name` column.
Result<ColumnLayout> BuildColumnLayout(
    const std::vector<std::string>& header,
    const std::map<std::string, std::string>& map);

// One line, converted. `person` and `detention` lack ids and references.
struct DetaineeLine {
  Person person;
  Detention detention;
};

// Converts the fields of one line. Every problem found is appended to
// `problems` as "line N, column: what is wrong"; returns nullopt if any.
std::optional<DetaineeLine> ConvertDetaineeLine(
    const ColumnLayout& layout, const std::vector<std::string>& fields,
    int64_t line, std::vector<std::string>& problems);

// What follows "line N" in the problem a monitor reads, for a message of
// the records store's validation: its field path (the store's, e.g.
// "person: names[0]: full_name: must be one line") becomes the CSV column
// it came from (", name: must be one line"). A message naming no field
// this import fills is kept whole (": message").
std::string InCsvTerms(std::string_view message);

// Parses a date as the CSV allows it: ISO 8601 (partial or exact) or the
// day-first forms "DD.MM.YYYY" and "DD.MM.YYYY HH:MM". kInvalidArgument.
Result<PartialDate> ParseCsvDate(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_CSV_DETAINEE_COLUMNS_H_
