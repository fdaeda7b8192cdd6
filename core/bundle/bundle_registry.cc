#include "core/bundle/bundle_registry.h"

#include <algorithm>
#include <optional>
#include <set>

#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE sent_bundles (
  sequence INTEGER PRIMARY KEY,
  bundle_id TEXT NOT NULL UNIQUE,
  manifest_blake2b TEXT NOT NULL,
  bundle_blake2b TEXT NOT NULL,
  recipients TEXT NOT NULL,
  profile TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE received_bundles (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bundle_id TEXT NOT NULL,
  bundle_blake2b TEXT NOT NULL,
  signer_public_key TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  manifest_blake2b TEXT NOT NULL,
  previous_manifest TEXT NOT NULL,
  verdict TEXT NOT NULL,
  detail TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX received_bundles_by_signer
  ON received_bundles (signer_public_key, verdict, sequence);
)sql";

// Migration 8: sequence numbers per profile. The register is rebuilt with
// a row id of its own (the order bundles were registered in) and the
// sequence unique per profile; every row keeps its number.
constexpr std::string_view kSequencePerProfile = R"sql(
CREATE TABLE sent_bundles_by_profile (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  profile TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  bundle_id TEXT NOT NULL UNIQUE,
  manifest_blake2b TEXT NOT NULL,
  bundle_blake2b TEXT NOT NULL,
  recipients TEXT NOT NULL,
  scope_kind TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  UNIQUE (profile, sequence)
);
INSERT INTO sent_bundles_by_profile (profile, sequence, bundle_id,
  manifest_blake2b, bundle_blake2b, recipients, scope_kind, created_at, state)
  SELECT profile, sequence, bundle_id, manifest_blake2b, bundle_blake2b,
         recipients, scope_kind, created_at, state
  FROM sent_bundles ORDER BY sequence;
DROP TABLE sent_bundles;
ALTER TABLE sent_bundles_by_profile RENAME TO sent_bundles;
)sql";

constexpr std::string_view kSentColumns =
    "SELECT sequence, bundle_id, manifest_blake2b, bundle_blake2b, recipients, "
    "profile, scope_kind, created_at, state FROM sent_bundles ";
constexpr std::string_view kReceivedColumns =
    "SELECT bundle_id, bundle_blake2b, signer_public_key, sequence, "
    "manifest_blake2b, previous_manifest, verdict, detail, received_at "
    "FROM received_bundles ";

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

SentBundle ReadSent(const Statement& row) {
  SentBundle sent;
  sent.sequence = static_cast<uint64_t>(row.ColumnInt64(0));
  sent.bundle_id = row.ColumnText(1);
  sent.manifest_blake2b = row.ColumnText(2);
  sent.bundle_blake2b = row.ColumnText(3);
  std::string recipients = row.ColumnText(4);
  for (size_t start = 0, end; (end = recipients.find('\n', start)) != std::string::npos;
       start = end + 1) {
    sent.recipients.push_back(recipients.substr(start, end - start));
  }
  sent.profile = row.ColumnText(5);
  sent.scope_kind = row.ColumnText(6);
  sent.created_at = row.ColumnInt64(7);
  sent.state = row.ColumnText(8);
  return sent;
}

ReceivedBundle ReadReceived(const Statement& row) {
  return ReceivedBundle{row.ColumnText(0), row.ColumnText(1), row.ColumnText(2),
                        static_cast<uint64_t>(row.ColumnInt64(3)),
                        row.ColumnText(4), row.ColumnText(5), row.ColumnText(6),
                        row.ColumnText(7), row.ColumnInt64(8)};
}

}  // namespace

std::string SequenceName(std::string_view profile, uint64_t sequence) {
  return (profile == "hq" ? "" : std::string(profile) + " ") + "sequence " +
         std::to_string(sequence);
}

Status CreateBundleRegistrySchema(Database& db) { return db.Exec(kSchema); }

Status AddSentBundleState(Database& db) {
  return db.Exec("ALTER TABLE sent_bundles ADD COLUMN state TEXT NOT NULL "
                 "DEFAULT 'written'");
}

Status NumberSequencesPerProfile(Database& db) { return db.Exec(kSequencePerProfile); }

Result<std::optional<SentBundle>> LastSentBundle(Database& db, std::string_view profile) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kSentColumns) +
                                 "WHERE profile = ? ORDER BY sequence DESC LIMIT 1"));
  FV_RETURN_IF_ERROR(query.BindText(1, profile));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<SentBundle>();
  return std::optional<SentBundle>(ReadSent(query));
}

