// The two keyrings of a vault, kept in vault.db:
//   recipients  (field side) the age recipients bundles may be encrypted
//               to, each under a label such as "hq-geneva";
//   signers     (HQ side) the minisign public keys whose bundles are
//               trusted, each under a label such as "monitor-7". A revoked
//               signer stays listed, so that its bundles are refused as
//               revoked rather than as unknown.
// Every entry carries its read-aloud fingerprint (fingerprint.h). These
// functions work inside the caller's transaction; the caller appends the
// custody event and commits.
#ifndef FIELDVAULT_CORE_IDENTITY_KEYRINGS_H_
#define FIELDVAULT_CORE_IDENTITY_KEYRINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "crypto/status.h"

namespace fieldvault::core {

struct RecipientEntry {
  std::string label;
  std::string age_recipient;  // "age1..."
  std::string fingerprint;
  int64_t added_at = 0;
};

struct SignerEntry {
  std::string label;
  std::string minisign_public_key;  // base64 key line
  std::string key_id;               // 16 uppercase hex digits
  std::string fingerprint;
  int64_t added_at = 0;
  std::optional<int64_t> revoked_at;
};

// Adds `recipient` under `label`. kInvalidArgument (bad label),
// kAlreadyExists (the label or the recipient is already there).
Result<RecipientEntry> AddRecipient(Database& db, std::string_view label,
                                    const crypto::AgeRecipient& recipient,
                                    int64_t now_micros);
// All recipients, by label.
Result<std::vector<RecipientEntry>> ListRecipients(Database& db);
// The recipient `label`. kNotFound with a hint naming `recipients list`.
Result<RecipientEntry> GetRecipient(Database& db, std::string_view label);
// Removes `label` and returns what it was. kNotFound.
Result<RecipientEntry> RemoveRecipient(Database& db, std::string_view label);

// Trusts `key` under `label`. kInvalidArgument (bad label); kAlreadyExists
// (label or key already present; a revoked key stays revoked).
Result<SignerEntry> TrustSigner(Database& db, std::string_view label,
                                const crypto::MinisignPublicKey& key,
                                int64_t now_micros);
// All signers, by label, revoked ones included.
Result<std::vector<SignerEntry>> ListSigners(Database& db);
// Marks `label` revoked. kNotFound; kFailedPrecondition if already revoked.
Result<SignerEntry> RevokeSigner(Database& db, std::string_view label,
                                 int64_t now_micros);
// The entry for exactly this public key (trusted or revoked), if any.
Result<std::optional<SignerEntry>> FindSigner(
    Database& db, const crypto::MinisignPublicKey& key);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_IDENTITY_KEYRINGS_H_
