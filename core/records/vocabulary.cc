#include "core/records/vocabulary.h"

#include <array>
#include <string>

namespace fieldvault::core {
namespace {

// Ordered from the least to the most restricted.
constexpr VocabularyTerm kConfidentialityTerms[] = {
    {"public", "public"},
    {"internal", "internal to the organisation"},
    {"confidential", "confidential (default)"},
    {"restricted", "restricted to named people"},
};

// A field-oriented subset of HURIDOCS' "types of acts" micro-thesaurus.
constexpr VocabularyTerm kViolationTypeTerms[] = {
    {"arbitrary_detention", "arbitrary arrest or detention"},
    {"enforced_disappearance", "enforced disappearance"},
    {"torture_ill_treatment", "torture or ill-treatment"},
    {"excessive_force", "excessive use of force"},
    {"killing", "killing"},
    {"freedom_of_assembly", "violation of freedom of peaceful assembly"},
    {"freedom_of_association", "violation of freedom of association"},
    {"freedom_of_expression", "violation of freedom of expression"},
    {"unfair_trial", "violation of fair trial rights"},
    {"denial_of_counsel", "denial of access to a lawyer"},
    {"harassment_intimidation", "harassment or intimidation"},
    {"property_destruction", "destruction or seizure of property"},
};

constexpr VocabularyTerm kLegalStatusTerms[] = {
    {"detained_without_charge", "detained without charge"},
    {"administrative_detention", "administrative detention"},
    {"pre_trial_custody", "pre-trial custody"},
    {"house_arrest", "house arrest"},
    {"charged_at_liberty", "charged, at liberty"},
    {"fined", "fined"},
    {"convicted", "convicted"},
    {"released", "released"},
    {"whereabouts_unknown", "whereabouts unknown"},
    {"died_in_custody", "died in custody"},
};

constexpr VocabularyTerm kPersonKindTerms[] = {
    {"individual", "an individual"},
    {"group", "a group of people (with a size)"},
};

constexpr VocabularyTerm kSexTerms[] = {
    {"female", "female"}, {"male", "male"}, {"other", "other"},
    {"unknown", "unknown"},
};

constexpr VocabularyTerm kWitnessRelationTerms[] = {
    {"eyewitness", "saw the events"},
    {"victim", "suffered the events"},
    {"hearsay", "heard about the events from others"},
};

constexpr VocabularyTerm kConsentPurposeTerms[] = {
    {"store", "store the account in this vault"},
    {"share_with_hq", "share with headquarters"},
    {"publish_anonymised", "publish without identifying the witness"},
    {"publish_named", "publish with the witness's name"},
    {"court_investigators", "give to courts or investigators"},
};

constexpr VocabularyTerm kConsentMethodTerms[] = {
    {"written", "signed in writing"},
    {"oral_recorded", "given orally and recorded"},
    {"oral_noted", "given orally, noted by the interviewer"},
    {"intermediary", "given through a trusted intermediary"},
};

constexpr VocabularyTerm kReliabilityTerms[] = {
    {"high", "high"}, {"medium", "medium"}, {"low", "low"},
    {"unknown", "not assessed"},
};

constexpr VocabularyTerm kSourceTypeTerms[] = {
    {"person", "a person"},
    {"document", "a document"},
    {"media", "press or broadcast media"},
    {"open_source_url", "an open-source web page"},
};

constexpr VocabularyTerm kLawyerAccessTerms[] = {
    {"yes", "had access to a lawyer"},
    {"delayed", "access to a lawyer was delayed"},
    {"no", "was denied a lawyer"},
    {"unknown", "unknown"},
};

constexpr std::array kVocabularies = {
    Vocabulary{kVocabConfidentiality, "who may see a record",
               kConfidentialityTerms},
    Vocabulary{kVocabViolationType, "violations an incident involves",
               kViolationTypeTerms},
    Vocabulary{kVocabLegalStatus, "a detainee's legal status at a date",
               kLegalStatusTerms},
    Vocabulary{kVocabPersonKind, "whether a person record is one person or a group",
               kPersonKindTerms},
    Vocabulary{kVocabSex, "a person's sex as recorded", kSexTerms},
    Vocabulary{kVocabWitnessRelation, "how a witness knows of the events",
               kWitnessRelationTerms},
    Vocabulary{kVocabConsentPurpose, "uses a witness can consent to",
               kConsentPurposeTerms},
    Vocabulary{kVocabConsentMethod, "how consent was given", kConsentMethodTerms},
    Vocabulary{kVocabReliability, "how reliable an account or source is",
               kReliabilityTerms},
    Vocabulary{kVocabSourceType, "what kind of thing a source is",
               kSourceTypeTerms},
    Vocabulary{kVocabLawyerAccess, "a detainee's access to a lawyer",
               kLawyerAccessTerms},
};

}  // namespace

std::span<const Vocabulary> AllVocabularies() { return kVocabularies; }

const Vocabulary* FindVocabulary(std::string_view name) {
  for (const Vocabulary& vocabulary : kVocabularies) {
    if (vocabulary.name == name) return &vocabulary;
  }
  return nullptr;
}

bool IsTerm(std::string_view name, std::string_view term) {
  const Vocabulary* vocabulary = FindVocabulary(name);
  if (vocabulary == nullptr) return false;
  for (const VocabularyTerm& entry : vocabulary->terms) {
    if (entry.term == term) return true;
  }
  return false;
}

Status CheckTerm(std::string_view name, std::string_view field,
                 std::string_view term) {
  if (IsTerm(name, term)) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + ": unknown " +
                                 std::string(name) + " '" + std::string(term) +
                                 "'")
      .WithHint(std::string("run `fieldvault vocab ")
                    .append(name)
                    .append("` for the allowed values"));
}

std::string_view TermLabel(std::string_view name, std::string_view term) {
  const Vocabulary* vocabulary = FindVocabulary(name);
  if (vocabulary != nullptr) {
    for (const VocabularyTerm& entry : vocabulary->terms) {
      if (entry.term == term) return entry.label;
    }
  }
  return term;
}

}  // namespace fieldvault::core
