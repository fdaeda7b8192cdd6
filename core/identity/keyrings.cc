#include "core/identity/keyrings.h"

#include "core/identity/fingerprint.h"
#include "core/identity/identity_store.h"

namespace fieldvault::core {
namespace {

RecipientEntry ReadRecipient(const Statement& row) {
  RecipientEntry entry;
  entry.label = row.ColumnText(0);
  entry.age_recipient = row.ColumnText(1);
  entry.added_at = row.ColumnInt64(2);
  entry.fingerprint = RecipientFingerprint(entry.age_recipient);
  return entry;
}

SignerEntry ReadSigner(const Statement& row) {
  SignerEntry entry;
  entry.label = row.ColumnText(0);
  entry.minisign_public_key = row.ColumnText(1);
  entry.key_id = row.ColumnText(2);
  entry.added_at = row.ColumnInt64(3);
  if (!row.ColumnIsNull(4)) entry.revoked_at = row.ColumnInt64(4);
  entry.fingerprint = SigningKeyFingerprint(entry.minisign_public_key);
  return entry;
}

constexpr std::string_view kRecipientColumns =
    "SELECT label, age_recipient, added_at FROM recipients ";
constexpr std::string_view kSignerColumns =
    "SELECT label, minisign_public_key, key_id, added_at, revoked_at "
    "FROM signers ";

// Runs `sql` (a SELECT of the columns above) with one text parameter and
// returns the first row read by `read`, or nullopt.
template <typename Entry>
Result<std::optional<Entry>> QueryOne(Database& db, const std::string& sql,
                                      std::string_view parameter,
                                      Entry (*read)(const Statement&)) {
  FV_ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  FV_RETURN_IF_ERROR(query.BindText(1, parameter));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::optional<Entry>();
  return std::optional<Entry>(read(query));
}

template <typename Entry>
Result<std::vector<Entry>> QueryAll(Database& db, const std::string& sql,
                                    Entry (*read)(const Statement&)) {
  FV_ASSIGN_OR_RETURN(Statement query, db.Prepare(sql));
  std::vector<Entry> entries;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return entries;
    entries.push_back(read(query));
  }
}

// A label as an error repeats it: quoted when it is a valid label, else
// not at all (a secret key or a passphrase given in the wrong place is
// not a valid label: too long, or holding '+', '/', spaces).
std::string ShownLabel(std::string_view label) {
  if (!CheckLabel(label).ok()) return "(the text given is not a label; not shown)";
  std::string quoted;
  quoted.append("'").append(label).append("'");
  return quoted;
}

}  // namespace

