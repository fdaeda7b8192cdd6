#include "core/bundle/export_payload.h"

#include <algorithm>

#include "core/attachments/attachment_store.h"
#include "core/attachments/image_metadata.h"
#include "core/bundle/bundle_format.h"
#include "core/bundle/checked_lines_sink.h"
#include "core/bundle/sent_attachments.h"
#include "core/clock.h"
#include "core/records/local_changes.h"
#include "core/records/record_exchange.h"
#include "core/records/record_json.h"
#include "core/vault/custody_log.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

std::string Dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Collects lines and writes them in blocks of about 64 KiB, so that the
// hashing, tar and age layers below see few large writes, not one or two
// per record.
class LineBuffer {
 public:
  explicit LineBuffer(crypto::ByteSink& sink) : sink_(sink) {}
  Status Add(std::string_view line) {
    buffer_.append(line).push_back('\n');
    return buffer_.size() >= kBlockBytes ? Flush() : Status::Ok();
  }
  Status Flush() {
    Status status = sink_.Write(crypto::AsBytes(buffer_));
    buffer_.clear();
    return status;
  }

 private:
  static constexpr size_t kBlockBytes = 64 * 1024;
  crypto::ByteSink& sink_;
  std::string buffer_;
};

Status WriteLine(crypto::ByteSink& sink, const nlohmann::json& json) {
  return sink.Write(crypto::AsBytes(Dump(json) + "\n"));
}

std::string RecordsPath(std::string_view type) {
  return "records/" + std::string(type) + ".jsonl";
}

// An attachment that could not be read, as the monitor should hear it.
Status ReadFailure(const std::string& id, const Status& read) {
  if (read.code() != StatusCode::kCorruption) return read;
  const std::string hint =
      "run `fieldvault check --attachments` to list every damaged "
      "attachment, and restore the vault from a backup";
  // The store's own finding names the attachment already; a page SQLCipher
  // refused does not.
  if (read.message().starts_with("attachment " + id)) {
    return Status::Corruption(read.message()).WithHint(hint);
  }
  return Status::Corruption("attachment " + id +
                            " cannot be read: the vault is damaged (" +
                            read.message() + ")")
      .WithHint(hint);
}

// Whether a person named by a detention was merged into `person_id`: the
// detainee is then that person too, and a detainee's record that went
// while the person it is merged into stayed home would name a withheld
// record (and point nowhere at the receiver).
Result<bool> DetaineeMergedInto(Database& db, const std::string& person_id) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT 1 FROM persons p JOIN detentions d ON d.person_id = p.id"
                 " WHERE p.merged_into = ? LIMIT 1"));
  FV_RETURN_IF_ERROR(select.BindText(1, person_id));
  return select.Step();
}

// The persons others are merged into that a public bundle may publish:
// live and marked public (the profile also keeps hidden witnesses out).
Result<std::set<std::string>> PublishedMergeTargets(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare("SELECT DISTINCT t.id FROM persons p JOIN persons t ON"
                 " t.id = p.merged_into WHERE t.deleted = 0 AND"
                 " t.confidentiality = 'public'"));
  std::set<std::string> ids;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return ids;
    ids.insert(select.ColumnText(0));
  }
}

// Whether the vault holds a witness account (tombstones included) that
// another vault than `own_vault` recorded: one shared with this vault as
// HQ (export_profile.h, KeepOwnAccountsHome).
Result<bool> HoldsAccountsOfOtherVaults(Database& db, const std::string& own_vault) {
  FV_ASSIGN_OR_RETURN(Statement select,
                      db.Prepare("SELECT 1 FROM witness_accounts"
                                 " WHERE created_by != ?1 LIMIT 1"));
  FV_RETURN_IF_ERROR(select.BindText(1, own_vault));
  return select.Step();
}

}  // namespace

