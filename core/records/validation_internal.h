// Checks shared by the validation files of core/records/ (not a public
// API). Each returns OK or kInvalidArgument naming `field`.
#ifndef FIELDVAULT_CORE_RECORDS_VALIDATION_INTERNAL_H_
#define FIELDVAULT_CORE_RECORDS_VALIDATION_INTERNAL_H_

#include <cstddef>
#include <string_view>

#include "core/records/model.h"
#include "crypto/status.h"

namespace fieldvault::core {

Status CheckRecordMeta(const RecordMeta& meta);
// UTF-8, at most `max` bytes, non-empty when `required`.
Status CheckRecordText(std::string_view field, std::string_view value,
                       size_t max, bool required);
// Empty (when not `required`) or a UUID.
Status CheckRecordReference(std::string_view field, std::string_view id,
                            bool required);

// In validation_accounts.cc; without the record-type prefix.
Status CheckDetentionContent(const Detention& detention);
Status CheckWitnessContent(const WitnessAccount& account);
Status CheckSourceContent(const Source& source);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_VALIDATION_INTERNAL_H_
