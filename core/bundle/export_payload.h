// What goes into a bundle's payload, as streaming producers: one
// records/<type>.jsonl per record type (records changed in this vault
// since a time, local_changes.h, or the records linked to some incidents
// (export_scope.h), after the export profile), records/attachment.jsonl
// (the attachments' descriptions), audit.jsonl (custody events since a
// time, those the recipients may see: audit_selection.h) and one attachments/<uuid> per attachment whose owner record is
// exported with its attachments (not an anonymised witness account:
// export_profile.h), whose owner is not deleted, that under the hq
// profile this vault added itself (its created_by: never another vault's,
// "attachment_of_other_vault"), and that is new or
// changed since that time, or whose owner changed since then and that no
// earlier bundle like the previous one carried unchanged
// (sent_attachments.h: an owner may become exportable after its files
// last changed); the others among these are counted as left out
// ("attachment", or "attachment_of_deleted_record": a deleted record's
// tombstone may travel, its files never do). Under hq with --since-last,
// an attachment whose description alone changed (its name redacted) since
// a bundle like the previous one carried it goes as its description only,
// without attachments/<uuid>: the receivers hold its content.
// Producers read the database each time they run, so run both passes
// inside one transaction. Records the profile keeps as stored are copied
// as their stored JSON text, checked line by line to be JSON in the first
// pass only (on a second thread: checked_lines_sink.h): the bundle writer
// (bundle_writer.h) refuses a second pass whose bytes do not hash as the
// first's did. Attachments go with the size and hash recorded at ingest,
// their content read once and checked for chunks and size only
// (docs/threat-model.md, "What an export checks"). Under the public
// profile, attachments leave cleaned of their metadata instead
// (image_metadata.h), described with the cleaned size and hash; those
// fieldvault cannot clean stay home, counted as "attachment_with_metadata".
#ifndef FIELDVAULT_CORE_BUNDLE_EXPORT_PAYLOAD_H_
#define FIELDVAULT_CORE_BUNDLE_EXPORT_PAYLOAD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/attachments/attachment_store.h"
#include "core/bundle/audit_selection.h"
#include "core/bundle/bundle_writer.h"
#include "core/bundle/export_profile.h"
#include "core/bundle/export_scope.h"
#include "core/db/database.h"

namespace fieldvault::core::bundle {

// The bundle path of the attachments' descriptions.
inline constexpr std::string_view kAttachmentListPath = "records/attachment.jsonl";

class ExportPayload {
 public:
  // `db` and `profile` must outlive this object. Records that changed in
  // this vault after `since_micros` (0: all) are exported; custody events
  // after `audit_since_micros`.
  ExportPayload(Database& db, ExportProfile& profile, int64_t since_micros,
                int64_t audit_since_micros)
      : db_(db), profile_(profile), since_(since_micros),
        audit_since_(audit_since_micros) {}

  // With --since-last: the sent bundle the export starts from (whose
  // created_at is `since_micros`). Call before Build. An attachment
  // unchanged since then whose owner goes is left out when a bundle like
  // that one carried it unchanged (sent_attachments.h).
  void SetPreviousExport(std::string bundle_id) {
    previous_bundle_id_ = std::move(bundle_id);
  }

  // The ids of the bundles this vault sent to the same recipients as this
  // one (BundlesSentTo), whose custody events audit.jsonl may carry besides
  // those about the records and attachments it carries (audit_selection.h).
  // Call before Build; without it, audit.jsonl carries no event about a
  // bundle.
  void SetBundlesSentToSameRecipients(std::set<std::string> bundle_ids) {
    audit_selection_ = AuditSelection(std::move(bundle_ids));
  }

  // Limits the payload to the records linked to `incident_ids` (full
  // UUIDs, at least one) instead of those changed since a time. Call
  // before Build.
  void LimitToIncidents(std::vector<std::string> incident_ids) {
    incident_ids_ = std::move(incident_ids);
  }

