#include "core/bundle/attachment_owner_check.h"

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_format.h"
#include "core/bundle/export_payload.h"
#include "core/bundle/payload_importer.h"
#include "core/records/record_rows.h"

namespace fieldvault::core::bundle {

Status AttachmentOwnerNowhere(std::string_view id, std::string_view owner_type,
                              std::string_view owner_id) {
  return Status::Corruption("attachment " + std::string(id) + " belongs to " +
                            std::string(owner_type) + " " + std::string(owner_id) +
                            ", which is neither in the bundle nor in this vault")
      .WithHint("an attachment travels with its record or after it: if earlier "
                "bundles from this sender are missing (see the sequence check), "
                "import them first, or ask the sender for `fieldvault export "
                "--all`, then import this bundle again; otherwise keep it as evidence");
}

std::optional<std::string_view> TopLevelId(std::string_view line) {
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    size_t end = i + 1;  // the closing quote, past escapes
    while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
    if (end >= line.size()) return std::nullopt;
    const std::string_view text = line.substr(i + 1, end - i - 1);
    size_t next = end + 1;
    while (next < line.size() && line[next] == ' ') ++next;
    const bool is_key = next < line.size() && line[next] == ':';
    if (depth == 1 && is_key && text == "id") {
      size_t value = next + 1;
      while (value < line.size() && line[value] == ' ') ++value;
      if (value >= line.size() || line[value] != '"') return std::nullopt;
      const size_t close = line.find('"', value + 1);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view id = line.substr(value + 1, close - value - 1);
      if (id.find('\\') != std::string_view::npos) return std::nullopt;
      return id;
    }
    i = end;
  }
  return std::nullopt;
}

Status AttachmentOwnerCheck::Check(const ManifestFile& file,
                                   crypto::ByteSource& content) {
  const std::string& path = file.path;
  constexpr std::string_view kSuffix = ".jsonl";
  if (path == kAttachmentListPath) {
    uint64_t line_number = 0;
    return ForEachLine(content, [&](std::string_view line) -> Status {
      const std::string where = path + " line " + std::to_string(++line_number);
      FV_ASSIGN_OR_RETURN(AttachmentDescription d, ParseAttachmentDescription(line, where));
      owners_[d.id] = {d.request.owner_type, d.request.owner_id};
      return Status::Ok();
    });
  }
  if (path.starts_with(kRecordsDir) && path.ends_with(kSuffix)) {
    const std::string type = path.substr(kRecordsDir.size(),
                                         path.size() - kRecordsDir.size() - kSuffix.size());
    return ForEachLine(content, [&](std::string_view line) -> Status {
      if (auto id = TopLevelId(line)) carried_.insert({type, std::string(*id)});
      return Status::Ok();
    });
  }
  if (!path.starts_with(kAttachmentsDir)) return Status::Ok();
  const std::string id = path.substr(kAttachmentsDir.size());
  auto owner = owners_.find(id);
  // Without a description the import refuses it anyway, naming that.
  if (owner == owners_.end() || carried_.contains(owner->second)) return Status::Ok();
  if (GetAttachment(db_, id).ok()) return Status::Ok();  // already held
  RecordRows rows(db_);
  if (RecordTable(owner->second.first).empty()) {
    return AttachmentOwnerNowhere(id, owner->second.first, owner->second.second);
  }
  FV_ASSIGN_OR_RETURN(auto stored, rows.Load(owner->second.first, owner->second.second));
  if (stored) return Status::Ok();
  return AttachmentOwnerNowhere(id, owner->second.first, owner->second.second);
}

}  // namespace fieldvault::core::bundle
