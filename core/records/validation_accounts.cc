// Validation of detentions, witness accounts and sources (the records that
// carry histories, consents and provenance).
#include <set>
#include <string>

#include "core/records/validation.h"
#include "core/records/validation_internal.h"
#include "core/records/codes.h"
#include "core/records/vocabulary.h"

namespace fieldvault::core {
namespace {

Status Invalid(std::string_view field, std::string_view what) {
  return Status::InvalidArgument(std::string(field) + ": " +
                                 std::string(what));
}

// Statuses that have a length in days.
bool HasDuration(std::string_view status) {
  return status == "administrative_detention" ||
         status == "pre_trial_custody" || status == "house_arrest";
}

Status CheckStatusEntry(const StatusEntry& entry) {
  FV_RETURN_IF_ERROR(CheckTerm(kVocabLegalStatus, "status", entry.status));
  if (entry.days) {
    if (!HasDuration(entry.status)) {
      return Invalid("days", "only administrative detention, pre-trial "
                             "custody and house arrest have a length");
    }
    if (*entry.days < 0 || *entry.days > 36500) {
      return Invalid("days", "must be between 0 and 36500");
    }
  }
  FV_RETURN_IF_ERROR(CheckRecordReference("source_id", entry.source_id,
                                          false));
  FV_RETURN_IF_ERROR(CheckRecordText("source_note", entry.source_note,
                                     kMaxShortText, false));
  if (entry.source_id.empty() && entry.source_note.empty()) {
    return Invalid("source", "say where this status is known from")
        .WithHint("give a source record id or a short note, e.g. "
                  "\"court decision\"");
  }
  return CheckRecordText("note", entry.note, kMaxLongText, false);
}

Status CheckStatusHistory(const std::vector<StatusEntry>& history) {
  if (history.size() > kMaxListSize) {
    return Invalid("status_history", "has too many entries");
  }
  const PartialDate* last_dated = nullptr;
  for (size_t i = 0; i < history.size(); ++i) {
    const std::string field = "status_history[" + std::to_string(i) + "]";
    FV_RETURN_IF_ERROR_CTX(CheckStatusEntry(history[i]), field);
    if (last_dated != nullptr && !NotBefore(history[i].date, *last_dated)) {
      return Invalid(field, "is dated " + history[i].date.text() +
                                ", before the previous status (" +
                                last_dated->text() + ")")
          .WithHint("statuses are kept in the order they happened; the last "
                    "one is the current status");
    }
    if (history[i].date.known()) last_dated = &history[i].date;
  }
  return Status::Ok();
}

Status CheckConsents(const std::vector<Consent>& consents) {
  std::set<std::string> seen;
  for (const Consent& consent : consents) {
    const std::string field = "consent[" + consent.purpose + "]";
    FV_RETURN_IF_ERROR(CheckTerm(kVocabConsentPurpose, "consent", consent.purpose));
    if (!seen.insert(consent.purpose).second) {
      return Invalid(field, "is recorded twice");
    }
    if (!consent.method.empty() || consent.granted) {
      FV_RETURN_IF_ERROR(CheckTerm(kVocabConsentMethod, field + ".method",
                                   consent.method));
    }
    if (consent.withdrawn.known()) {
      if (!consent.granted) {
        return Invalid(field, "only a consent that was given can be "
                              "withdrawn");
      }
      if (!NotBefore(consent.withdrawn, consent.date)) {
        return Invalid(field, "is withdrawn before it was given");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckDetentionContent(const Detention& d) {
  FV_RETURN_IF_ERROR(CheckRecordMeta(d.meta));
  FV_RETURN_IF_ERROR(CheckRecordReference("person_id", d.person_id, true));
  FV_RETURN_IF_ERROR(CheckRecordReference("incident_id", d.incident_id, true));
  for (auto [field, value] :
       {std::pair{"place_of_arrest", &d.place_of_arrest},
        {"place_of_detention", &d.place_of_detention},
        {"authority", &d.authority}, {"case_number", &d.case_number},
        {"court", &d.court}}) {
    FV_RETURN_IF_ERROR(CheckRecordText(field, *value, kMaxShortText, false));
  }
  FV_RETURN_IF_ERROR(
      CheckRecordText("sentence", d.sentence, kMaxLongText, false));
  if (d.charges.size() > kMaxListSize) {
    return Invalid("charges", "has too many entries");
  }
  for (const Charge& charge : d.charges) {
    FV_RETURN_IF_ERROR(CheckRecordText("charges.article", charge.article,
                                       kMaxShortText, true));
    FV_RETURN_IF_ERROR(
        CheckRecordText("charges.code", charge.code, kMaxShortText, false));
  }
  FV_RETURN_IF_ERROR(
      CheckTerm(kVocabLawyerAccess, "lawyer_access", d.lawyer_access));
  return CheckStatusHistory(d.status_history);
}

Status CheckWitnessContent(const WitnessAccount& a) {
  FV_RETURN_IF_ERROR(CheckRecordMeta(a.meta));
  FV_RETURN_IF_ERROR(CheckRecordReference("incident_id", a.incident_id, true));
  FV_RETURN_IF_ERROR(CheckRecordReference("witness_person_id",
                                          a.witness_person_id, false));
  FV_RETURN_IF_ERROR(CheckRecordText("witness_pseudonym", a.witness_pseudonym,
                                     kMaxShortText, false));
  if (a.witness_person_id.empty() && a.witness_pseudonym.empty()) {
    return Invalid("witness", "an account needs a pseudonym or a person "
                              "record, and this one would have neither")
        .WithHint("give a pseudonym (--pseudonym \"Witness A\"), or the "
                  "witness's person record (--person ID)");
  }
  if (!a.witness_person_id.empty() && !a.witness_pseudonym.empty()) {
    return Invalid("witness", "give either a person record or a pseudonym, "
                              "not both")
        .WithHint("a pseudonym keeps the witness out of the person list");
  }
  FV_RETURN_IF_ERROR(
      CheckRecordText("interviewer", a.interviewer, kMaxShortText, false));
  if (!a.language.empty() && !IsLanguageTag(a.language)) {
    return Invalid("language", "'" + a.language + "' is not a language code")
        .WithHint("e.g. kk, ru, en");
  }
  FV_RETURN_IF_ERROR(CheckTerm(kVocabWitnessRelation, "relation", a.relation));
  FV_RETURN_IF_ERROR(
      CheckRecordText("statement", a.statement, kMaxLongText, true));
  FV_RETURN_IF_ERROR(
      CheckRecordText("translation", a.translation, kMaxLongText, false));
  FV_RETURN_IF_ERROR(CheckTerm(kVocabReliability, "reliability", a.reliability));
  return CheckConsents(a.consents);
}

Status CheckSourceContent(const Source& s) {
  FV_RETURN_IF_ERROR(CheckRecordMeta(s.meta));
  FV_RETURN_IF_ERROR(CheckTerm(kVocabSourceType, "type", s.type));
  FV_RETURN_IF_ERROR(CheckRecordText("title", s.title, kMaxShortText, true));
  FV_RETURN_IF_ERROR(CheckTerm(kVocabReliability, "reliability", s.reliability));
  if (s.links.size() > kMaxListSize) {
    return Invalid("links", "has too many entries");
  }
  for (const std::string& link : s.links) {
    FV_RETURN_IF_ERROR(CheckRecordText("links", link, kMaxShortText, true));
  }
  return CheckRecordText("notes", s.notes, kMaxLongText, false);
}

}  // namespace fieldvault::core
