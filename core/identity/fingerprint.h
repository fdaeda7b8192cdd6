// Short fingerprints of public keys, for two people to compare by reading
// them aloud over a separate channel (a phone call, a meeting) before they
// trust a key: "7f3a 19c2 e0b4 5d81 aa06".
//
// A fingerprint is the first 10 bytes (80 bits) of BLAKE2b-512 over a
// domain label and the key's canonical text, shown as 20 lowercase hex
// digits in five groups of four. 80 bits make finding a second key with
// the same fingerprint cost about 2^80 hashes, far beyond an adversary who
// would forge a bundle; the key id printed by minisign (64 bits, chosen
// freely by the key's maker) is not a fingerprint and is never used as one.
#ifndef FIELDVAULT_CORE_IDENTITY_FINGERPRINT_H_
#define FIELDVAULT_CORE_IDENTITY_FINGERPRINT_H_

#include <string>
#include <string_view>

namespace fieldvault::core {

// The fingerprint of a minisign public key, given as its base64 line
// (MinisignPublicKey::ToBase64(), canonical).
std::string SigningKeyFingerprint(std::string_view minisign_base64);

// The fingerprint of an age X25519 recipient, given as its canonical
// "age1..." text (AgeRecipient::ToString()).
std::string RecipientFingerprint(std::string_view age_recipient);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_IDENTITY_FINGERPRINT_H_
