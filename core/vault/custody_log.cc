#include "core/vault/custody_log.h"

#include <algorithm>
#include <array>

namespace fieldvault::core {
namespace {

// Versioned domain tag: a hash from this chain can never be mistaken for a
// BLAKE2b of some other structure.
constexpr std::string_view kDomainTag = "fieldvault custody event v1";

void HashUint64(crypto::Blake2bHasher& hasher, uint64_t value) {
  std::array<uint8_t, 8> bytes;
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  hasher.Update(bytes);
}

// Length-prefixed, so that ("ab","c") and ("a","bc") hash differently.
void HashText(crypto::Blake2bHasher& hasher, std::string_view text) {
  HashUint64(hasher, text.size());
  hasher.Update({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

Status CheckEvent(const CustodyEvent& event) {
  if (event.action.empty()) {
    return Status::InvalidArgument("custody event without an action");
  }
  for (const std::string* field :
       {&event.action, &event.record_type, &event.record_id, &event.bundle_id,
        &event.detail}) {
    if (field->size() > kMaxCustodyFieldBytes) {
      return Status::InvalidArgument("custody event field too long");
    }
  }
  return Status::Ok();
}

bool CopyHash(std::span<const uint8_t> blob, crypto::Blake2b512& out) {
  if (blob.size() != out.size()) return false;
  std::copy(blob.begin(), blob.end(), out.begin());
  return true;
}

constexpr std::string_view kSelectColumns =
    "SELECT sequence, occurred_at_micros, actor, action, record_type, "
    "record_id, bundle_id, detail, previous_hash, hash FROM custody_log ";

Result<CustodyRecord> ReadRecord(const Statement& stmt) {
  CustodyRecord record;
  record.sequence = stmt.ColumnInt64(0);
  record.occurred_at_micros = stmt.ColumnInt64(1);
  record.actor = stmt.ColumnText(2);
  record.event.action = stmt.ColumnText(3);
  record.event.record_type = stmt.ColumnText(4);
  record.event.record_id = stmt.ColumnText(5);
  record.event.bundle_id = stmt.ColumnText(6);
  record.event.detail = stmt.ColumnText(7);
  if (!CopyHash(stmt.ColumnBlob(8), record.previous_hash) ||
      !CopyHash(stmt.ColumnBlob(9), record.hash)) {
    return Status::Corruption("custody event " +
                              std::to_string(record.sequence) +
                              " has a malformed hash");
  }
  return record;
}

}  // namespace

crypto::Blake2b512 HashCustodyRecord(const CustodyRecord& record) {
  crypto::Blake2bHasher hasher;
  HashText(hasher, kDomainTag);
  hasher.Update(record.previous_hash);
  HashUint64(hasher, static_cast<uint64_t>(record.sequence));
  HashUint64(hasher, static_cast<uint64_t>(record.occurred_at_micros));
  HashText(hasher, record.actor);
  HashText(hasher, record.event.action);
  HashText(hasher, record.event.record_type);
  HashText(hasher, record.event.record_id);
  HashText(hasher, record.event.bundle_id);
  HashText(hasher, record.event.detail);
  return hasher.Finish();
}

Result<ChainHead> ReadChainHead(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT sequence, hash FROM custody_log "
                 "ORDER BY sequence DESC LIMIT 1"));
  FV_ASSIGN_OR_RETURN(bool row, stmt.Step());
  ChainHead head;
  if (!row) return head;
  head.sequence = stmt.ColumnInt64(0);
  if (!CopyHash(stmt.ColumnBlob(1), head.hash)) {
    return Status::Corruption("the custody log's last hash is malformed");
  }
  return head;
}

Result<crypto::Blake2b512> ReadCustodyHash(Database& db, int64_t sequence) {
  FV_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT hash FROM custody_log WHERE sequence = ?"));
  FV_RETURN_IF_ERROR(stmt.BindInt64(1, sequence));
  FV_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("no custody event " +
                                    std::to_string(sequence));
  crypto::Blake2b512 hash;
  if (!CopyHash(stmt.ColumnBlob(0), hash)) {
    return Status::Corruption("custody event hash is malformed");
  }
  return hash;
}

Result<ChainHead> AppendCustodyRecord(Database& db, const CustodyEvent& event,
                                      std::string_view actor,
                                      int64_t now_micros) {
  FV_RETURN_IF_ERROR(CheckEvent(event));
  FV_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(db));
  CustodyRecord record;
  record.sequence = head.sequence + 1;
  record.occurred_at_micros = now_micros;
  record.actor = std::string(actor);
  record.event = event;
  record.previous_hash = head.hash;
  record.hash = HashCustodyRecord(record);
  FV_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO custody_log (sequence, occurred_at_micros, "
                 "actor, action, record_type, record_id, bundle_id, detail, "
                 "previous_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  FV_RETURN_IF_ERROR(stmt.BindInt64(1, record.sequence));
  FV_RETURN_IF_ERROR(stmt.BindInt64(2, record.occurred_at_micros));
  FV_RETURN_IF_ERROR(stmt.BindText(3, record.actor));
  FV_RETURN_IF_ERROR(stmt.BindText(4, event.action));
  FV_RETURN_IF_ERROR(stmt.BindText(5, event.record_type));
  FV_RETURN_IF_ERROR(stmt.BindText(6, event.record_id));
  FV_RETURN_IF_ERROR(stmt.BindText(7, event.bundle_id));
  FV_RETURN_IF_ERROR(stmt.BindText(8, event.detail));
  FV_RETURN_IF_ERROR(stmt.BindBlob(9, record.previous_hash));
  FV_RETURN_IF_ERROR(stmt.BindBlob(10, record.hash));
  FV_RETURN_IF_ERROR_CTX(stmt.Run(), "append custody event");
  return ChainHead{record.sequence, record.hash};
}

Status ForEachCustodyRecord(
    Database& db, int64_t after_sequence,
    const std::function<Status(const CustodyRecord&)>& visit) {
  FV_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(std::string(kSelectColumns) +
                 "WHERE sequence > ? ORDER BY sequence"));
  FV_RETURN_IF_ERROR(stmt.BindInt64(1, after_sequence));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status::Ok();
    FV_ASSIGN_OR_RETURN(CustodyRecord record, ReadRecord(stmt));
    FV_RETURN_IF_ERROR(visit(record));
  }
}

Result<ChainHead> VerifyCustodyChain(Database& db) {
  ChainHead head;
  Status status = ForEachCustodyRecord(
      db, 0, [&head](const CustodyRecord& record) -> Status {
        std::string where = "custody event " + std::to_string(record.sequence);
        if (record.sequence != head.sequence + 1) {
          return Status::Corruption(where + " is out of sequence");
        }
        if (record.previous_hash != head.hash) {
          return Status::Corruption(where + " does not link to the one before");
        }
        if (HashCustodyRecord(record) != record.hash) {
          return Status::Corruption(where + " was altered");
        }
        head = {record.sequence, record.hash};
        return Status::Ok();
      });
  if (!status.ok()) return status;
  return head;
}

}  // namespace fieldvault::core
