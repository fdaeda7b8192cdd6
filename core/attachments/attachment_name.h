// What an attachment's original file name may be: only its last path
// component is kept (a path may name people or places), and it must be
// UTF-8, at most kMaxAttachmentNameBytes, without control characters (it
// is shown on screens, here and at HQ). Used when a file is attached and
// when a received name replaces the one held.
#ifndef FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_NAME_H_
#define FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_NAME_H_

#include <string>
#include <string_view>

#include "crypto/status.h"

namespace fieldvault::core {

// The last component of `name` after any '/' or '\' ("IMG_1.jpg" for
// "/home/x/witness/IMG_1.jpg"); `name` itself when it has none.
std::string AttachmentBaseName(std::string_view name);

// kInvalidArgument (with a hint for control characters) when `name` is not
// valid UTF-8, is longer than kMaxAttachmentNameBytes, or holds a control
// character; else kOk.
Status CheckAttachmentName(std::string_view name);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_ATTACHMENTS_ATTACHMENT_NAME_H_
