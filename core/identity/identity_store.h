// The vault's own identities, kept inside vault.db (so encrypted with it):
// a signing key (minisign Ed25519) that signs the bundles this vault
// sends, and a receiving identity (age X25519) that opens the bundles sent
// to it. An HQ may add further age identities (an existing age key file it
// already gave out), which are tried in order after the vault's own.
//
// These functions work on a Database inside the caller's transaction; the
// caller appends the custody event and commits. Secret keys leave the
// database only as SecretBytes-backed key objects; nothing here writes a
// file or prints.
#ifndef FIELDVAULT_CORE_IDENTITY_IDENTITY_STORE_H_
#define FIELDVAULT_CORE_IDENTITY_IDENTITY_STORE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core {

// The public half of the vault's identity.
struct VaultIdentity {
  std::string minisign_public_key;    // base64 key line
  std::string key_id;                 // 16 uppercase hex digits
  std::string signing_fingerprint;    // SigningKeyFingerprint
  std::string age_recipient;          // "age1..."
  std::string recipient_fingerprint;  // RecipientFingerprint
  std::string display_name;           // shown to recipients; may be empty
  int64_t created_at = 0;             // microseconds, UTC
};

// Creates the identity tables (`vault_identity`, `age_identities`,
// `recipients`, `signers`). For the identities migration only.
Status CreateIdentitySchema(Database& db);

// Generates and stores the vault's signing key and receiving identity
// unless it has them. Returns true when it created them. kIoError.
Result<bool> EnsureVaultIdentity(Database& db, crypto::RandomSource& random,
                                 int64_t now_micros);

// The public half. kNotFound if the vault has no identity (a database
// that was never migrated).
Result<VaultIdentity> GetVaultIdentity(Database& db);

// Sets the name recipients see as the sender (at most 200 bytes of
// UTF-8, no control characters; kInvalidArgument otherwise).
Status SetDisplayName(Database& db, std::string_view name);

// The signing key, in locked memory. kNotFound, kCorruption if damaged.
Result<crypto::MinisignSecretKey> LoadSigningKey(Database& db);

// Every age identity that can open a bundle sent to this vault: the
// vault's own first, then the imported ones in the order they were added.
Result<std::vector<crypto::AgeIdentity>> LoadAgeIdentities(Database& db);

// Adds an existing age identity (HQ's, from an age-keygen file) under
// `label`. kAlreadyExists if that identity is already here (the vault's
// own included); kInvalidArgument for a bad label.
Status ImportAgeIdentity(Database& db, const crypto::AgeIdentity& identity,
                         std::string_view label, int64_t now_micros);

// The vault's own receiving identity, for `id export-age-identity`.
Result<crypto::AgeIdentity> LoadOwnAgeIdentity(Database& db);

// kOk for a keyring label: 1 to 64 bytes of [A-Za-z0-9._-], not starting
// with '-'. kInvalidArgument with a hint otherwise.
Status CheckLabel(std::string_view label);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_IDENTITY_IDENTITY_STORE_H_
