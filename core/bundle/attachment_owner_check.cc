#include "core/bundle/attachment_owner_check.h"

#include <array>
#include <functional>

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

namespace {

constexpr size_t kFilterBits = size_t{1} << 25;  // 4 MiB
constexpr int kFilterHashes = 4;

// splitmix64's finaliser: spreads the bits of a hash over the word.
uint64_t Mix(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The filter positions of (type, id): double hashing of one 64-bit hash.
std::array<size_t, kFilterHashes> Positions(std::string_view type, std::string_view id) {
  std::string key(type);
  key += '\0';
  key += id;
  const uint64_t h1 = std::hash<std::string>{}(key);
  const uint64_t h2 = Mix(h1) | 1;
  std::array<size_t, kFilterHashes> positions;
  for (int i = 0; i < kFilterHashes; ++i) {
    positions[i] = static_cast<size_t>((h1 + static_cast<uint64_t>(i) * h2) % kFilterBits);
  }
  return positions;
}

}  // namespace

AttachmentOwnerCheck::AttachmentOwnerCheck(Database& db,
                                           RecordLineObserver observe)
    : db_(db), observe_(std::move(observe)), carried_(kFilterBits / 64) {}

void AttachmentOwnerCheck::NoteCarried(std::string_view type, std::string_view id) {
  for (size_t bit : Positions(type, id)) carried_[bit / 64] |= uint64_t{1} << (bit % 64);
}

bool AttachmentOwnerCheck::MayBeCarried(std::string_view type, std::string_view id) const {
  for (size_t bit : Positions(type, id)) {
    if ((carried_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return false;
  }
  return true;
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
      if (auto id = TopLevelId(line)) NoteCarried(type, *id);
      return observe_ ? observe_(type, line) : Status::Ok();
    });
  }
  if (!path.starts_with(kAttachmentsDir)) return Status::Ok();
  const std::string id = path.substr(kAttachmentsDir.size());
  auto owner = owners_.find(id);
  // Without a description the import refuses it anyway, naming that.
  if (owner == owners_.end() || MayBeCarried(owner->second.first, owner->second.second)) {
    return Status::Ok();
  }
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
