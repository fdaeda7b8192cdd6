#include "core/bundle/manifest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <set>
#include <vector>

#include "core/bundle/bundle_format.h"
#include "core/text/utf8.h"
#include "core/uuid.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

Status Bad(std::string_view field, std::string_view problem) {
  return Status::Corruption("manifest: " + std::string(field) + " " +
                            std::string(problem));
}

bool IsHexOf(std::string_view text, size_t size, bool upper) {
  if (text.size() != size) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= '0' && c <= '9') ||
           (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f'));
  });
}

bool IsUtcTimestamp(std::string_view text) {
  // Exactly the form FormatUtc writes: YYYY-MM-DDTHH:MM:SSZ.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9')
                               : text[i] == kShape[i];
    if (!ok) return false;
  }
  return true;
}

bool IsCountKey(std::string_view key) {
  return !key.empty() && key.size() <= 64 &&
         std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || c == '_';
         });
}

// Reads the fields of one JSON object, refusing unknown ones.
class Fields {
 public:
  Fields(const Json& object, std::string where)
      : object_(object), where_(std::move(where)) {}

  Status Only(std::initializer_list<std::string_view> known) const {
    if (!object_.is_object()) return Bad(where_, "is not a JSON object");
    for (const auto& [key, value] : object_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Bad(Name(key), "is not a known field");
      }
    }
    return Status::Ok();
  }
  Result<const Json*> Get(std::string_view key, Json::value_t type) const {
    auto it = object_.find(key);
    if (it == object_.end()) return Bad(Name(key), "is missing");
    bool ok = it->type() == type ||
              (type == Json::value_t::number_unsigned &&
               it->is_number_unsigned());
    if (!ok) return Bad(Name(key), "has the wrong type");
    return &*it;
  }
  Result<std::string> String(std::string_view key) const {
    FV_ASSIGN_OR_RETURN(const Json* value, Get(key, Json::value_t::string));
    std::string text = value->get<std::string>();
    // No manifest field needs a control character; in a forged one they
    // would be terminal escapes aimed at whoever reads the verify report.
    if (FindControlCharacterInLine(text) != std::string::npos) {
      return Bad(Name(key), "holds a control character");
    }
    return text;
  }
  Result<uint64_t> Unsigned(std::string_view key) const {
    FV_ASSIGN_OR_RETURN(const Json* value,
                        Get(key, Json::value_t::number_unsigned));
    return value->get<uint64_t>();
  }
  std::string Name(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
  }

 private:
  const Json& object_;
  std::string where_;
};

Result<std::map<std::string, uint64_t>> ParseCounts(const Fields& parent,
                                                    std::string_view key) {
  FV_ASSIGN_OR_RETURN(const Json* object, parent.Get(key, Json::value_t::object));
  std::map<std::string, uint64_t> counts;
  for (const auto& [name, value] : object->items()) {
    if (!IsCountKey(name)) return Bad(parent.Name(key), "has a bad name");
    if (!value.is_number_unsigned()) {
      return Bad(parent.Name(key) + "." + name, "is not a count");
    }
    counts[name] = value.get<uint64_t>();
  }
  return counts;
}

Result<ManifestSender> ParseSender(const Fields& top) {
  FV_ASSIGN_OR_RETURN(const Json* object, top.Get("sender", Json::value_t::object));
  Fields fields(*object, "sender");
  FV_RETURN_IF_ERROR(
      fields.Only({"minisign_public_key", "key_id", "display_name"}));
  ManifestSender sender;
  FV_ASSIGN_OR_RETURN(sender.minisign_public_key,
                      fields.String("minisign_public_key"));
  FV_ASSIGN_OR_RETURN(sender.key_id, fields.String("key_id"));
  FV_ASSIGN_OR_RETURN(sender.display_name, fields.String("display_name"));
  if (sender.minisign_public_key.empty() ||
      sender.minisign_public_key.size() > 128) {
    return Bad("sender.minisign_public_key", "has a bad length");
  }
  if (!IsHexOf(sender.key_id, 16, true)) {
    return Bad("sender.key_id", "is not 16 uppercase hex digits");
  }
  if (sender.display_name.size() > 200) {
    return Bad("sender.display_name", "is too long");
  }
  return sender;
}

Result<ManifestScope> ParseScope(const Fields& top) {
  FV_ASSIGN_OR_RETURN(const Json* object, top.Get("scope", Json::value_t::object));
  Fields fields(*object, "scope");
  FV_RETURN_IF_ERROR(fields.Only({"kind", "since", "incident_ids"}));
  ManifestScope scope;
  FV_ASSIGN_OR_RETURN(scope.kind, fields.String("kind"));
  FV_ASSIGN_OR_RETURN(scope.since, fields.String("since"));
  FV_ASSIGN_OR_RETURN(const Json* ids,
                      fields.Get("incident_ids", Json::value_t::array));
  if (scope.kind != "all" && scope.kind != "since-last" &&
      scope.kind != "incidents") {
    return Bad("scope.kind", "is not all, since-last or incidents");
  }
  if (!scope.since.empty() && !IsUtcTimestamp(scope.since)) {
    return Bad("scope.since", "is not a UTC timestamp");
  }
  for (const Json& id : *ids) {
    if (!id.is_string() || !IsCanonicalUuid(id.get<std::string>())) {
      return Bad("scope.incident_ids", "holds something that is not a UUID");
    }
    scope.incident_ids.push_back(id.get<std::string>());
  }
  return scope;
}

