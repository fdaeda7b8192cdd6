// For the benchmark tools that open a vault made by the real binary: the
// passphrase file's first line (as --passphrase-file reads it), straight
// into secret memory.
#ifndef FIELDVAULT_BENCH_PASSPHRASE_FILE_H_
#define FIELDVAULT_BENCH_PASSPHRASE_FILE_H_

#include <algorithm>
#include <fstream>
#include <string>

#include "crypto/byte_stream.h"
#include "crypto/secret_bytes.h"
#include "crypto/status.h"

namespace fieldvault::bench {

// The first line of the file at `path`; kIoError when there is none.
inline Result<crypto::SecretBytes> ReadPassphraseFile(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return Status::IoError("cannot read " + path);
  auto secret = crypto::SecretBytes::CopyOf(crypto::AsBytes(line));
  std::fill(line.begin(), line.end(), '\0');
  return secret;
}

}  // namespace fieldvault::bench

#endif  // FIELDVAULT_BENCH_PASSPHRASE_FILE_H_
