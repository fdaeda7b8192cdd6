#include "crypto/init.h"

#include <sodium.h>

namespace fieldvault::crypto {

Status InitializeCrypto() {
  if (sodium_init() < 0) {
    return Status::Unsupported("libsodium could not be initialised");
  }
  return Status::Ok();
}

}  // namespace fieldvault::crypto