Result<ManifestFile> ParseFile(const Json& object, std::set<std::string>& seen) {
  Fields fields(object, "files[]");
  FV_RETURN_IF_ERROR(fields.Only({"path", "size", "blake2b"}));
  ManifestFile file;
  FV_ASSIGN_OR_RETURN(file.path, fields.String("path"));
  FV_ASSIGN_OR_RETURN(file.size, fields.Unsigned("size"));
  FV_ASSIGN_OR_RETURN(std::string hash, fields.String("blake2b"));
  Status path_ok = CheckMemberPath(file.path);
  if (!path_ok.ok()) return path_ok.WithContext("manifest");
  if (file.path == kManifestPath || file.path == kSignaturePath) {
    return Bad("files[]", "lists the manifest or its signature");
  }
  if (!seen.insert(file.path).second) {
    return Bad("files[]", "lists '" + file.path + "' twice");
  }
  if (!IsHexOf(hash, 2 * crypto::kBlake2b512Bytes, false)) {
    return Bad("files[].blake2b", "is not 128 lowercase hex digits");
  }
  auto bytes = crypto::HexDecode(hash);
  std::copy(bytes->begin(), bytes->end(), file.blake2b.begin());
  return file;
}

Status ParseHeaderFields(const Fields& top, Manifest& manifest) {
  FV_ASSIGN_OR_RETURN(std::string format, top.String("format"));
  if (format != kFormatName) {
    return Status::Unsupported("this is not a fieldvault bundle manifest")
        .WithHint("the file may come from another program");
  }
  FV_ASSIGN_OR_RETURN(uint64_t version, top.Unsigned("version"));
  if (version != static_cast<uint64_t>(kFormatVersion)) {
    return Status::Unsupported("bundle format version " +
                               std::to_string(version) + " is not supported")
        .WithHint("update fieldvault to read bundles from newer versions");
  }
  FV_ASSIGN_OR_RETURN(manifest.bundle_id, top.String("bundle_id"));
  if (!IsCanonicalUuid(manifest.bundle_id)) return Bad("bundle_id", "is not a UUID");
  FV_ASSIGN_OR_RETURN(manifest.created_at, top.String("created_at"));
  if (!IsUtcTimestamp(manifest.created_at)) {
    return Bad("created_at", "is not a UTC timestamp");
  }
  FV_ASSIGN_OR_RETURN(manifest.sender, ParseSender(top));
  FV_ASSIGN_OR_RETURN(manifest.sequence, top.Unsigned("sequence"));
  if (manifest.sequence == 0) return Bad("sequence", "must be at least 1");
  return Status::Ok();
}

Status ParsePrevious(const Json& top, Manifest& manifest) {
  auto it = top.find("previous_manifest_blake2b");
  if (it == top.end()) return Bad("previous_manifest_blake2b", "is missing");
  if (it->is_null()) {
    if (manifest.sequence != 1) {
      return Bad("previous_manifest_blake2b", "is null after sequence 1");
    }
    return Status::Ok();
  }
  if (!it->is_string() || !IsHexOf(it->get<std::string>(), 128, false)) {
    return Bad("previous_manifest_blake2b", "is not 128 lowercase hex digits");
  }
  if (manifest.sequence == 1) {
    return Bad("previous_manifest_blake2b", "must be null at sequence 1");
  }
  auto bytes = crypto::HexDecode(it->get<std::string>());
  crypto::Blake2b512 hash;
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  manifest.previous_manifest = hash;
  return Status::Ok();
}

Status ParseBody(const Fields& top, Manifest& manifest) {
  FV_ASSIGN_OR_RETURN(const Json* recipients,
                      top.Get("recipients", Json::value_t::array));
  for (const Json& recipient : *recipients) {
    if (!recipient.is_string() ||
        !recipient.get<std::string>().starts_with("age1") ||
        recipient.get<std::string>().size() > 200) {
      return Bad("recipients", "holds something that is not an age recipient");
    }
    manifest.recipients.push_back(recipient.get<std::string>());
  }
  if (manifest.recipients.empty()) return Bad("recipients", "is empty");
  FV_ASSIGN_OR_RETURN(manifest.profile, top.String("profile"));
  if (manifest.profile != "hq" && manifest.profile != "public") {
    return Bad("profile", "is not hq or public");
  }
  FV_ASSIGN_OR_RETURN(manifest.scope, ParseScope(top));
  FV_ASSIGN_OR_RETURN(manifest.record_counts, ParseCounts(top, "record_counts"));
  FV_ASSIGN_OR_RETURN(manifest.left_out, ParseCounts(top, "left_out"));
  FV_ASSIGN_OR_RETURN(const Json* files, top.Get("files", Json::value_t::array));
  if (files->size() > kMaxMembers) return Bad("files", "lists too many files");
  std::set<std::string> seen;
  for (const Json& object : *files) {
    FV_ASSIGN_OR_RETURN(ManifestFile file, ParseFile(object, seen));
    manifest.files.push_back(std::move(file));
  }
  return Status::Ok();
}