  // Reads what the profile needs to know and which attachments go, and
  // returns the payload files in bundle order. kIoError, kCorruption;
  // kNotFound for an incident (LimitToIncidents) that is not in the vault.
  Result<std::vector<PayloadFile>> Build();

  // What the last complete pass exported and withheld, by name.
  const std::map<std::string, uint64_t>& record_counts() const { return counts_; }
  const std::map<std::string, uint64_t>& left_out() const { return profile_.left_out(); }
  // The first ids counted under each name of left_out()
  // (ExportProfile::left_out_ids).
  const std::map<std::string, std::vector<std::string>>& left_out_ids() const {
    return profile_.left_out_ids();
  }
  // The ids of the attachments the bundle carries (after Build), with
  // their content or as a description only, for the register of sent
  // attachments: either way the receivers then hold them as they are now.
  std::vector<std::string> attachment_ids() const {
    std::vector<std::string> ids = attachment_ids_;
    ids.insert(ids.end(), descriptions_only_.begin(), descriptions_only_.end());
    return ids;
  }
  // Of these, those that go as a description only.
  const std::vector<std::string>& descriptions_only() const { return descriptions_only_; }
  // The persons whose copy switched between notice and whole in the last
  // complete pass (ExportProfile::switched_persons), for the register of
  // withheld_persons.h.
  const WithheldPersons& switched_persons() const {
    return profile_.switched_persons();
  }

 private:
  Status WriteRecords(std::string_view type, crypto::ByteSink& sink);
  Status WriteStoredRecords(std::string_view type, crypto::ByteSink& sink,
                            uint64_t& count);
  Status WriteAttachment(const std::string& id, crypto::ByteSink& sink);
  Status WriteAttachmentList(crypto::ByteSink& sink);
  Status WriteAudit(crypto::ByteSink& sink);
  Status SelectRecords(const std::set<std::string>& owners);
  Status KeepAttachmentsInScope(std::vector<Attachment>& attachments);
  Result<bool> SentBefore(const Attachment& attachment);
  Result<bool> ContentSentBefore(const Attachment& attachment);
  Result<bool> OwnerKept(const Attachment& attachment);
  bool InScope(const Attachment& attachment) const;
  // Under hq (with the profile's own vault set): `attachment` was added by
  // another vault.
  bool OfOtherVault(const Attachment& attachment) const;
  Status CleanAttachments();
  Result<PayloadFile> AttachmentFile(const std::string& id);

  Database& db_;
  ExportProfile& profile_;
  int64_t since_;
  int64_t audit_since_;
  std::string previous_bundle_id_;  // SetPreviousExport
  std::vector<std::string> incident_ids_;  // empty: not limited
  std::optional<ScopedRecords> scope_;     // set when limited
  // Attachment owners the profile lets out (all the scope's records when
  // limited to incidents).
  std::set<std::string> kept_ids_;
  std::vector<std::string> attachment_ids_;
  // Attachments whose description goes without their content: only the
  // description changed since a bundle like the previous one carried them
  // (ContentSent, sent_attachments.h).
  std::vector<std::string> descriptions_only_;
  // The ids of the attachments in scope that stay home: owner withheld,
  // owner deleted, added by another vault.
  std::vector<std::string> attachments_withheld_;
  std::vector<std::string> attachments_of_deleted_;
  std::vector<std::string> attachments_of_other_vault_;
  // Public profile: the cleaned size and hash of each attachment that
  // leaves, and how many could not be cleaned.
  std::map<std::string, ManifestFile> cleaned_;
  std::vector<std::string> attachments_not_cleaned_;
  std::map<std::string, uint64_t> counts_;
  // The records and attachments the current pass carried, noted as they
  // are written: audit.jsonl, written after them, carries only the events
  // about these.
  AuditSelection audit_selection_;
  int passes_ = 0;  // passes over the payload begun (1: the digest pass)
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_EXPORT_PAYLOAD_H_
