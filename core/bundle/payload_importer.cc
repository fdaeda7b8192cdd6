#include "core/bundle/payload_importer.h"

#include <array>
#include <utility>
#include <vector>

#include "core/attachments/attachment_store.h"
#include "core/bundle/attachment_owner_check.h"
#include "core/bundle/bundle_format.h"
#include "core/bundle/export_payload.h"
#include "core/bundle/received_audit.h"
#include "core/bundle/record_lines.h"
#include "core/records/model.h"
#include "core/records/partial_date.h"
#include "core/records/record_rows.h"
#include "core/uuid.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

// The words records use for the same outcomes (ImportOutcomeName).
std::string_view MetadataChangeName(MetadataChange change) {
  switch (change) {
    case MetadataChange::kUpdated: return "updated";
    case MetadataChange::kUnchanged: return "unchanged";
    case MetadataChange::kIgnoredOlder: return "ignored (older)";
  }
  return "unknown";
}

// A detention or witness account whose incident or person this vault
// does not hold fails its insert's foreign key (the bundle carries them
// before it, so they are not in the bundle either): says which record is
// missing and what to do, not SQLite's words. Any other failure as is.
Status ExplainMissingReference(Database& db, std::string_view type,
                               const nlohmann::json& body, const Status& failure) {
  if (failure.message().find("FOREIGN KEY") == std::string::npos) return failure;
  if (type != kDetentionType && type != kWitnessAccountType) return failure;
  std::vector<std::pair<std::string_view, const char*>> references = {
      {kIncidentType, "incident_id"}};
  if (type == kDetentionType) references.push_back({kPersonType, "person_id"});
  RecordRows rows(db);
  for (const auto& [ref_type, field] : references) {
    auto ref = body.find(field);
    if (ref == body.end() || !ref->is_string()) continue;
    auto stored = rows.Load(ref_type, ref->get<std::string>());
    if (stored.ok() && !*stored) {
      return RecordReferenceNowhere(type, body.value("id", ""), ref_type,
                                    ref->get<std::string>());
    }
  }
  return failure;
}

}  // namespace

Status ForEachLine(crypto::ByteSource& source,
                   const std::function<Status(std::string_view)>& line,
                   size_t max_line_bytes) {
  std::array<uint8_t, 64 * 1024> buffer;
  std::string pending;
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, source.Read(buffer));
    if (n == 0) break;
    size_t start = 0;
    for (size_t i = 0; i < n; ++i) {
      if (buffer[i] != '\n') continue;
      pending.append(reinterpret_cast<const char*>(buffer.data()) + start, i - start);
      if (pending.size() > max_line_bytes) {
        return Status::Corruption("a line is longer than the format allows");
      }
      FV_RETURN_IF_ERROR(line(pending));
      pending.clear();
      start = i + 1;
    }
    pending.append(reinterpret_cast<const char*>(buffer.data()) + start, n - start);
    if (pending.size() > max_line_bytes) {
      return Status::Corruption("a line is longer than the format allows");
    }
  }
  if (!pending.empty()) return Status::Corruption("the last line has no newline");
  return Status::Ok();
}

void PayloadImporter::ExpectFiles(const std::vector<ManifestFile>& files) {
  for (const ManifestFile& file : files) {
    if (file.path.starts_with(kAttachmentsDir)) {
      with_content_.insert(file.path.substr(kAttachmentsDir.size()));
    }
  }
}

Status PayloadImporter::ImportDescriptionOnly(const AttachmentDescription& d) {
  // The sender sent the content in an earlier bundle and only the
  // description changed since (a name redacted). Held here as sent, the
  // attachment takes the newer description; otherwise (that bundle not
  // imported yet, or the content kept under another id) there is nothing
  // to describe, and the description waits for the sender's next --all.
  auto held = GetAttachment(db_, d.id);
  if (!held.ok() && held.status().code() != StatusCode::kNotFound) return held.status();
  if (!held.ok() || held->size != d.size || held->blake2b_512 != d.blake2b) {
    ++outcomes_["attachment"]["not held (description only)"];
    return Status::Ok();
  }
  ++attachments_held_;
  FV_ASSIGN_OR_RETURN(MetadataChange change,
                      ApplyReceivedMetadata(db_, d.id, d.metadata, provenance_.received_at));
  ++outcomes_["attachment"][std::string(MetadataChangeName(change))];
  return Status::Ok();
}

