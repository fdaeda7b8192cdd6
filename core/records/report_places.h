// One name per place in the report's breakdown by place (report.h): the
// same place written in two scripts or two transliterations ("Almaty",
// "Алматы", "ALMATY") is one row. Spellings are folded as duplicate
// detection folds names (core/names/match_key.h, then the skeleton of
// duplicate_names.h); no second transliterator.
#ifndef FIELDVAULT_CORE_RECORDS_REPORT_PLACES_H_
#define FIELDVAULT_CORE_RECORDS_REPORT_PLACES_H_

#include <map>
#include <string>
#include <vector>

#include "core/names/match_key.h"

namespace fieldvault::core {

// The fold of `place`: its name skeleton, or the text itself when it has
// no letter or digit (so "" stays apart from every named place).
std::string PlaceKey(const NameNormalizer& normalizer,
                     const std::string& place);

// Maps every spelling in `spellings` (one per incident, in the order the
// incidents were first recorded) to the spelling its place is shown under:
// of the spellings that fold alike, the one written most often; on a tie,
// the one seen first. Never fails: a spelling that cannot be folded
// stands for itself.
std::map<std::string, std::string> PlaceNames(
    const NameNormalizer& normalizer,
    const std::vector<std::string>& spellings);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_REPORT_PLACES_H_
