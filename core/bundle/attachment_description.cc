#include "core/bundle/attachment_description.h"

#include <array>

#include <nlohmann/json.hpp>

#include "core/records/json_reader.h"
#include "core/uuid.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

// Every field the writer puts on a line (export_payload.cc); all required,
// only original_name may be null.
constexpr std::array<std::string_view, 11> kFields = {
    "id", "owner_type", "owner_id", "original_name", "mime_type", "size",
    "blake2b", "captured_at", "created_at", "created_by", "version"};

Status Bad(const std::string& where, const std::string& what) {
  return Status::Corruption(where + ": " + what);
}

}  // namespace

Result<AttachmentDescription> ParseAttachmentDescription(std::string_view line,
                                                         const std::string& where) {
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Bad(where, "not a JSON object");
  for (std::string_view field : kFields) {
    auto it = json.find(field);
    if (it == json.end() || (it->is_null() && field != "original_name")) {
      return Bad(where, "field '" + std::string(field) + "' is missing");
    }
  }
  AttachmentDescription d;
  NewAttachment& r = d.request;
  std::string name, captured, created_at, created_by;
  int64_t size = 0;
  JsonReader reader(json, where);
  reader.Text("id", &d.id);
  reader.Text("owner_type", &r.owner_type);
  reader.Text("owner_id", &r.owner_id);
  reader.Text("original_name", &name);
  reader.Text("mime_type", &r.mime_type);
  reader.Int("size", &size);
  reader.Text("blake2b", &d.blake2b);
  reader.Text("captured_at", &captured);
  reader.Text("created_at", &created_at);
  reader.Text("created_by", &created_by);
  reader.Int("version", &r.version);
  Status read = reader.Finish();
  if (!read.ok()) return Status::Corruption(read.message());
  if (!IsCanonicalUuid(d.id)) return Bad(where, "field 'id' is not a UUID");
  if (size < 0) return Bad(where, "field 'size' is negative");
  if (r.version < 1) return Bad(where, "field 'version' must be 1 or more");
  auto date = PartialDate::Parse(captured);
  if (!date.ok()) return Bad(where, "field 'captured_at' is not a date");
  d.size = static_cast<uint64_t>(size);
  r.captured_at = *date;
  r.name_redacted = json["original_name"].is_null();
  r.original_name = name;
  d.metadata = {r.name_redacted ? std::nullopt : std::optional<std::string>(name),
                r.captured_at, r.version};
  return d;
}

Status CheckAgainstManifest(const AttachmentDescription& description,
                            const ManifestFile& content) {
  if (description.size != content.size ||
      description.blake2b != crypto::HexEncode(content.blake2b)) {
    return Status::Corruption("attachment " + description.id +
                              ": its description and the manifest give a "
                              "different size or BLAKE2b");
  }
  return Status::Ok();
}

}  // namespace fieldvault::core::bundle
