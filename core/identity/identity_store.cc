#include "core/identity/identity_store.h"

#include "core/identity/fingerprint.h"
#include "core/text/utf8.h"

namespace fieldvault::core {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE vault_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  minisign_secret_key BLOB NOT NULL,
  minisign_public_key TEXT NOT NULL,
  key_id TEXT NOT NULL,
  age_identity BLOB NOT NULL,
  age_recipient TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE age_identities (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  label TEXT NOT NULL UNIQUE,
  age_identity BLOB NOT NULL,
  age_recipient TEXT NOT NULL UNIQUE,
  added_at INTEGER NOT NULL
);
CREATE TABLE recipients (
  label TEXT PRIMARY KEY,
  age_recipient TEXT NOT NULL UNIQUE,
  added_at INTEGER NOT NULL
);
CREATE TABLE signers (
  label TEXT PRIMARY KEY,
  minisign_public_key TEXT NOT NULL UNIQUE,
  key_id TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  revoked_at INTEGER
);
)sql";

Result<crypto::AgeIdentity> ParseStoredAgeIdentity(std::span<const uint8_t> blob) {
  auto identity = crypto::AgeIdentity::Parse(blob);
  if (!identity.ok()) {
    return Status::Corruption("the vault's age identity is damaged");
  }
  return std::move(identity).value();
}

}  // namespace

Status CreateIdentitySchema(Database& db) { return db.Exec(kSchema); }

Status CheckLabel(std::string_view label) {
  bool ok = !label.empty() && label.size() <= 64 && label.front() != '-';
  for (char c : label) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument("a label must be 1 to 64 letters, digits, "
                                 "'.', '_' or '-'")
      .WithHint("for example: hq-geneva or monitor-7");
}

Result<bool> EnsureVaultIdentity(Database& db, crypto::RandomSource& random,
                                 int64_t now_micros) {
  FV_ASSIGN_OR_RETURN(int64_t count,
                      db.QueryInt64("SELECT count(*) FROM vault_identity"));
  if (count != 0) return false;
  crypto::MinisignSecretKey signing = crypto::MinisignSecretKey::Generate(random);
  crypto::AgeIdentity receiving = crypto::AgeIdentity::Generate(random);
  // Both secrets are bound straight from locked memory, without a copy in
  // unlocked heap (so they outlive the statement); SQLCipher copies them
  // into pages that are encrypted on disk.
  crypto::SecretBytes signing_bytes = signing.ToBytes();
  crypto::SecretBytes age_text = receiving.ToSecretString();
  FV_ASSIGN_OR_RETURN(
      Statement insert,
      db.Prepare("INSERT INTO vault_identity (id, minisign_secret_key, "
                 "minisign_public_key, key_id, age_identity, age_recipient, "
                 "created_at) VALUES (1, ?, ?, ?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindBlobNoCopy(1, signing_bytes.Reveal()));
  FV_RETURN_IF_ERROR(insert.BindText(2, signing.PublicKey().ToBase64()));
  FV_RETURN_IF_ERROR(insert.BindText(3, signing.KeyIdHex()));
  FV_RETURN_IF_ERROR(insert.BindBlobNoCopy(4, age_text.Reveal()));
  FV_RETURN_IF_ERROR(insert.BindText(5, receiving.Recipient().ToString()));
  FV_RETURN_IF_ERROR(insert.BindInt64(6, now_micros));
  FV_RETURN_IF_ERROR(insert.Run());
  return true;
}

Result<VaultIdentity> GetVaultIdentity(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT minisign_public_key, key_id, age_recipient, "
                 "display_name, created_at FROM vault_identity WHERE id = 1"));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) {
    return Status::NotFound("this vault has no signing identity yet")
        .WithHint("open it once with this version of fieldvault to upgrade it");
  }
  VaultIdentity identity;
  identity.minisign_public_key = query.ColumnText(0);
  identity.key_id = query.ColumnText(1);
  identity.age_recipient = query.ColumnText(2);
  identity.display_name = query.ColumnText(3);
  identity.created_at = query.ColumnInt64(4);
  identity.signing_fingerprint = SigningKeyFingerprint(identity.minisign_public_key);
  identity.recipient_fingerprint = RecipientFingerprint(identity.age_recipient);
  return identity;
}

