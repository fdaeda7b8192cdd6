// Replacing a vault's receiving identity (age X25519) when its secret may
// have leaked, and the identities a vault keeps besides its own.
//
// The replaced identity is not thrown away: it joins the added identities
// (those `id import-age` brings in) under a label, so the bundles already
// on their way to it still open, and the recipient check of verify still
// knows it as this vault's. Once every such bundle has arrived, it is
// retired (removed), after which nothing sent to it can be opened here.
//
// These functions work on a Database inside the caller's transaction
// (identity_ops.h makes whole operations of them, with custody events).
#ifndef FIELDVAULT_CORE_IDENTITY_RECEIVING_KEYS_H_
#define FIELDVAULT_CORE_IDENTITY_RECEIVING_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/db/database.h"
#include "crypto/random.h"
#include "crypto/status.h"

namespace fieldvault::core {

// One receiving identity of the vault, public half.
struct ReceivingKey {
  std::string label;          // "" for the vault's own (current) one
  std::string age_recipient;  // "age1..."
  std::string fingerprint;    // RecipientFingerprint
  int64_t added_at = 0;       // microseconds, UTC
};

// The vault's own receiving identity first, then the added ones, oldest
// first.
Result<std::vector<ReceivingKey>> ListReceivingKeys(Database& db);

// Generates a new receiving identity and makes it the vault's own (the one
// `id show` and `id export` give out); the old one is kept as an added
// identity under `old_label`. Returns {old, new}. kAlreadyExists when the
// label is taken; kInvalidArgument for a bad label.
struct ReplacedKey {
  ReceivingKey old_key;
  ReceivingKey new_key;
};
Result<ReplacedKey> ReplaceOwnReceivingKey(Database& db, crypto::RandomSource& random,
                                           std::string_view old_label,
                                           int64_t now_micros);

// Removes the added identity under `label` (never the vault's own).
// Returns it. kNotFound with a hint listing how to see the labels.
Result<ReceivingKey> RetireReceivingKey(Database& db, std::string_view label);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_IDENTITY_RECEIVING_KEYS_H_
