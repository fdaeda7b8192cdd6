// A bench-only command line around the crypto layer, so that
// bench/compare_b2sum_minisign.sh can time fieldvault's BLAKE2b-512,
// minisign signing and verification on files against `b2sum` and
// `minisign` in the same run. Not installed; not part of the CLI.
//
//   minisign_bench_tool b2sum FILE                  prints "<hex>  FILE"
//   minisign_bench_tool sign SECKEY FILE TRUSTED    writes FILE.minisig
//   minisign_bench_tool verify PUBKEY FILE SIGFILE  exit 0 if valid
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "crypto/blake2b.h"
#include "crypto/encoding.h"
#include "crypto/init.h"
#include "crypto/minisign.h"

namespace fc = fieldvault::crypto;

namespace {

std::string ReadText(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

int Fail(const fieldvault::Status& status) {
  std::cerr << "minisign_bench_tool: " << status.ToString() << "\n";
  return status.code() == fieldvault::StatusCode::kAuthFailed ? 1 : 2;
}

// Runs `body` with a ByteSource over the file at `path`.
template <typename Body>
int WithFile(const char* path, Body body) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::perror(path);
    return 2;
  }
  fc::FdSource source(fd);
  int rc = body(source);
  ::close(fd);
  return rc;
}

int Sign(const char* key_path, const char* file, const char* trusted) {
  // Bench keys are throwaway test keys; a real key file would be read
  // straight into SecretBytes.
  std::string key_text = ReadText(key_path);
  auto key = fc::MinisignSecretKey::ParseUnencryptedFile(fc::AsBytes(key_text));
  if (!key.ok()) return Fail(key.status());
  return WithFile(file, [&](fc::ByteSource& source) {
    auto text = fc::SignPrehashed(*key, source, trusted,
                                  fc::kMinisignDefaultUntrustedComment);
    if (!text.ok()) return Fail(text.status());
    std::ofstream(std::string(file) + ".minisig", std::ios::binary) << *text;
    return 0;
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (!fc::InitializeCrypto().ok()) return 2;
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "b2sum" && argc == 3) {
    return WithFile(argv[2], [&](fc::ByteSource& source) {
      auto digest = fc::HashBlake2b512(source);
      if (!digest.ok()) return Fail(digest.status());
      std::cout << fc::HexEncode(*digest) << "  " << argv[2] << "\n";
      return 0;
    });
  }
  if (command == "sign" && argc == 5) return Sign(argv[2], argv[3], argv[4]);
  if (command == "verify" && argc == 5) {
    auto key = fc::MinisignPublicKey::ParseFile(ReadText(argv[2]));
    if (!key.ok()) return Fail(key.status());
    std::string signature = ReadText(argv[4]);
    return WithFile(argv[3], [&](fc::ByteSource& source) {
      fieldvault::Status status = fc::VerifySignature(*key, source, signature);
      return status.ok() ? 0 : Fail(status);
    });
  }
  std::cerr << "usage: minisign_bench_tool b2sum FILE | sign SECKEY FILE "
               "TRUSTED | verify PUBKEY FILE SIGFILE\n";
  return 2;
}