Status SetDisplayName(Database& db, std::string_view name) {
  if (name.size() > 200 || FindInvalidUtf8(name) != std::string_view::npos ||
      FindControlCharacterInLine(name) != std::string_view::npos) {
    return Status::InvalidArgument("a display name is at most 200 bytes of "
                                   "UTF-8 text, without control characters");
  }
  FV_ASSIGN_OR_RETURN(Statement update,
                      db.Prepare("UPDATE vault_identity SET display_name = ? "
                                 "WHERE id = 1"));
  FV_RETURN_IF_ERROR(update.BindText(1, name));
  return update.Run();
}

Result<crypto::MinisignSecretKey> LoadSigningKey(Database& db) {
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare("SELECT minisign_secret_key FROM "
                                 "vault_identity WHERE id = 1"));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return Status::NotFound("this vault has no signing key");
  crypto::SecretBytes raw = crypto::SecretBytes::CopyOf(query.ColumnBlob(0));
  auto key = crypto::MinisignSecretKey::FromBytes(raw);
  if (!key.ok()) return Status::Corruption("the vault's signing key is damaged");
  return std::move(key).value();
}

Result<crypto::AgeIdentity> LoadOwnAgeIdentity(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT age_identity FROM vault_identity WHERE id = 1"));
  FV_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return Status::NotFound("this vault has no age identity");
  return ParseStoredAgeIdentity(query.ColumnBlob(0));
}

Result<std::vector<crypto::AgeIdentity>> LoadAgeIdentities(Database& db) {
  std::vector<crypto::AgeIdentity> identities;
  FV_ASSIGN_OR_RETURN(crypto::AgeIdentity own, LoadOwnAgeIdentity(db));
  identities.push_back(std::move(own));
  FV_ASSIGN_OR_RETURN(
      Statement query,
      db.Prepare("SELECT age_identity FROM age_identities ORDER BY position"));
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    FV_ASSIGN_OR_RETURN(crypto::AgeIdentity identity,
                        ParseStoredAgeIdentity(query.ColumnBlob(0)));
    identities.push_back(std::move(identity));
  }
  return identities;
}

Status ImportAgeIdentity(Database& db, const crypto::AgeIdentity& identity,
                         std::string_view label, int64_t now_micros) {
  FV_RETURN_IF_ERROR(CheckLabel(label));
  const std::string recipient = identity.Recipient().ToString();
  FV_ASSIGN_OR_RETURN(Statement query,
                      db.Prepare("SELECT (SELECT count(*) FROM vault_identity "
                                 "WHERE age_recipient = ?1) + (SELECT count(*) "
                                 "FROM age_identities WHERE age_recipient = ?1 "
                                 "OR label = ?2)"));
  FV_RETURN_IF_ERROR(query.BindText(1, recipient));
  FV_RETURN_IF_ERROR(query.BindText(2, label));
  FV_RETURN_IF_ERROR(query.Step().status());
  if (query.ColumnInt64(0) != 0) {
    return Status::AlreadyExists("this age identity or label is already in "
                                 "the vault");
  }
  crypto::SecretBytes text = identity.ToSecretString();  // outlives `insert`
  FV_ASSIGN_OR_RETURN(Statement insert,
                      db.Prepare("INSERT INTO age_identities (label, "
                                 "age_identity, age_recipient, added_at) "
                                 "VALUES (?, ?, ?, ?)"));
  FV_RETURN_IF_ERROR(insert.BindText(1, label));
  FV_RETURN_IF_ERROR(insert.BindBlobNoCopy(2, text.Reveal()));
  FV_RETURN_IF_ERROR(insert.BindText(3, recipient));
  FV_RETURN_IF_ERROR(insert.BindInt64(4, now_micros));
  return insert.Run();
}

}  // namespace fieldvault::core