Status PayloadImporter::Import(const ManifestFile& file, crypto::ByteSource& content) {
  const std::string& path = file.path;
  if (path == kAuditPath) {
    FV_ASSIGN_OR_RETURN(audit_events_, StoreSentAudit(db_, content, provenance_));
    return Status::Ok();
  }
  if (path == kAttachmentListPath) {
    uint64_t line_number = 0;
    return ForEachLine(content, [&](std::string_view line) -> Status {
      const std::string where = path + " line " + std::to_string(++line_number);
      FV_ASSIGN_OR_RETURN(AttachmentDescription d, ParseAttachmentDescription(line, where));
      if (with_content_.count(d.id) == 0) {
        Status applied = ImportDescriptionOnly(d);
        return applied.ok() ? applied : applied.WithContext(where);
      }
      std::string id = d.id;
      descriptions_[id] = std::move(d);
      return Status::Ok();
    });
  }
  if (path.starts_with(kAttachmentsDir)) {
    return ImportAttachment(path.substr(kAttachmentsDir.size()), file, content);
  }
  constexpr std::string_view kSuffix = ".jsonl";
  if (path.starts_with(kRecordsDir) && path.ends_with(kSuffix)) {
    std::string type = path.substr(kRecordsDir.size(),
                                   path.size() - kRecordsDir.size() - kSuffix.size());
    return ImportRecords(type, content);
  }
  return Status::Corruption("the bundle holds a file fieldvault does not know: '" +
                            path + "'");
}

Status PayloadImporter::ImportRecords(std::string_view type,
                                      crypto::ByteSource& content) {
  const std::string path = "records/" + std::string(type) + ".jsonl";
  // Lines are parsed and checked on a second thread while this one merges
  // the records before them.
  return ForEachPreparedRecord(
      content, path, type, kMaxJsonLineBytes,
      [&](uint64_t line, Result<PreparedRecord>& prepared) -> Status {
        if (!prepared.ok()) return prepared.status();
        auto outcome = records_.Apply(*prepared, provenance_);
        if (!outcome.ok()) {
          return ExplainMissingReference(db_, type, prepared->body, outcome.status())
              .WithContext(path + " line " + std::to_string(line));
        }
        ++outcomes_[std::string(type)][std::string(ImportOutcomeName(*outcome))];
        return Status::Ok();
      });
}

Result<bool> PayloadImporter::AlreadyHeld(const std::string& id,
                                          const ManifestFile& expected) {
  auto held = GetAttachment(db_, id);
  if (!held.ok()) {
    if (held.status().code() == StatusCode::kNotFound) return false;
    return held.status();
  }
  return held->size == expected.size &&
         held->blake2b_512 == crypto::HexEncode(expected.blake2b);
}

// Records come before attachments in a bundle, so by now the owner is
// stored if the bundle carried it. A sender puts an attachment in a bundle
// only with its owner, or after a bundle that carried the owner
// (docs/bundle-format.md): one whose owner is in neither is refused, as a
// record naming an absent one is, rather than stored where no list of its
// owner shows it and no later export carries it. A tombstone counts as
// held: the receiver deleting the owner is not the sender's fault.
Status PayloadImporter::CheckOwnerHeld(const std::string& id,
                                       const AttachmentDescription& d) {
  const std::string& type = d.request.owner_type;
  const std::string& owner = d.request.owner_id;
  if (RecordTable(type).empty()) {
    return Status::Corruption("attachment " + id + " belongs to an unknown record "
                              "type '" + type + "'");
  }
  RecordRows rows(db_);
  FV_ASSIGN_OR_RETURN(auto stored, rows.Load(type, owner));
  if (stored) return Status::Ok();
  return AttachmentOwnerNowhere(id, type, owner);
}

Status PayloadImporter::ImportAttachment(const std::string& id,
                                         const ManifestFile& expected,
                                         crypto::ByteSource& content) {
  auto it = descriptions_.find(id);
  if (it == descriptions_.end()) {
    return Status::Corruption("attachment " + id + " has no description in " +
                              std::string(kAttachmentListPath));
  }
  const AttachmentDescription& d = it->second;
  FV_RETURN_IF_ERROR(CheckAgainstManifest(d, expected));
  // The attachment keeps the sender's id, so that the same attachment in a
  // later bundle is recognised (its bytes are still read and checked by
  // the bundle reader) instead of stored twice; only its metadata may have
  // moved on (a name redacted since). An id already held with other
  // content (a damaged or hostile sender: content never changes under
  // one id) gets a local id, counted as "kept_under_new_id" so that the
  // import report says so; the bundle stays in the custody log.
  FV_ASSIGN_OR_RETURN(bool held, AlreadyHeld(id, expected));
  if (held) {
    ++attachments_held_;
    FV_ASSIGN_OR_RETURN(MetadataChange change,
                        ApplyReceivedMetadata(db_, id, d.metadata, provenance_.received_at));
    ++outcomes_["attachment"][std::string(MetadataChangeName(change))];
    return Status::Ok();
  }
  FV_RETURN_IF_ERROR(CheckOwnerHeld(id, d));
  NewAttachment request = d.request;
  // The bundle reader fails the content's last read unless it matches the
  // manifest's BLAKE2b-512, so the store need not hash it again.
  request.verified_blake2b = expected.blake2b;
  const bool id_free = IsCanonicalUuid(id) && !GetAttachment(db_, id).ok();
  if (id_free) request.id = id;
  auto added = AddAttachment(db_, request, content, random_,
                             provenance_.received_at, provenance_.signer);
  if (!added.ok()) return added.status().WithContext("attachment " + id);
  if (!id_free) ++outcomes_["attachment"]["kept_under_new_id"];
  ++attachments_;
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
