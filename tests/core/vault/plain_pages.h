// TEST-ONLY: the plaintext of every page of an SQLCipher 3 database file,
// decrypted with its raw key as SQLCipher does (AES-256-CBC, each page's
// IV in its reserved tail, the first page's first 16 bytes the salt), free
// pages and leftovers included. For tests that deleted text is really gone
// from the file, not merely unreachable through SQL.
#ifndef FIELDVAULT_TESTS_CORE_VAULT_PLAIN_PAGES_H_
#define FIELDVAULT_TESTS_CORE_VAULT_PLAIN_PAGES_H_

#include <openssl/evp.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include "crypto/secret_bytes.h"

namespace fieldvault::testing {

// Every page of `path` decrypted with `key` (32 bytes) and concatenated;
// "" when the file cannot be read. Pages are `page_size` bytes, the last
// 48 of them reserved (IV, HMAC-SHA1, padding).
inline std::string PlainPages(const std::string& path,
                              const crypto::SecretBytes& key, size_t page_size) {
  std::ifstream in(path, std::ios::binary);
  const std::string file((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  constexpr size_t kReserve = 48;
  std::string plain;
  for (size_t offset = 0; offset + page_size <= file.size(); offset += page_size) {
    const auto* page = reinterpret_cast<const uint8_t*>(file.data() + offset);
    const size_t start = offset == 0 ? 16 : 0;
    const size_t length = page_size - kReserve - start;
    std::string out(length, '\0');
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int written = 0;
    EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key.Reveal().data(),
                       page + page_size - kReserve);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_DecryptUpdate(ctx, reinterpret_cast<uint8_t*>(out.data()), &written,
                      page + start, static_cast<int>(length));
    EVP_CIPHER_CTX_free(ctx);
    plain += out;
  }
  return plain;
}

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_VAULT_PLAIN_PAGES_H_
