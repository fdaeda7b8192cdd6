// Internal to duplicate detection (duplicate_persons.h): judging one pair
// of persons on their names, birth dates, sexes and detentions, and the
// grade that evidence earns.
#ifndef FIELDVAULT_CORE_RECORDS_DUPLICATE_EVIDENCE_H_
#define FIELDVAULT_CORE_RECORDS_DUPLICATE_EVIDENCE_H_

#include <optional>
#include <vector>

#include "core/records/duplicate_names.h"
#include "core/records/duplicate_persons.h"

namespace fieldvault::core {

// A person with the comparison forms of each spelling.
struct PreparedPerson {
  const PersonForMatching* person = nullptr;
  std::vector<NameForms> names;
};

// The comparison forms of every spelling of `person` (which must outlive
// the result); spellings without a match key are left out.
PreparedPerson PreparePerson(const PersonForMatching& person);

// The link between `a` and `b` with its reasons and grade, or nothing when
// they are not candidates (no name likeness, or a conflict with a weak
// one; see the grades in duplicate_persons.h).
std::optional<DuplicateLink> JudgePair(const PreparedPerson& a,
                                       const PreparedPerson& b);

// True when `a` and `b` cannot be one person: birth dates that disagree
// at their common precision, or two different known sexes.
bool Conflicting(const PersonForMatching& a, const PersonForMatching& b);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_DUPLICATE_EVIDENCE_H_
