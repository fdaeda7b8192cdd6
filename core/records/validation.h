// Validation of records before they are stored or after they are received.
//
// Each function returns OK or the first problem found as kInvalidArgument,
// naming the field ("detention: status_history[2].days: ...") in words a
// monitor can act on, with a hint where one helps. They check content only
// (vocabularies, dates, codes, references' form, UTF-8, sizes); whether a
// referenced record exists is the store's business. The meta id is checked
// only when set, so drafts without an id can be validated.
#ifndef FIELDVAULT_CORE_RECORDS_VALIDATION_H_
#define FIELDVAULT_CORE_RECORDS_VALIDATION_H_

#include <cstddef>
#include <string_view>

#include "core/records/model.h"
#include "crypto/status.h"

namespace fieldvault::core {

// Size limits for text fields, in bytes.
inline constexpr size_t kMaxShortText = 1024;         // names, titles, places
inline constexpr size_t kMaxLongText = 8 << 20;       // statements, notes
inline constexpr size_t kMaxListSize = 1000;          // names, charges, ...

Status Validate(const Incident& incident);
Status Validate(const Person& person);
Status Validate(const Detention& detention);
Status Validate(const WitnessAccount& account);
Status Validate(const Source& source);

// True when `text` is well-formed UTF-8 (core/text/utf8.h) and contains
// no NUL byte.
bool IsValidUtf8(std::string_view text);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_RECORDS_VALIDATION_H_
