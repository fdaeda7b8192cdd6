#include "core/records/duplicate_evidence.h"

#include <algorithm>
#include <iterator>

namespace fieldvault::core {
namespace {

enum class Birth { kSameYear, kUnknown, kConflict };

Birth CompareBirth(const PartialDate& a, const PartialDate& b) {
  if (!a.known() || !b.known()) return Birth::kUnknown;
  std::string_view x = a.DatePart(), y = b.DatePart();
  const size_t common = std::min(x.size(), y.size());
  return x.substr(0, common) == y.substr(0, common) ? Birth::kSameYear
                                                    : Birth::kConflict;
}

DuplicateReason BirthReason(Birth birth, const PartialDate& a,
                            const PartialDate& b) {
  auto text = [](const PartialDate& d) {
    return d.known() ? d.text() : std::string("unknown");
  };
  const std::string both =
      a == b ? text(a) : text(a) + " / " + text(b);
  switch (birth) {
    case Birth::kSameYear:
      return {"same_birth_year", both};
    case Birth::kUnknown:
      return {"birth_date_unknown", both};
    case Birth::kConflict:
      break;
  }
  return {"birth_date_conflict", both};
}

bool SexConflict(const PersonForMatching& a, const PersonForMatching& b) {
  auto known = [](const std::string& sex) {
    return sex == "female" || sex == "male";
  };
  return known(a.sex) && known(b.sex) && a.sex != b.sex;
}

// The strongest likeness between any spelling of `a` and any of `b`.
NameLikeness BestLikeness(const PreparedPerson& a, const PreparedPerson& b,
                          DuplicateReason* reason) {
  static constexpr const char* kCodes[] = {
      "same_match_key", "word_order", "spelling_variant", "one_letter_apart",
      "name_words_missing"};
  NameLikeness best = NameLikeness::kNone;
  for (const NameForms& x : a.names) {
    for (const NameForms& y : b.names) {
      const NameLikeness likeness = CompareNames(x, y);
      if (likeness >= best) continue;
      best = likeness;
      reason->code = kCodes[static_cast<int>(likeness)];
      reason->detail = likeness == NameLikeness::kSameKey
                           ? x.key
                           : x.key + " / " + y.key;
    }
  }
  return best;
}

// The first shared incident, else the first shared place and date.
std::optional<DuplicateReason> SharedEvent(const PersonForMatching& a,
                                           const PersonForMatching& b) {
  std::vector<std::string> shared;
  std::set_intersection(a.incident_ids.begin(), a.incident_ids.end(),
                        b.incident_ids.begin(), b.incident_ids.end(),
                        std::back_inserter(shared));
  if (!shared.empty()) return DuplicateReason{"same_incident", shared.front()};
  std::set_intersection(a.places_and_dates.begin(), a.places_and_dates.end(),
                        b.places_and_dates.begin(), b.places_and_dates.end(),
                        std::back_inserter(shared));
  if (!shared.empty()) {
    return DuplicateReason{"same_place_and_date", shared.front()};
  }
  return std::nullopt;
}

// The grades of duplicate_persons.h, as a table of the evidence.
std::optional<DuplicateGrade> Grade(NameLikeness name, Birth birth,
                                    bool conflict, bool event) {
  const bool strong = name == NameLikeness::kSameKey;
  const bool medium = name == NameLikeness::kWordOrder ||
                      name == NameLikeness::kVariant ||
                      name == NameLikeness::kOneLetter;
  if (conflict) {
    if (name <= NameLikeness::kVariant) return DuplicateGrade::kPossible;
    return std::nullopt;
  }
  const bool same_year = birth == Birth::kSameYear;
  if (strong && same_year) return DuplicateGrade::kCertain;
  if ((strong && event) || (medium && same_year) ||
      (name == NameLikeness::kWordsMissing && same_year && event)) {
    return DuplicateGrade::kLikely;
  }
  return DuplicateGrade::kPossible;
}

}  // namespace

PreparedPerson PreparePerson(const PersonForMatching& person) {
  PreparedPerson prepared;
  prepared.person = &person;
  for (size_t i = 0; i < person.names.size() && i < person.match_keys.size();
       ++i) {
    if (person.match_keys[i].empty()) continue;
    prepared.names.push_back(
        MakeNameForms(person.names[i], person.match_keys[i]));
  }
  return prepared;
}

bool Conflicting(const PersonForMatching& a, const PersonForMatching& b) {
  return SexConflict(a, b) ||
         CompareBirth(a.birth_date, b.birth_date) == Birth::kConflict;
}

std::optional<DuplicateLink> JudgePair(const PreparedPerson& a,
                                       const PreparedPerson& b) {
  const PersonForMatching& x = *a.person;
  const PersonForMatching& y = *b.person;
  if (x.kind != "individual" || y.kind != "individual") return std::nullopt;
  DuplicateReason name_reason;
  const NameLikeness name = BestLikeness(a, b, &name_reason);
  if (name == NameLikeness::kNone) return std::nullopt;
  const Birth birth = CompareBirth(x.birth_date, y.birth_date);
  const bool sex_conflict = SexConflict(x, y);
  const std::optional<DuplicateReason> event = SharedEvent(x, y);
  const bool conflict = sex_conflict || birth == Birth::kConflict;
  std::optional<DuplicateGrade> grade =
      Grade(name, birth, conflict, event.has_value());
  if (!grade) return std::nullopt;
  DuplicateLink link{x.id, y.id, *grade, {name_reason}, conflict};
  link.reasons.push_back(BirthReason(birth, x.birth_date, y.birth_date));
  if (sex_conflict) link.reasons.push_back({"sex_conflict", x.sex + " / " + y.sex});
  if (event) link.reasons.push_back(*event);
  return link;
}

}  // namespace fieldvault::core
