#include "core/attachments/attachment_name.h"

#include "core/attachments/attachment_store.h"
#include "core/records/validation.h"
#include "core/text/utf8.h"

namespace fieldvault::core {

// Keeps only the last path component: a path may name people or places
// ("/home/…/witness Testova/IMG_1.jpg") and the vault needs only the name.
std::string AttachmentBaseName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return std::string(name);
}

Status CheckAttachmentName(std::string_view name) {
  if (!IsValidUtf8(name) || name.size() > kMaxAttachmentNameBytes) {
    return Status::InvalidArgument(
        "the file name is not valid UTF-8 or is too long");
  }
  if (FindControlCharacterInLine(name) != std::string_view::npos) {
    return Status::InvalidArgument("the file name holds a control character")
        .WithHint("rename the file without line breaks or invisible characters");
  }
  return Status::Ok();
}

}  // namespace fieldvault::core