Status ExportPayload::SelectRecords(const std::set<std::string>& owners) {
  if (profile_.kind() == ExportProfile::Kind::kPublic) {
    FV_ASSIGN_OR_RETURN(auto targets, PublishedMergeTargets(db_));
    profile_.SetPublishedMergeTargets(std::move(targets));
  }
  if (profile_.kind() == ExportProfile::Kind::kHq && !profile_.own_vault().empty()) {
    FV_ASSIGN_OR_RETURN(bool at_hq, HoldsAccountsOfOtherVaults(db_, profile_.own_vault()));
    if (at_hq) profile_.KeepOwnAccountsHome();
  }
  // The profile hides the persons who are witnesses without consent,
  // whichever accounts this bundle carries: tell it about every account
  // first, then (under hq) which of those persons are detainees.
  FV_RETURN_IF_ERROR(ExportRecords(
      db_, kWitnessAccountType, 0, [&](const nlohmann::json& json) -> Status {
        FV_ASSIGN_OR_RETURN(WitnessAccount account, WitnessAccountFromJson(json));
        profile_.NoteWitnessAccount(account);
        return Status::Ok();
      }));
  if (profile_.kind() == ExportProfile::Kind::kHq) {
    const std::set<std::string> hidden = profile_.hidden_witness_persons();
    for (const std::string& person : hidden) {
      FV_ASSIGN_OR_RETURN(bool detained, IsDetainee(db_, person));
      if (!detained) {
        FV_ASSIGN_OR_RETURN(detained, DetaineeMergedInto(db_, person));
      }
      if (detained) profile_.KeepDetainee(person);
    }
    FV_ASSIGN_OR_RETURN(WithheldPersons withheld, LoadWithheldPersons(db_));
    profile_.SetWithheldPersons(std::move(withheld));
  }
  if (!incident_ids_.empty()) {
    FV_ASSIGN_OR_RETURN(IncidentScope scope,
                        SelectIncidentScope(db_, profile_, incident_ids_));
    scope_ = std::move(scope.records);
    kept_ids_ = std::move(scope.kept_ids);
    return Status::Ok();
  }
  // Only attachment owners are remembered, so memory follows the number of
  // attachments, not of records; owners of types the profile keeps as
  // stored are looked up one by one instead (OwnerKept).
  for (std::string_view type : ExchangeOrder()) {
    if (owners.empty() || profile_.KeepsAsStored(type)) continue;
    FV_RETURN_IF_ERROR(ExportRecords(
        db_, type, 0, [&](const nlohmann::json& json) -> Status {
          FV_ASSIGN_OR_RETURN(auto kept, profile_.Apply(type, json));
          std::string id = json.value("id", "");
          if (kept && owners.count(id) != 0) kept_ids_.insert(std::move(id));
          return Status::Ok();
        }));
  }
  return Status::Ok();
}

Result<bool> ExportPayload::OwnerKept(const Attachment& attachment) {
  // An owner let out without its attachments (an anonymised witness
  // account) keeps them home, like an owner that is withheld.
  if (!profile_.CarriesAttachmentsOf(attachment.owner_id)) return false;
  if (!scope_ && profile_.KeepsAsStored(attachment.owner_type)) {
    return HasRecord(db_, attachment.owner_type, attachment.owner_id);
  }
  return kept_ids_.count(attachment.owner_id) != 0;
}

bool ExportPayload::OfOtherVault(const Attachment& attachment) const {
  // Under hq, a file another vault added stays home: HQ does not relay one
  // monitor's photos and documents to the others (each laptop is a
  // seizure risk, and the merged detainee list does not need them), and a
  // monitor does not send back to HQ the files HQ sent it (HQ holds them).
  return profile_.kind() == ExportProfile::Kind::kHq && !profile_.own_vault().empty() &&
         attachment.created_by != profile_.own_vault();
}

bool ExportPayload::InScope(const Attachment& attachment) const {
  if (!scope_) return true;
  auto ids = scope_->find(attachment.owner_type);
  return ids != scope_->end() &&
         std::binary_search(ids->second.begin(), ids->second.end(),
                            attachment.owner_id);
}

