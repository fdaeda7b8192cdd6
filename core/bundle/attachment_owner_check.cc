#include "core/bundle/attachment_owner_check.h"

#include <algorithm>
#include <array>
#include <functional>

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_format.h"
#include "core/bundle/export_payload.h"
#include "core/bundle/payload_importer.h"
#include "core/records/model.h"
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

Status RecordReferenceNowhere(std::string_view type, std::string_view id,
                              std::string_view ref_type, std::string_view ref_id) {
  return Status::Corruption(std::string(RecordNoun(type)) + " " + std::string(id) +
                            " names " + std::string(ref_type) + " " +
                            std::string(ref_id) +
                            ", which is neither in the bundle nor in this vault")
      .WithHint("the " + std::string(ref_type) + " came in an earlier bundle from "
                "this sender that was not imported here: import the missing "
                "bundles first (see the sequence check), oldest first, or ask the "
                "sender for `fieldvault export --all`, then import this bundle "
                "again; otherwise keep it as evidence");
}

namespace {

// The end of the JSON string whose opening quote is at `open`: the index
// of its closing quote, past escapes, or line.size() when there is none.
size_t StringEnd(std::string_view line, size_t open) {
  size_t end = open + 1;
  while (end < line.size() && line[end] != '"') end += line[end] == '\\' ? 2 : 1;
  return std::min(end, line.size());
}

}  // namespace

void ForEachTopLevelText(
    std::string_view line,
    const std::function<void(std::string_view key, std::string_view value)>& member) {
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    const size_t end = StringEnd(line, i);
    if (end >= line.size()) return;
    const std::string_view key = line.substr(i + 1, end - i - 1);
    i = end;
    size_t next = end + 1;
    while (next < line.size() && line[next] == ' ') ++next;
    if (depth != 1 || next >= line.size() || line[next] != ':') continue;
    size_t value = next + 1;
    while (value < line.size() && line[value] == ' ') ++value;
    if (value >= line.size() || line[value] != '"') continue;
    const size_t close = StringEnd(line, value);
    if (close >= line.size()) return;
    const std::string_view text = line.substr(value + 1, close - value - 1);
    if (text.find('\\') == std::string_view::npos) member(key, text);
    i = close;
  }
}

std::optional<std::string_view> TopLevelId(std::string_view line) {
  std::optional<std::string_view> id;
  ForEachTopLevelText(line, [&](std::string_view key, std::string_view value) {
    if (key == "id" && !id) id = value;
  });
  return id;
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

Status AttachmentOwnerCheck::RequireReference(std::string_view type,
                                              std::string_view id,
                                              std::string_view ref_type,
                                              std::string_view ref_id) {
  // An empty or malformed reference is for the importer's full parse.
  if (ref_id.empty() || MayBeCarried(ref_type, ref_id)) return Status::Ok();
  std::string key = std::string(ref_type) + " " + std::string(ref_id);
  if (held_.contains(key)) return Status::Ok();
  // A tombstone counts: the foreign key holds, as on import.
  FV_ASSIGN_OR_RETURN(auto stored, RecordRows(db_).Load(ref_type, ref_id));
  if (!stored) return RecordReferenceNowhere(type, id, ref_type, ref_id);
  held_.insert(std::move(key));
  return Status::Ok();
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
    const bool refers = type == kDetentionType || type == kWitnessAccountType;
    return ForEachLine(content, [&](std::string_view line) -> Status {
      std::string_view id, incident, person;
      ForEachTopLevelText(line, [&](std::string_view key, std::string_view value) {
        if (key == "id" && id.empty()) id = value;
        if (key == "incident_id" && incident.empty()) incident = value;
        if (key == "person_id" && person.empty()) person = value;
      });
      if (!id.empty()) NoteCarried(type, id);
      if (refers) {
        FV_RETURN_IF_ERROR(RequireReference(type, id, kIncidentType, incident));
        if (type == kDetentionType) {
          FV_RETURN_IF_ERROR(RequireReference(type, id, kPersonType, person));
        }
      }
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
