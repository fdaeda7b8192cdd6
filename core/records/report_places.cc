#include "core/records/report_places.h"

#include <utility>

#include "core/records/duplicate_names.h"

namespace fieldvault::core {

std::string PlaceKey(const NameNormalizer& normalizer,
                     const std::string& place) {
  Result<std::string> key = normalizer.MatchKey(place);
  // A text with no letter (or invalid UTF-8, which validation refuses on
  // write) is kept apart under a prefix no skeleton starts with.
  if (!key.ok() || key->empty()) return "\x01" + place;
  return MakeNameForms(place, *std::move(key)).skeleton;
}

std::map<std::string, std::string> PlaceNames(
    const NameNormalizer& normalizer,
    const std::vector<std::string>& spellings) {
  struct Spelling {
    std::string text;
    int uses = 0;
  };
  // Per fold, its spellings in the order first seen.
  std::map<std::string, std::vector<Spelling>> folds;
  std::map<std::string, std::string> key_of;
  for (const std::string& place : spellings) {
    auto known = key_of.find(place);
    if (known == key_of.end()) {
      known = key_of.emplace(place, PlaceKey(normalizer, place)).first;
    }
    std::vector<Spelling>& seen = folds[known->second];
    auto it = seen.begin();
    while (it != seen.end() && it->text != place) ++it;
    if (it == seen.end()) it = seen.insert(seen.end(), {place, 0});
    ++it->uses;
  }
  std::map<std::string, std::string> shown_as;
  for (const auto& [key, seen] : folds) {
    const Spelling* best = &seen.front();
    for (const Spelling& spelling : seen) {
      if (spelling.uses > best->uses) best = &spelling;
    }
    for (const Spelling& spelling : seen) shown_as[spelling.text] = best->text;
  }
  return shown_as;
}

}  // namespace fieldvault::core