Result<std::optional<SentBundle>> LastWrittenBundle(Database& db,
                                                    std::string_view profile) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kSentColumns) +
                                 "WHERE state = 'written' AND profile = ? "
                                 "ORDER BY sequence DESC LIMIT 1"));
  FV_RETURN_IF_ERROR(query.BindText(1, profile));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<SentBundle>();
  return std::optional<SentBundle>(ReadSent(query));
}

Result<std::optional<SentBundle>> LastSentBundleTo(
    Database& db, const std::vector<std::string>& sorted_recipients,
    std::string_view profile) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kSentColumns) +
                                 "WHERE recipients = ? AND profile = ? AND "
                                 "scope_kind != 'incidents' AND state = "
                                 "'written' ORDER BY sequence DESC LIMIT 1"));
  FV_RETURN_IF_ERROR(query.BindText(1, JoinLines(sorted_recipients)));
  FV_RETURN_IF_ERROR(query.BindText(2, profile));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<SentBundle>();
  return std::optional<SentBundle>(ReadSent(query));
}

Result<int64_t> CustodyEventsStart(Database& db,
                                   const std::vector<std::string>& recipients,
                                   std::string_view profile) {
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT COALESCE(MAX(created_at), 0) FROM sent_bundles WHERE"
                 " state = 'written' AND profile = ? AND scope_kind !="
                 " 'incidents' AND instr(char(10) ||"
                 " recipients, char(10) || ? || char(10)) > 0"));
  std::optional<int64_t> start;
  for (const std::string& recipient : recipients) {
    FV_RETURN_IF_ERROR(query.Reset());
    FV_RETURN_IF_ERROR(query.BindText(1, profile));
    FV_RETURN_IF_ERROR(query.BindText(2, recipient));
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    const int64_t last = row ? query.ColumnInt64(0) : 0;
    start = start ? std::min(*start, last) : last;
  }
  return start.value_or(0);
}

Result<std::set<std::string>> BundlesSentTo(
    Database& db, const std::vector<std::string>& sorted_recipients) {
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT bundle_id FROM sent_bundles WHERE recipients = ?"));
  FV_RETURN_IF_ERROR(query.BindText(1, JoinLines(sorted_recipients)));
  std::set<std::string> ids;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return ids;
    ids.insert(query.ColumnText(0));
  }
}

Result<uint64_t> LastSequenceTo(Database& db, std::string_view recipient,
                                std::string_view profile) {
  // `recipients` holds one recipient per line, each ended by a newline.
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT COALESCE(MAX(sequence), 0) FROM sent_bundles WHERE"
                 " profile = ? AND instr(char(10) || recipients,"
                 " char(10) || ? || char(10)) > 0"));
  FV_RETURN_IF_ERROR(query.BindText(1, profile));
  FV_RETURN_IF_ERROR(query.BindText(2, recipient));
  FV_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return uint64_t{0};
  return static_cast<uint64_t>(query.ColumnInt64(0));
}

Result<std::vector<SentBundle>> SentBundlesNotWritten(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kSentColumns) +
                                 "WHERE state != 'written' ORDER BY id"));
  std::vector<SentBundle> bundles;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return bundles;
    bundles.push_back(ReadSent(query));
  }
}

