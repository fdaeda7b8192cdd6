// Controlled vocabularies shipped with the vault: violation types,
// detention legal statuses, consent purposes and the other closed lists of
// the data model (after HURIDOCS' Events Standard Formats).
//
// The lists compiled in here are the one source: the records migration
// copies them into the vault's `vocabulary` table (so they can be read with
// the sqlcipher shell alone and listed by `fieldvault vocab`), and
// validation checks every coded field against them.
#ifndef FIELDVAULT_CORE_RECORDS_VOCABULARY_H_
#define FIELDVAULT_CORE_RECORDS_VOCABULARY_H_

#include <span>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::core {

struct VocabularyTerm {
  std::string_view term;   // stored code, e.g. "administrative_detention"
  std::string_view label;  // for people, e.g. "administrative detention"
};

struct Vocabulary {
  std::string_view name;         // e.g. "legal_status"
  std::string_view description;  // one line on what it classifies
  std::span<const VocabularyTerm> terms;
};

// Names of the vocabularies, for call sites and tests.
inline constexpr std::string_view kVocabConfidentiality = "confidentiality";
inline constexpr std::string_view kVocabViolationType = "violation_type";
inline constexpr std::string_view kVocabLegalStatus = "legal_status";
inline constexpr std::string_view kVocabPersonKind = "person_kind";
inline constexpr std::string_view kVocabSex = "sex";
inline constexpr std::string_view kVocabWitnessRelation = "witness_relation";
inline constexpr std::string_view kVocabConsentPurpose = "consent_purpose";
inline constexpr std::string_view kVocabConsentMethod = "consent_method";
inline constexpr std::string_view kVocabReliability = "reliability";
inline constexpr std::string_view kVocabSourceType = "source_type";
inline constexpr std::string_view kVocabLawyerAccess = "lawyer_access";

// Every vocabulary, in the order `fieldvault vocab` lists them.
std::span<const Vocabulary> AllVocabularies();

// The vocabulary called `name`, or nullptr.
const Vocabulary* FindVocabulary(std::string_view name);

// True when `term` is a code of vocabulary `name`.
bool IsTerm(std::string_view name, std::string_view term);

// OK when `term` is in vocabulary `name`; otherwise kInvalidArgument
// "<field>: unknown <name> 'term'" with a hint to run `fieldvault vocab`.
Status CheckTerm(std::string_view name, std::string_view field,
                 std::string_view term);

// The label of `term` in vocabulary `name`, or `term` itself if unknown.
std::string_view TermLabel(std::string_view name, std::string_view term);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_VOCABULARY_H_