Result<RecipientEntry> AddRecipient(Database& db, std::string_view label,
                                    const crypto::AgeRecipient& recipient,
                                    int64_t now_micros) {
  FV_RETURN_IF_ERROR(CheckLabel(label));
  const std::string text = recipient.ToString();
  for (std::string_view column : {"label", "age_recipient"}) {
    FV_ASSIGN_OR_RETURN(
        auto existing,
        QueryOne<RecipientEntry>(db, std::string(kRecipientColumns) + "WHERE " +
                                         std::string(column) + " = ?1",
                                 column == "label" ? label : text, ReadRecipient));
    if (existing) {
      return Status::AlreadyExists("recipient '" + existing->label +
                                   "' already has this " +
                                   (column == "label" ? "label" : "key"));
    }
  }
  FV_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT INTO recipients (label, age_recipient, "
                                 "added_at) VALUES (?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, label));
  FV_RETURN_IF_ERROR(insert.BindText(2, text));
  FV_RETURN_IF_ERROR(insert.BindInt64(3, now_micros));
  FV_RETURN_IF_ERROR(insert.Run());
  return RecipientEntry{std::string(label), text, RecipientFingerprint(text),
                        now_micros};
}

Result<std::vector<RecipientEntry>> ListRecipients(Database& db) {
  return QueryAll<RecipientEntry>(
      db, std::string(kRecipientColumns) + "ORDER BY label", ReadRecipient);
}

Result<RecipientEntry> GetRecipient(Database& db, std::string_view label) {
  FV_ASSIGN_OR_RETURN(
      auto entry, QueryOne<RecipientEntry>(
                      db, std::string(kRecipientColumns) + "WHERE label = ?1",
                      label, ReadRecipient));
  if (!entry) {
    return Status::NotFound("no recipient is labelled " + ShownLabel(label))
        .WithHint("`fieldvault recipients list` shows the labels");
  }
  return *entry;
}

Result<RecipientEntry> RemoveRecipient(Database& db, std::string_view label) {
  FV_ASSIGN_OR_RETURN(RecipientEntry entry, GetRecipient(db, label));
  FV_ASSIGN_OR_RETURN(Statement remove,
                      db.Prepare("DELETE FROM recipients WHERE label = ?"));
  FV_RETURN_IF_ERROR(remove.BindText(1, label));
  FV_RETURN_IF_ERROR(remove.Run());
  return entry;
}

Result<SignerEntry> TrustSigner(Database& db, std::string_view label,
                                const crypto::MinisignPublicKey& key,
                                int64_t now_micros) {
  FV_RETURN_IF_ERROR(CheckLabel(label));
  const std::string text = key.ToBase64();
  for (std::string_view column : {"label", "minisign_public_key"}) {
    FV_ASSIGN_OR_RETURN(
        auto existing,
        QueryOne<SignerEntry>(db, std::string(kSignerColumns) + "WHERE " +
                                      std::string(column) + " = ?1",
                              column == "label" ? label : text, ReadSigner));
    if (existing) {
      return Status::AlreadyExists(
          "signer '" + existing->label + "' already has this " +
          (column == "label" ? "label" : "key") +
          (existing->revoked_at ? " (revoked; a revoked key stays revoked)" : ""));
    }
  }
  FV_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT INTO signers (label, minisign_public_key, "
                                 "key_id, added_at) VALUES (?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, label));
  FV_RETURN_IF_ERROR(insert.BindText(2, text));
  FV_RETURN_IF_ERROR(insert.BindText(3, key.KeyIdHex()));
  FV_RETURN_IF_ERROR(insert.BindInt64(4, now_micros));
  FV_RETURN_IF_ERROR(insert.Run());
  return SignerEntry{std::string(label), text, key.KeyIdHex(),
                     SigningKeyFingerprint(text), now_micros, std::nullopt};
}

Result<std::vector<SignerEntry>> ListSigners(Database& db) {
  return QueryAll<SignerEntry>(db, std::string(kSignerColumns) + "ORDER BY label",
                               ReadSigner);
}

Result<SignerEntry> RevokeSigner(Database& db, std::string_view label,
                                 int64_t now_micros) {
  FV_ASSIGN_OR_RETURN(
      auto entry, QueryOne<SignerEntry>(
                      db, std::string(kSignerColumns) + "WHERE label = ?1",
                      label, ReadSigner));
  if (!entry) {
    return Status::NotFound("no signer is labelled " + ShownLabel(label))
        .WithHint("`fieldvault signers list` shows the labels");
  }
  if (entry->revoked_at) {
    return Status::FailedPrecondition("signer '" + entry->label +
                                      "' is already revoked");
  }
  FV_ASSIGN_OR_RETURN(Statement update,
                      db.Prepare("UPDATE signers SET revoked_at = ? WHERE label = ?"));
  FV_RETURN_IF_ERROR(update.BindInt64(1, now_micros));
  FV_RETURN_IF_ERROR(update.BindText(2, label));
  FV_RETURN_IF_ERROR(update.Run());
  entry->revoked_at = now_micros;
  return *entry;
}

Result<std::optional<SignerEntry>> FindSigner(
    Database& db, const crypto::MinisignPublicKey& key) {
  return QueryOne<SignerEntry>(
      db, std::string(kSignerColumns) + "WHERE minisign_public_key = ?1",
      key.ToBase64(), ReadSigner);
}

}  // namespace fieldvault::core