Status RecordSentBundle(Database& db, const SentBundle& sent) {
  FV_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT INTO sent_bundles (sequence, "
                                 "bundle_id, manifest_blake2b, bundle_blake2b, "
                                 "recipients, profile, scope_kind, created_at, "
                                 "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindInt64(1, static_cast<int64_t>(sent.sequence)));
  FV_RETURN_IF_ERROR(insert.BindText(2, sent.bundle_id));
  FV_RETURN_IF_ERROR(insert.BindText(3, sent.manifest_blake2b));
  FV_RETURN_IF_ERROR(insert.BindText(4, sent.bundle_blake2b));
  FV_RETURN_IF_ERROR(insert.BindText(5, JoinLines(sent.recipients)));
  FV_RETURN_IF_ERROR(insert.BindText(6, sent.profile));
  FV_RETURN_IF_ERROR(insert.BindText(7, sent.scope_kind));
  FV_RETURN_IF_ERROR(insert.BindInt64(8, sent.created_at));
  FV_RETURN_IF_ERROR(insert.BindText(9, sent.state));
  return insert.Run();
}

Status SetSentBundleState(Database& db, const std::string& bundle_id,
                          std::string_view state) {
  FV_ASSIGN_OR_RETURN(Statement update,
                      db.Prepare("UPDATE sent_bundles SET state = ? WHERE bundle_id = ?"));
  FV_RETURN_IF_ERROR(update.BindText(1, state));
  FV_RETURN_IF_ERROR(update.BindText(2, bundle_id));
  FV_RETURN_IF_ERROR(update.Run());
  if (db.Changes() == 0) return Status::NotFound("no sent bundle has id " + bundle_id);
  return Status::Ok();
}

Status RecordReceivedBundle(Database& db, const ReceivedBundle& r) {
  FV_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT INTO received_bundles (bundle_id, "
                                 "bundle_blake2b, signer_public_key, sequence, "
                                 "manifest_blake2b, previous_manifest, verdict, "
                                 "detail, received_at) VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, r.bundle_id));
  FV_RETURN_IF_ERROR(insert.BindText(2, r.bundle_blake2b));
  FV_RETURN_IF_ERROR(insert.BindText(3, r.signer_public_key));
  FV_RETURN_IF_ERROR(insert.BindInt64(4, static_cast<int64_t>(r.sequence)));
  FV_RETURN_IF_ERROR(insert.BindText(5, r.manifest_blake2b));
  FV_RETURN_IF_ERROR(insert.BindText(6, r.previous_manifest));
  FV_RETURN_IF_ERROR(insert.BindText(7, r.verdict));
  FV_RETURN_IF_ERROR(insert.BindText(8, r.detail));
  FV_RETURN_IF_ERROR(insert.BindInt64(9, r.received_at));
  return insert.Run();
}

Result<std::vector<ReceivedBundle>> ListReceivedBundles(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kReceivedColumns) + "ORDER BY id"));
  std::vector<ReceivedBundle> bundles;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return bundles;
    bundles.push_back(ReadReceived(query));
  }
}

Result<std::map<uint64_t, ReceivedBundle>> ImportedFrom(
    Database& db, const std::string& signer_public_key) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kReceivedColumns) +
                                 "WHERE signer_public_key = ? AND verdict = "
                                 "'imported'"));
  FV_RETURN_IF_ERROR(query.BindText(1, signer_public_key));
  std::map<uint64_t, ReceivedBundle> imported;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return imported;
    ReceivedBundle bundle = ReadReceived(query);
    imported[bundle.sequence] = bundle;
  }
}

namespace {

// Whether imported bundle `b` is tied to another imported one: it names
// one as its previous manifest, one names it, or it is the first.
bool Tied(const ReceivedBundle& b, const std::map<uint64_t, ReceivedBundle>& imported) {
  if (b.previous_manifest.empty() && b.sequence == 1) return true;
  for (const auto& [number, other] : imported) {
    if (other.manifest_blake2b == b.previous_manifest ||
        other.previous_manifest == b.manifest_blake2b) {
      return true;
    }
  }
  return false;
}

bool IsForkRefusal(const ReceivedBundle& b) {
  return b.verdict == "refused" && b.detail.starts_with(kSequenceRefusalPrefix);
}

}  // namespace

Result<SignerChain> ChainOf(Database& db, const std::string& signer_public_key) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare(std::string(kReceivedColumns) +
                                 "WHERE signer_public_key = ? ORDER BY id"));
  FV_RETURN_IF_ERROR(query.BindText(1, signer_public_key));
  std::vector<ReceivedBundle> rows;
  SignerChain chain;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    rows.push_back(ReadReceived(query));
    if (rows.back().verdict == "imported") chain.imported[rows.back().sequence] = rows.back();
  }
  std::set<std::string> imported_hashes;
  for (const auto& [number, b] : chain.imported) imported_hashes.insert(b.manifest_blake2b);
  // In the order registered: a refusal stays open until a tied import
  // numbered at least as high comes after it (or its own manifest is
  // imported).
  std::vector<ReceivedBundle>& open = chain.open_refusals;
  for (const ReceivedBundle& b : rows) {
    if (IsForkRefusal(b)) {
      if (imported_hashes.contains(b.manifest_blake2b)) continue;
      open.push_back(b);
      if (!b.manifest_blake2b.empty()) chain.refused_manifests[b.manifest_blake2b] = b;
    } else if (b.verdict == "imported" && Tied(b, chain.imported)) {
      std::erase_if(open, [&](const ReceivedBundle& r) { return r.sequence <= b.sequence; });
    }
  }
  return chain;
}

}  // namespace fieldvault::core::bundle
