// Recovery keys: 160 random bits, written for copying by hand.
//
// Text form: nine groups of four characters, "XXXX-XXXX-...-XXXX", in
// Crockford's base32 (digits and capitals without I, L, O, U): 32
// characters carry the key and the last group is a 20-bit check, so that a
// miscopied character is reported as a typo instead of a wrong key.
// Parsing ignores case, spaces and dashes, and reads O as 0 and I/L as 1.
// The key and its text only ever live in SecretBytes.
#ifndef FIELDVAULT_CORE_VAULT_RECOVERY_KEY_H_
#define FIELDVAULT_CORE_VAULT_RECOVERY_KEY_H_

#include <cstddef>

#include "crypto/random.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::core {

inline constexpr size_t kRecoveryKeyBytes = 20;
inline constexpr size_t kRecoveryKeyGroups = 9;
inline constexpr size_t kRecoveryKeyTextBytes = kRecoveryKeyGroups * 5 - 1;

// kRecoveryKeyBytes fresh random bytes.
crypto::SecretBytes GenerateRecoveryKey(crypto::RandomSource& random);

// The grouped text of `key` (kRecoveryKeyBytes), in new locked memory.
crypto::SecretBytes FormatRecoveryKey(const crypto::SecretBytes& key);

// The key written in `text`. kInvalidArgument with "not a recovery key"
// when the text does not have the shape of one (e.g. it is a passphrase),
// or with "typo" in the message when the check group does not match.
Result<crypto::SecretBytes> ParseRecoveryKey(const crypto::SecretBytes& text);

// True when ParseRecoveryKey's error `status` means a typo rather than
// another kind of text.
bool IsRecoveryKeyTypo(const Status& status);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_VAULT_RECOVERY_KEY_H_
