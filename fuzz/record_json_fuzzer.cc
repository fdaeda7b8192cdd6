// Fuzzes the reader of a bundle's records (records/<type>.jsonl): each
// line is parsed as the receiver does (payload_importer.cc), then checked
// and made canonical by CanonicalRecordJson (record_json.h), which runs
// every field check and Validate(); a person's names are then keyed with
// the vault's own NameNormalizer, as RecordImporter does.
// Properties: never a crash or an escaping exception (dumping the
// canonical form included); the canonical form has a UUID "id" and an
// integer "version" of at least 1, and is canonical: read again, it gives
// itself.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/records/record_json.h"
#include "core/uuid.h"
#include "fuzz/fuzz_support.h"

namespace {

namespace core = fieldvault::core;
using nlohmann::json;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  json record = json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object()) return 0;
  auto type = core::RecordTypeOf(record);
  auto canonical = core::CanonicalRecordJson(record);
  if (!canonical.ok()) return 0;
  if (!type.ok() || (*canonical)["type"] != *type) std::abort();

  const json& id = (*canonical)["id"];
  const json& version = (*canonical)["version"];
  if (!id.is_string() || !core::IsCanonicalUuid(id.get<std::string>()) ||
      !version.is_number_integer() || version.get<int64_t>() < 1) {
    std::abort();
  }
  auto again = core::CanonicalRecordJson(*canonical);
  if (!again.ok() || *again != *canonical) std::abort();
  (void)canonical->dump();  // throws on invalid UTF-8: must not happen

  if (*type == "person") {
    for (const json& name : (*canonical)["names"]) {
      (void)fieldvault::fuzz::SharedNameNormalizer().MatchKey(
          name["full_name"].get<std::string>());
    }
  }
  return 0;
}