// Optional: bundles written before 2026-11-30 have no such field.
Status ParseSentToOthers(const Json& top, Manifest& manifest) {
  auto it = top.find("sent_to_others");
  if (it == top.end()) return Status::Ok();
  if (!it->is_object()) return Bad("sent_to_others", "is not an object");
  for (const auto& [recipient, range] : it->items()) {
    if (std::find(manifest.recipients.begin(), manifest.recipients.end(),
                  recipient) == manifest.recipients.end()) {
      return Bad("sent_to_others", "names someone not among the recipients");
    }
    if (!range.is_array() || range.size() != 2 || !range[0].is_number_unsigned() ||
        !range[1].is_number_unsigned()) {
      return Bad("sent_to_others", "holds something that is not [first, last]");
    }
    SequenceRange numbers{range[0].get<uint64_t>(), range[1].get<uint64_t>()};
    if (numbers.first < 1 || numbers.first > numbers.last ||
        numbers.last >= manifest.sequence) {
      return Bad("sent_to_others", "holds a range that is not before this bundle");
    }
    manifest.sent_to_others[recipient] = numbers;
  }
  return Status::Ok();
}

// nlohmann keeps the last of duplicate keys; other readers (jq, Python)
// may differ, so a manifest with duplicates is refused rather than read
// one way here and another way elsewhere.
Result<Json> ParseJsonNoDuplicates(std::string_view text) {
  std::vector<std::set<std::string>> keys;
  bool duplicate = false;
  auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) keys.emplace_back();
    if (event == Json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == Json::parse_event_t::key && !keys.empty() &&
        !keys.back().insert(parsed.get<std::string>()).second) {
      duplicate = true;
    }
    return true;
  };
  Json json = Json::parse(text.begin(), text.end(), callback,
                          /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Corruption("manifest: not valid JSON");
  if (duplicate) return Status::Corruption("manifest: a key appears twice");
  return json;
}

}  // namespace

bool IsPayloadPath(std::string_view path) {
  return path != kManifestPath && path != kSignaturePath && path != kB2SumsPath;
}

Result<Manifest> ParseManifest(std::string_view text) {
  if (text.size() > kMaxManifestBytes) {
    return Status::Corruption("manifest: larger than the format allows");
  }
  FV_ASSIGN_OR_RETURN(Json json, ParseJsonNoDuplicates(text));
  Fields top(json, "");
  FV_RETURN_IF_ERROR(top.Only(
      {"format", "version", "bundle_id", "created_at", "sender", "sequence",
       "previous_manifest_blake2b", "recipients", "sent_to_others", "profile",
       "scope", "record_counts", "left_out", "files"}));
  Manifest manifest;
  FV_RETURN_IF_ERROR(ParseHeaderFields(top, manifest));
  FV_RETURN_IF_ERROR(ParsePrevious(json, manifest));
  FV_RETURN_IF_ERROR(ParseBody(top, manifest));
  FV_RETURN_IF_ERROR(ParseSentToOthers(json, manifest));
  return manifest;
}

std::string SerializeManifest(const Manifest& manifest) {
  OrderedJson files = OrderedJson::array();
  for (const ManifestFile& file : manifest.files) {
    files.push_back({{"path", file.path},
                     {"size", file.size},
                     {"blake2b", crypto::HexEncode(file.blake2b)}});
  }
  OrderedJson json;
  json["format"] = kFormatName;
  json["version"] = kFormatVersion;
  json["bundle_id"] = manifest.bundle_id;
  json["created_at"] = manifest.created_at;
  json["sender"] = {{"minisign_public_key", manifest.sender.minisign_public_key},
                    {"key_id", manifest.sender.key_id},
                    {"display_name", manifest.sender.display_name}};
  json["sequence"] = manifest.sequence;
  json["previous_manifest_blake2b"] =
      manifest.previous_manifest
          ? OrderedJson(crypto::HexEncode(*manifest.previous_manifest))
          : OrderedJson(nullptr);
  json["recipients"] = manifest.recipients;
  OrderedJson others = OrderedJson::object();
  for (const auto& [recipient, range] : manifest.sent_to_others) {
    others[recipient] = {range.first, range.last};
  }
  json["sent_to_others"] = std::move(others);
  json["profile"] = manifest.profile;
  json["scope"] = {{"kind", manifest.scope.kind},
                   {"since", manifest.scope.since},
                   {"incident_ids", manifest.scope.incident_ids}};
  json["record_counts"] = manifest.record_counts;
  json["left_out"] = manifest.left_out;
  json["files"] = std::move(files);
  return json.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace fieldvault::core::bundle