Status ExportPayload::KeepAttachmentsInScope(std::vector<Attachment>& attachments) {
  if (since_ == 0) return Status::Ok();
  // Since the previous export: those that changed, and those of owners
  // that changed, which may have become exportable with that change
  // (consent granted, re-marked public, named by a new detention:
  // local_changes.h) while their files did not change.
  size_t kept = 0;
  for (size_t i = 0; i < attachments.size(); ++i) {
    const Attachment& a = attachments[i];
    bool changed = a.updated_at > since_;
    if (!changed) {
      FV_ASSIGN_OR_RETURN(changed, ChangedAfter(db_, a.owner_type, a.owner_id, since_));
    }
    if (!changed) continue;
    if (kept != i) attachments[kept] = std::move(attachments[i]);
    ++kept;
  }
  attachments.resize(kept);
  return Status::Ok();
}

Result<bool> ExportPayload::SentBefore(const Attachment& attachment) {
  // Changed since the previous export: it cannot have gone as it is now.
  if (since_ == 0 || attachment.updated_at > since_) return false;
  return SentUnchanged(db_, attachment.id, attachment.updated_at, previous_bundle_id_);
}

Result<bool> ExportPayload::ContentSentBefore(const Attachment& attachment) {
  // Only its description changed since a bundle like the previous one
  // carried it (a name redacted): the receivers hold the content. A public
  // bundle, read with standard tools and never imported, always carries
  // its files.
  if (since_ == 0 || previous_bundle_id_.empty() ||
      profile_.kind() != ExportProfile::Kind::kHq) {
    return false;
  }
  return ContentSent(db_, attachment.id, previous_bundle_id_);
}

Result<std::vector<PayloadFile>> ExportPayload::Build() {
  FV_ASSIGN_OR_RETURN(std::vector<Attachment> attachments,
                      ListAttachments(db_, "", ""));
  FV_RETURN_IF_ERROR(KeepAttachmentsInScope(attachments));
  std::set<std::string> owners;
  for (const Attachment& a : attachments) owners.insert(a.owner_id);
  FV_RETURN_IF_ERROR(SelectRecords(owners));
  // Withheld attachments are counted among the records in scope only: an
  // incident bundle does not count the attachments of other incidents.
  for (const Attachment& attachment : attachments) {
    // A deleted record's files stay home under every profile: its
    // tombstone tells HQ to delete the record, and the monitor deleted it
    // so that what it holds would not be passed on.
    FV_ASSIGN_OR_RETURN(bool owner_deleted,
                        IsTombstone(db_, attachment.owner_type, attachment.owner_id));
    if (owner_deleted) {
      if (InScope(attachment)) attachments_of_deleted_.push_back(attachment.id);
      continue;
    }
    if (OfOtherVault(attachment)) {
      if (InScope(attachment)) attachments_of_other_vault_.push_back(attachment.id);
      continue;
    }
    FV_ASSIGN_OR_RETURN(bool kept, OwnerKept(attachment));
    if (kept) {
      // An owner that goes again after an edit does not take along the
      // files the receiver already has.
      FV_ASSIGN_OR_RETURN(bool sent, SentBefore(attachment));
      if (sent) continue;
      FV_ASSIGN_OR_RETURN(bool content_sent, ContentSentBefore(attachment));
      (content_sent ? descriptions_only_ : attachment_ids_).push_back(attachment.id);
    } else if (InScope(attachment)) {
      attachments_withheld_.push_back(attachment.id);
    }
  }
  // The records and attachments audit.jsonl may name: those of the events
  // after its start (audit_selection.h). A public bundle carries none.
  if (profile_.kind() == ExportProfile::Kind::kHq) {
    FV_RETURN_IF_ERROR(ForEachCustodyRecord(db_, 0, [&](const CustodyRecord& r) {
      if (r.occurred_at_micros > audit_since_) audit_selection_.NoteCandidate(r.event);
      return Status::Ok();
    }));
  }
  std::vector<PayloadFile> files;
  bool first = true;
  for (std::string_view type : ExchangeOrder()) {
    files.push_back({RecordsPath(type), [this, type, first](crypto::ByteSink& sink) {
                       if (first) {  // a new pass begins: count afresh
                         ++passes_;
                         counts_.clear();
                         profile_.ResetCounts();
                         audit_selection_.Clear();
                       }
                       return WriteRecords(type, sink);
                     }});
    first = false;
  }
  files.push_back({std::string(kAttachmentListPath),
                   [this](crypto::ByteSink& sink) { return WriteAttachmentList(sink); }});
  files.push_back({std::string(kAuditPath),
                   [this](crypto::ByteSink& sink) { return WriteAudit(sink); }});
  if (profile_.kind() == ExportProfile::Kind::kPublic) {
    FV_RETURN_IF_ERROR(CleanAttachments());
  }
  for (const std::string& id : attachment_ids_) {
    FV_ASSIGN_OR_RETURN(PayloadFile file, AttachmentFile(id));
    files.push_back(std::move(file));
  }
  return files;
}

