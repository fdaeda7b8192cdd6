#include "core/records/edit_counts.h"

#include <algorithm>

namespace fieldvault::core {

using nlohmann::json;

namespace {

// Whether every edit in `a` is also in `b`.
bool Contains(const EditCounts& b, const EditCounts& a) {
  return std::all_of(a.begin(), a.end(), [&](const auto& edit) {
    auto found = b.find(edit.first);
    return found != b.end() && found->second >= edit.second;
  });
}

}  // namespace

EditRelation CompareEdits(const EditCounts& received, const EditCounts& stored) {
  const bool has_stored = Contains(received, stored);
  const bool has_received = Contains(stored, received);
  if (has_stored && has_received) return EditRelation::kSame;
  if (has_stored) return EditRelation::kNewer;
  if (has_received) return EditRelation::kOlder;
  return EditRelation::kDiverged;
}

EditCounts MergeEdits(const EditCounts& a, const EditCounts& b) {
  EditCounts merged = a;
  for (const auto& [vault, count] : b) {
    int64_t& mine = merged[vault];
    mine = std::max(mine, count);
  }
  return merged;
}

int64_t VersionOf(const EditCounts& edits) {
  int64_t version = 0;
  for (const auto& edit : edits) version += edit.second;
  return version;
}

void CountEdit(EditCounts& edits, std::string_view vault_id) {
  auto found = edits.find(vault_id);
  if (found == edits.end()) {
    edits.emplace(std::string(vault_id), 1);
  } else {
    ++found->second;
  }
}

json EditsToJson(const EditCounts& edits) {
  json out(json::value_t::object);
  for (const auto& [vault, count] : edits) out[vault] = count;
  return out;
}

Result<EditCounts> EditsFromJson(const json& object, std::string_view what) {
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument(std::string(what) + ": field 'edits' " + why);
  };
  if (!object.is_object() || object.empty()) {
    return invalid("must be an object naming the vaults that edited it");
  }
  if (object.size() > kMaxEditingVaults) {
    return invalid("names more than " + std::to_string(kMaxEditingVaults) +
                   " vaults");
  }
  EditCounts edits;
  for (const auto& [vault, count] : object.items()) {
    if (vault.empty() || vault.size() > 64) {
      return invalid("has a vault id that is empty or too long");
    }
    // Counts beyond 2^40 cannot come from real edits and could overflow
    // the sum that is the version number.
    if (!count.is_number_integer() || count.get<int64_t>() < 1 ||
        count.get<int64_t>() > (int64_t{1} << 40)) {
      return invalid("must count each vault's edits as a whole number of "
                     "at least 1");
    }
    edits.emplace(vault, count.get<int64_t>());
  }
  return edits;
}

EditCounts LegacyEdits(std::string_view created_by, int64_t version) {
  EditCounts edits;
  if (version >= 1) {
    edits.emplace(created_by.empty() ? std::string("unknown")
                                     : std::string(created_by),
                  version);
  }
  return edits;
}

Result<EditCounts> EditsOfRecord(const json& body) {
  std::string what = "record";
  auto id = body.find("id");
  if (id != body.end() && id->is_string()) {
    what += ' ';
    what += id->get_ref<const std::string&>();
  }
  auto edits = body.find("edits");
  if (edits == body.end()) {
    auto version = body.find("version");
    auto created_by = body.find("created_by");
    if (version == body.end() || !version->is_number_integer() ||
        created_by == body.end() || !created_by->is_string()) {
      return Status::Corruption(what + " has no version");
    }
    return LegacyEdits(created_by->get<std::string>(), version->get<int64_t>());
  }
  Result<EditCounts> parsed = EditsFromJson(*edits, what);
  if (!parsed.ok()) return Status::Corruption(parsed.status().message());
  return parsed;
}

}  // namespace fieldvault::core
