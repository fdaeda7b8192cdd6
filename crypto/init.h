// Process-wide start-up for the crypto layer.
#ifndef FIELDVAULT_CRYPTO_INIT_H_
#define FIELDVAULT_CRYPTO_INIT_H_

#include "crypto/status.h"

namespace fieldvault::crypto {

// Initialises libsodium. Call once at program start, before any other
// crypto function; calling again is harmless. Returns kUnsupported if the
// library cannot start (no usable random source).
Status InitializeCrypto();

}  // namespace fieldvault::crypto

#endif  // FIELDVAULT_CRYPTO_INIT_H_