Status ExportPayload::CleanAttachments() {
  // Cleaned once here for the size and hash the manifest and the
  // attachment list give, and again as the bundle is written: public
  // bundles are small, and memory stays bounded. The content is hashed
  // as it is read (ContentCheck::kHere), as the bundle cannot carry the
  // hash recorded at ingest that HQ would check it against.
  std::vector<std::string> cleanable;
  for (const std::string& id : attachment_ids_) {
    crypto::HashingSink digest(nullptr);
    MetadataStrippingSink cleaner(digest);
    Status read = ExtractAttachment(db_, id, cleaner, ContentCheck::kHere).status();
    if (read.ok()) read = cleaner.Finish();
    if (cleaner.refused()) {
      attachments_not_cleaned_.push_back(id);
      continue;
    }
    if (!read.ok()) return ReadFailure(id, read);
    cleaned_[id] = {std::string(kAttachmentsDir) + id, digest.bytes_written(),
                    digest.Finish()};
    cleanable.push_back(id);
  }
  attachment_ids_ = std::move(cleanable);
  return Status::Ok();
}

Result<PayloadFile> ExportPayload::AttachmentFile(const std::string& id) {
  if (auto cleaned = cleaned_.find(id); cleaned != cleaned_.end()) {
    return PayloadFile{cleaned->second.path,
                       [this, id](crypto::ByteSink& sink) {
                         MetadataStrippingSink cleaner(sink);
                         FV_RETURN_IF_ERROR(WriteAttachment(id, cleaner));
                         return cleaner.Finish();
                       },
                       cleaned->second};
  }
  FV_ASSIGN_OR_RETURN(Attachment stored, GetAttachment(db_, id));
  FV_ASSIGN_OR_RETURN(auto hash, crypto::HexDecode(stored.blake2b_512));
  if (hash.size() != crypto::kBlake2b512Bytes) {
    return Status::Corruption("attachment " + id + " has a damaged hash");
  }
  ManifestFile known{std::string(kAttachmentsDir) + id, stored.size, {}};
  std::copy(hash.begin(), hash.end(), known.blake2b.begin());
  return PayloadFile{known.path,
                     [this, id](crypto::ByteSink& sink) {
                       return WriteAttachment(id, sink);
                     },
                     known};
}

Status ExportPayload::WriteAttachment(const std::string& id,
                                     crypto::ByteSink& sink) {
  // Not hashed again: the manifest lists the hash recorded at ingest
  // (`known`), SQLCipher authenticates every page read, the chunks and the
  // size are checked here, and HQ checks every byte against the manifest.
  // `check --attachments` re-hashes them at home.
  return ReadFailure(
      id, ExtractAttachment(db_, id, sink, ContentCheck::kChunksAndSize).status());
}

Status ExportPayload::WriteRecords(std::string_view type, crypto::ByteSink& sink) {
  uint64_t& count = counts_[std::string(type)] = 0;
  if (!scope_ && profile_.KeepsAsStored(type)) {
    // The second pass need not check the lines again: the bundle writer
    // refuses one whose bytes hash differently from the first's.
    if (passes_ != 1) return WriteStoredRecords(type, sink, count);
    // The first (digest) pass checks that every line is JSON, on a second
    // thread while this one reads the vault.
    CheckedLinesSink checked(sink, std::string(type));
    FV_RETURN_IF_ERROR(WriteStoredRecords(type, checked, count));
    return checked.Finish();
  }
  LineBuffer lines(sink);
  auto write = [&](const nlohmann::json& json) -> Status {
    FV_ASSIGN_OR_RETURN(auto kept, profile_.Apply(type, json));
    if (!kept) return Status::Ok();
    ++count;
    audit_selection_.NoteCarried(json.value("id", ""));
    return lines.Add(Dump(*kept));
  };
  if (!scope_) {
    FV_RETURN_IF_ERROR(ExportRecords(db_, type, since_, write));
  } else if (auto ids = scope_->find(type); ids != scope_->end()) {
    FV_RETURN_IF_ERROR(ExportRecordsWithIds(db_, type, ids->second, write));
  }
  return lines.Flush();
}

