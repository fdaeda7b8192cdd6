#include "core/bundle/received_audit.h"

#include <array>

#include <nlohmann/json.hpp>

#include "core/bundle/bundle_format.h"
#include "core/bundle/payload_importer.h"
#include "core/records/json_reader.h"
#include "core/records/partial_date.h"
#include "core/text/utf8.h"
#include "core/vault/custody_log.h"

namespace fieldvault::core::bundle {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE received_custody_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bundle_id TEXT NOT NULL,
  signer TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  event_bundle_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX received_custody_events_by_bundle
  ON received_custody_events (bundle_id);
CREATE INDEX received_custody_events_by_signer
  ON received_custody_events (signer, sequence);
)sql";

// The fields of an audit.jsonl line, all required (docs/bundle-format.md).
constexpr std::array<std::string_view, 9> kFields = {
    "sequence", "occurred_at", "actor", "action", "record_type",
    "record_id", "bundle_id", "detail", "hash"};

bool IsLowerHex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// The fields' values beyond their JSON types.
Status CheckValues(const SentCustodyEvent& e) {
  if (e.sequence < 1) return Status::Corruption("field 'sequence' must be 1 or more");
  if (!ParseTimestamp(e.occurred_at).ok()) {
    return Status::Corruption("field 'occurred_at' is not an RFC 3339 UTC timestamp");
  }
  if (e.action.empty()) return Status::Corruption("field 'action' is empty");
  if (e.hash.size() != 128 || !IsLowerHex(e.hash)) {
    return Status::Corruption("field 'hash' is not 128 lowercase hex digits");
  }
  for (const std::string* text : {&e.actor, &e.action, &e.record_type, &e.record_id,
                                  &e.bundle_id, &e.detail}) {
    if (text->size() > kMaxCustodyFieldBytes) {
      return Status::Corruption("a field is longer than a custody event allows");
    }
    // fieldvault never writes control characters into a custody event;
    // from a bundle they could only be terminal escapes meant for HQ.
    if (FindControlCharacterInLine(*text) != std::string_view::npos) {
      return Status::Corruption("a field holds control characters");
    }
  }
  return Status::Ok();
}

// Whether this signer's event `e` is held already: a bundle carries the
// events since its recipients' oldest last bundle, so one that also went
// to another recipient brings some again.
Result<bool> Held(Database& db, const SentCustodyEvent& e, const Provenance& from) {
  FV_ASSIGN_OR_RETURN(Statement find,
                      db.Prepare("SELECT 1 FROM received_custody_events WHERE"
                                 " signer = ? AND sequence = ? AND hash = ?"));
  FV_RETURN_IF_ERROR(find.BindText(1, from.signer));
  FV_RETURN_IF_ERROR(find.BindInt64(2, e.sequence));
  FV_RETURN_IF_ERROR(find.BindText(3, e.hash));
  return find.Step();
}

Status Store(Database& db, const SentCustodyEvent& e, const Provenance& from) {
  FV_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO received_custody_events (bundle_id, signer, "
                 "received_at, sequence, occurred_at, actor, action, record_type, "
                 "record_id, event_bundle_id, detail, hash) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, from.bundle_id));
  FV_RETURN_IF_ERROR(insert.BindText(2, from.signer));
  FV_RETURN_IF_ERROR(insert.BindInt64(3, from.received_at));
  FV_RETURN_IF_ERROR(insert.BindInt64(4, e.sequence));
  int column = 5;
  for (const std::string* text : {&e.occurred_at, &e.actor, &e.action, &e.record_type,
                                  &e.record_id, &e.bundle_id, &e.detail, &e.hash}) {
    FV_RETURN_IF_ERROR(insert.BindText(column++, *text));
  }
  return insert.Run();
}

}  // namespace

Status CreateReceivedAuditSchema(Database& db) { return db.Exec(kSchema); }

Result<SentCustodyEvent> ParseSentCustodyEvent(std::string_view line,
                                               uint64_t line_number) {
  const std::string where = std::string(kAuditPath) + " line " + std::to_string(line_number);
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::Corruption(where + ": not a JSON object");
  }
  for (std::string_view field : kFields) {
    auto it = json.find(field);
    if (it == json.end() || it->is_null()) {
      return Status::Corruption(where + ": field '" + std::string(field) + "' is missing");
    }
  }
  SentCustodyEvent e;
  JsonReader reader(json, where);
  reader.Int("sequence", &e.sequence);
  reader.Text("occurred_at", &e.occurred_at);
  reader.Text("actor", &e.actor);
  reader.Text("action", &e.action);
  reader.Text("record_type", &e.record_type);
  reader.Text("record_id", &e.record_id);
  reader.Text("bundle_id", &e.bundle_id);
  reader.Text("detail", &e.detail);
  reader.Text("hash", &e.hash);
  Status read = reader.Finish();
  // JsonReader says "invalid argument"; in a bundle it is corruption.
  if (!read.ok()) return Status::Corruption(read.message());
  Status checked = CheckValues(e);
  if (!checked.ok()) return checked.WithContext(where);
  return e;
}

Result<uint64_t> StoreSentAudit(Database& db, crypto::ByteSource& content,
                                const Provenance& provenance) {
  uint64_t line_number = 0;
  uint64_t stored = 0;
  int64_t last_sequence = 0;
  Status read = ForEachLine(
      content,
      [&](std::string_view line) -> Status {
        ++line_number;
        FV_ASSIGN_OR_RETURN(SentCustodyEvent e, ParseSentCustodyEvent(line, line_number));
        if (e.sequence <= last_sequence) {
          return Status::Corruption(std::string(kAuditPath) + " line " +
                                    std::to_string(line_number) +
                                    ": the sender's sequence numbers do not increase");
        }
        last_sequence = e.sequence;
        FV_ASSIGN_OR_RETURN(bool held, Held(db, e, provenance));
        if (held) return Status::Ok();
        ++stored;
        return Store(db, e, provenance);
      },
      kMaxAuditLineBytes);
  if (!read.ok()) return read.WithContext(std::string(kAuditPath));
  return stored;
}

Result<std::vector<ReceivedCustodyEvent>> ListReceivedCustodyEvents(
    Database& db, std::string_view bundle_prefix) {
  // substr() rather than LIKE: the prefix is matched as plain text.
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT bundle_id, signer, received_at, sequence, occurred_at, "
                 "actor, action, record_type, record_id, event_bundle_id, detail, "
                 "hash FROM received_custody_events WHERE "
                 "substr(bundle_id, 1, length(?1)) = ?1 ORDER BY id"));
  FV_RETURN_IF_ERROR(query.BindText(1, bundle_prefix));
  std::vector<ReceivedCustodyEvent> events;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return events;
    ReceivedCustodyEvent r{query.ColumnText(0), query.ColumnText(1),
                           query.ColumnInt64(2), {}};
    r.event = {query.ColumnInt64(3), query.ColumnText(4), query.ColumnText(5),
               query.ColumnText(6),  query.ColumnText(7), query.ColumnText(8),
               query.ColumnText(9),  query.ColumnText(10), query.ColumnText(11)};
    events.push_back(std::move(r));
  }
}

}  // namespace fieldvault::core::bundle
