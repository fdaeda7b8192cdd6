// Which attachments each sent bundle carried, so that `export --since-last`
// can send an attachment whenever its owner record goes and the receiver
// may not have it yet, without sending it again in every bundle that
// carries an edit of its owner.
//
// An owner can become exportable after its attachments were last changed:
// a witness account whose share_with_hq consent is granted later, a
// record re-marked public, a witness person a detention names later
// (export_profile.h). Its attachments did not change, so selecting them by
// their own change time alone would leave them home for good. Instead an
// attachment goes when it changed since the previous export, or when its
// owner goes and no earlier bundle that counts as a previous export to the
// same recipients under the same profile carried it as it is now. Rows are
// written in the export's transaction, with the bundle's register row; only
// bundles confirmed written count. Works inside the caller's transaction.
#ifndef FIELDVAULT_CORE_BUNDLE_SENT_ATTACHMENTS_H_
#define FIELDVAULT_CORE_BUNDLE_SENT_ATTACHMENTS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// Creates `sent_attachments` (migration 10). Bundles sent before have no
// rows: the attachments of their owners that change later go once more.
// kIoError.
Status CreateSentAttachmentsSchema(Database& db);

// Notes that bundle `bundle_id` carries the attachments `attachment_ids`,
// each as it is stored now (its updated_at). kIoError.
Status RecordSentAttachments(Database& db, std::string_view bundle_id,
                             const std::vector<std::string>& attachment_ids);

// Whether attachment `attachment_id`, last changed here at
// `updated_at_micros`, went unchanged in a bundle confirmed written, of
// everything or of changes (not of some incidents), with the profile and
// recipients of sent bundle `previous_bundle_id` (the export --since-last
// starts from). kIoError.
Result<bool> SentUnchanged(Database& db, std::string_view attachment_id,
                           int64_t updated_at_micros,
                           std::string_view previous_bundle_id);

// Whether attachment `attachment_id` went in such a bundle at all, as it
// was then: its content (which never changes under one id) is then held
// by those recipients, and a description whose name was redacted since
// may go without it (docs/bundle-format.md). kIoError.
Result<bool> ContentSent(Database& db, std::string_view attachment_id,
                         std::string_view previous_bundle_id);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_SENT_ATTACHMENTS_H_
