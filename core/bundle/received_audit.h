// The sender's custody events that came in a bundle's audit.jsonl, kept at
// HQ as evidence: each event exactly as sent, with the bundle and signer
// it came from. They are never merged into this vault's own custody log
// (which records what happened here, hash-chained); `fieldvault log
// --received` shows them apart.
//
// audit.jsonl is untrusted input even from a trusted signer: every line is
// parsed strictly (exactly the fields of docs/bundle-format.md, each of
// the right type and within the custody log's length limit, the sender's
// sequence numbers increasing), and the first problem is an error naming
// the line, which makes the whole import fail.
#ifndef FIELDVAULT_CORE_BUNDLE_RECEIVED_AUDIT_H_
#define FIELDVAULT_CORE_BUNDLE_RECEIVED_AUDIT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "core/records/record_exchange.h"
#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// One of the sender's custody events, as sent.
struct SentCustodyEvent {
  int64_t sequence = 0;     // in the sender's log
  std::string occurred_at;  // RFC 3339 UTC, as sent
  std::string actor;        // the sender's vault id
  std::string action;
  std::string record_type;
  std::string record_id;
  std::string bundle_id;    // the bundle the event is about, if any
  std::string detail;
  std::string hash;         // 128 lowercase hex, the sender's chain hash
};

// A stored one, with where it came from.
struct ReceivedCustodyEvent {
  std::string bundle_id;  // the bundle that carried it
  std::string signer;     // that bundle's signing key id
  int64_t received_at = 0;
  SentCustodyEvent event;
};

// Creates `received_custody_events` (migration 7).
Status CreateReceivedAuditSchema(Database& db);

// Parses one line of audit.jsonl. kCorruption naming the line and field
// for anything but the exact format.
Result<SentCustodyEvent> ParseSentCustodyEvent(std::string_view line,
                                               uint64_t line_number);

// Reads audit.jsonl from `content` and stores every event with
// `provenance` that is not held already from the same signer (same
// sequence and hash), in the caller's transaction. Returns the number
// stored.
// kCorruption for a malformed line (including one over
// kMaxAuditLineBytes) or sequence numbers that do not increase.
Result<uint64_t> StoreSentAudit(Database& db, crypto::ByteSource& content,
                                const Provenance& provenance);

// The stored events, oldest received first and in the sender's order;
// only those of bundles whose id starts with `bundle_prefix` ("" for all).
Result<std::vector<ReceivedCustodyEvent>> ListReceivedCustodyEvents(
    Database& db, std::string_view bundle_prefix);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_RECEIVED_AUDIT_H_
