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
// left out; persons sharing an index entry are compared.
//
// Groups are built at the requested minimum grade only: the persons
// connected by pairs of that grade or better; weaker pairs are neither
// listed nor used to join groups. A group's grade is its weakest joining
// pair (joined strongest first), and a "certain" group whose members
// conflict pairwise is downgraded to "likely". So a "possible" group may
// hold certain and likely pairs: each group and the summary count pairs per
// grade, and asking for a stronger minimum grade splits such a group into
// the groups its stronger pairs make. Merging the certain ones
// (person_merge.h) merges those persons only.
//
// Groups are produced one at a time (ForEachDuplicateGroup), so that a
// caller can write each one out and let it go, and no list of pairs is
// kept: candidate pairs are made in ranges of bounded size
// (duplicate_candidates.h) and judged, joining persons per grade, then
// made again for the groups being written out, in batches of bounded
// size. Memory grows with the persons and the largest group, not with
// the pairs.
#ifndef FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_
#define FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/records/partial_date.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::core {

enum class DuplicateGrade { kCertain, kLikely, kPossible };
inline constexpr size_t kDuplicateGrades = 3;

// A group of more persons than this is too large to review pair by pair:
// callers say so and suggest narrowing (a stronger grade, one incident).
inline constexpr size_t kMaxReviewableGroup = 50;

// A count per grade, indexed by static_cast<size_t>(grade).
using CountByGrade = std::array<size_t, kDuplicateGrades>;

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
  CountByGrade pairs{};              // its links, per grade
  // How many members `--merge-certain` would merge: those joined to another
  // by certain links without a conflict among them, even in a weaker group.
  size_t certain_merges = 0;
};

// The default DuplicateOptions::pair_budget: 2 MiB of pairs.
inline constexpr size_t kDefaultPairBudget = size_t{1} << 18;

struct DuplicateOptions {
  // Pairs weaker than this are left out, and do not join groups.
  DuplicateGrade min_grade = DuplicateGrade::kPossible;
  // When not empty: only pairs of which at least one person was detained
  // in this incident (a full id), so that a list is checked against the
  // vault without chains of namesakes elsewhere joining its groups.
  std::string incident_id;
  // At most about this many candidate pairs are held in memory at once
  // (8 bytes each), whatever the vault holds: more cost one more pass over
  // the name index each (a group larger than this is held whole).
  size_t pair_budget = kDefaultPairBudget;
};

// What a search found, over the groups it produced.
struct DuplicateSummary {
  CountByGrade groups{};  // groups per grade
  CountByGrade pairs{};   // pairs per grade, whatever their group's grade
  // Pairs stronger than their group's grade: groups that a stronger
  // --min-grade would show apart.
  size_t pairs_above_group_grade = 0;
  size_t persons = 0;     // members of all groups
  size_t certain_merges = 0;
  size_t too_large = 0;  // groups of more than kMaxReviewableGroup persons
};

// Receives one group; an error stops the search and is returned by it.
using DuplicateGroupSink = std::function<Status(DuplicateGroup group)>;

// Passes each candidate group among `persons` (live ones: ids unique) whose
// grade is at least options.min_grade to `sink`, one at a time, in the order
// FindDuplicatePersons lists them, and returns the summary of those groups.
// Only the group being passed holds members' copies and reasons. Errors:
// only the sink's.
Result<DuplicateSummary> ForEachDuplicateGroup(
    const std::vector<PersonForMatching>& persons,
    const DuplicateOptions& options, const DuplicateGroupSink& sink);

// The candidate groups among `persons` (live ones: ids unique) whose grade
// is at least options.min_grade: certain groups first, then likely, then
// possible, each by its merge target's first name, all in memory (for
// merging and benchmarks; ForEachDuplicateGroup to write them out). Never
// fails.
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

// LoadPersonsForMatching, then ForEachDuplicateGroup. Errors of the store
// or the sink.
Result<DuplicateSummary> ForEachDuplicateGroupInVault(
    RecordStore& store, const DuplicateOptions& options,
    const DuplicateGroupSink& sink);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_DUPLICATE_PERSONS_H_
