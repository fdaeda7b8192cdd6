// Duplicate-person detection: the same victim recorded twice, by two
// monitors, in two scripts or two spellings. Finds candidate groups among
// the live persons (not deleted, not merged into another), each with the
// evidence for it as data, and a grade:
//
//   certain   the same match key on some spelling and the same known birth
//             year (the rule `detainees import` folds lines by), no
//             conflict of sex or birth date;
//   likely    no conflict, and: the same match key with a birth date
//             unknown on one side but a shared incident (or place and
//             date); or a spelling variant, the same words in another
//             order or a name one letter apart, with the same birth year;
//             or a name with a word missing (a patronymic), the same birth
//             year and a shared incident;
//   possible  any other name likeness without conflict; and the same key,
//             word order or spelling variant despite conflicting birth
//             dates or sexes (namesakes, or a mistyped year: for review).
// Anything else, above all a conflict with a weaker name likeness, is not
// a candidate. Name likenesses are defined in duplicate_names.h.
//
// Persons merged into another lend their spellings and detentions to the
// person they were merged into (following chains), so a third list
// spelling the name as the merged duplicate did is still found.
//
// Candidate pairs come from an index, never from comparing all pairs: each
// spelling is indexed under its key, its sorted words, its skeleton, the
// skeleton with each letter left out (when long enough) and with each word
// left out; persons sharing an index entry are compared. Groups are the
// connected persons, joined strongest link first; a group's grade is its
// weakest joining link, and a "certain" group whose members conflict pairwise
// is downgraded to "likely". A weaker group may hold certain links: merging
// the certain ones (person_merge.h) merges those persons only.
#ifndef FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_
#define FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/partial_date.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::core {

enum class DuplicateGrade { kCertain, kLikely, kPossible };

// "certain", "likely", "possible".
std::string_view DuplicateGradeName(DuplicateGrade grade);
// The inverse; kInvalidArgument naming the three otherwise.
Result<DuplicateGrade> ParseDuplicateGrade(std::string_view name);

// What detection knows of one live person.
struct PersonForMatching {
  std::string id;
  int64_t created_at = 0;
  std::string kind = "individual";  // groups are never candidates
  std::vector<std::string> names;       // as written
  std::vector<std::string> match_keys;  // one per name
  std::string sex = "unknown";
  PartialDate birth_date;
  // Incidents of its detentions, and each one's "place date" (the admin
  // area, else the place, and the day of its start), sorted, unique.
  std::vector<std::string> incident_ids;
  std::vector<std::string> places_and_dates;
  int64_t detentions = 0;
};

// One piece of evidence, for or against. Codes: same_match_key,
// word_order, spelling_variant, one_letter_apart, name_words_missing,
// same_birth_year, birth_date_unknown, birth_date_conflict, sex_conflict,
// same_incident, same_place_and_date. `detail` shows what was compared,
// e.g. "testov sintetik" or "1984 / 1985".
struct DuplicateReason {
  std::string code;
  std::string detail;
  bool operator==(const DuplicateReason&) const = default;
};

// Two persons judged alike, with why.
struct DuplicateLink {
  std::string a, b;  // person ids
  DuplicateGrade grade = DuplicateGrade::kPossible;
  std::vector<DuplicateReason> reasons;
  bool conflict = false;  // a birth date or sex conflict
};

struct DuplicateGroup {
  DuplicateGrade grade = DuplicateGrade::kPossible;
  // The merge target first (person_merge.h: the oldest record, then the
  // one with more detentions, then with more spellings).
  std::vector<PersonForMatching> members;
  std::vector<DuplicateLink> links;  // strongest first
  // How many members `--merge-certain` would merge: those joined to another
  // by certain links without a conflict among them, even in a weaker group.
  size_t certain_merges = 0;
};

struct DuplicateOptions {
  DuplicateGrade min_grade = DuplicateGrade::kPossible;
};

// The candidate groups among `persons` (live ones: ids unique) whose grade
// is at least options.min_grade: certain groups first, then likely, then
// possible, each by its oldest member. Never fails.
std::vector<DuplicateGroup> FindDuplicatePersons(
    const std::vector<PersonForMatching>& persons,
    const DuplicateOptions& options);

// The live persons of the vault `store` reads, for FindDuplicatePersons:
// merged persons' spellings and detentions added to their target's.
// Errors of the store (kIoError, kCorruption).
Result<std::vector<PersonForMatching>> LoadPersonsForMatching(
    RecordStore& store);

// LoadPersonsForMatching, then FindDuplicatePersons.
Result<std::vector<DuplicateGroup>> FindDuplicatePersonsInVault(
    RecordStore& store, const DuplicateOptions& options);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_