Status ExportPayload::WriteStoredRecords(std::string_view type,
                                         crypto::ByteSink& sink, uint64_t& count) {
  // Leaves as stored: the stored text is already the canonical JSON, so it
  // is not parsed and dumped again (ExportRecordTexts); the caller checks it.
  LineBuffer lines(sink);
  FV_RETURN_IF_ERROR(ExportRecordTexts(
      db_, type, since_, TextCheck::kAlreadyChecked,
      [&](std::string_view id, std::string_view body) {
        ++count;
        audit_selection_.NoteCarried(id);
        return lines.Add(body);
      }));
  return lines.Flush();
}

Status ExportPayload::WriteAttachmentList(crypto::ByteSink& sink) {
  counts_["attachment"] = 0;
  // Counted in each pass, after the records reset the profile's counts.
  profile_.CountLeftOut("attachment", attachments_withheld_);
  profile_.CountLeftOut("attachment_of_deleted_record", attachments_of_deleted_);
  profile_.CountLeftOut("attachment_of_other_vault", attachments_of_other_vault_);
  profile_.CountLeftOut("attachment_with_metadata", attachments_not_cleaned_);
  std::vector<std::string> described = attachment_ids_;
  described.insert(described.end(), descriptions_only_.begin(), descriptions_only_.end());
  for (const std::string& id : described) {
    FV_ASSIGN_OR_RETURN(Attachment a, GetAttachment(db_, id));
    std::string blake2b = a.blake2b_512;
    if (auto cleaned = cleaned_.find(id); cleaned != cleaned_.end()) {
      a.size = cleaned->second.size;
      blake2b = crypto::HexEncode(cleaned->second.blake2b);
    }
    // A file's name and when it was captured are metadata too: they stay
    // home from a public bundle.
    const bool hq = profile_.kind() == ExportProfile::Kind::kHq;
    nlohmann::json name = nullptr;
    if (a.original_name && hq) name = *a.original_name;
    FV_RETURN_IF_ERROR(WriteLine(
        sink, {{"id", a.id}, {"owner_type", a.owner_type}, {"owner_id", a.owner_id},
               {"original_name", name}, {"mime_type", a.mime_type},
               {"size", a.size}, {"blake2b", blake2b},
               {"captured_at", hq ? a.captured_at.text() : ""},
               {"created_at", FormatUtc(a.created_at)},
               {"created_by", hq ? a.created_by : "withheld"},
               {"version", a.version}}));
    ++counts_["attachment"];
    audit_selection_.NoteCarried(a.id);
  }
  return Status::Ok();
}

Status ExportPayload::WriteAudit(crypto::ByteSink& sink) {
  // Custody details name labels and record ids: they stay home in a
  // bundle meant for publication.
  if (profile_.kind() == ExportProfile::Kind::kPublic) return Status::Ok();
  // Written after the records and attachment descriptions of the same
  // pass (Build's order), whose ids audit_selection_ now holds: only the
  // events the recipients may see go (audit_selection.h).
  return ForEachCustodyRecord(db_, 0, [&](const CustodyRecord& r) -> Status {
    if (r.occurred_at_micros <= audit_since_) return Status::Ok();
    if (!audit_selection_.Carries(r.event)) return Status::Ok();
    return WriteLine(sink, {{"sequence", r.sequence},
                            {"occurred_at", FormatUtc(r.occurred_at_micros)},
                            {"actor", r.actor},
                            {"action", r.event.action},
                            {"record_type", r.event.record_type},
                            {"record_id", r.event.record_id},
                            {"bundle_id", r.event.bundle_id},
                            {"detail", r.event.detail},
                            {"hash", crypto::HexEncode(r.hash)}});
  });
}

}  // namespace fieldvault::core::bundle
