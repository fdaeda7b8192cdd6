// Fuzzes the parsers of a bundle's JSON lines that HQ keeps or applies
// beyond the records: audit.jsonl (the sender's custody events) and
// records/attachment.jsonl (attachment descriptions).
// Properties: never a crash or an escaping exception; a custody event that
// parses, written back as the sender writes it, parses to the same event;
// a description that parses has a canonical id and a version of 1 or more.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/bundle/attachment_description.h"
#include "core/bundle/received_audit.h"
#include "core/uuid.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fb = fieldvault::core::bundle;
  const std::string line(data, data + size);

  auto event = fb::ParseSentCustodyEvent(line, 1);
  if (event.ok()) {
    const fb::SentCustodyEvent& e = *event;
    nlohmann::json again = {{"sequence", e.sequence}, {"occurred_at", e.occurred_at},
                            {"actor", e.actor}, {"action", e.action},
                            {"record_type", e.record_type}, {"record_id", e.record_id},
                            {"bundle_id", e.bundle_id}, {"detail", e.detail},
                            {"hash", e.hash}};
    auto reparsed = fb::ParseSentCustodyEvent(again.dump(), 1);
    if (!reparsed.ok() || reparsed->sequence != e.sequence ||
        reparsed->detail != e.detail || reparsed->hash != e.hash) {
      std::abort();
    }
  }

  auto description = fb::ParseAttachmentDescription(line, "fuzz");
  if (description.ok() && (!fieldvault::core::IsCanonicalUuid(description->id) ||
                           description->request.version < 1)) {
    std::abort();
  }
  return 0;
}
