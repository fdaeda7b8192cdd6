// Helpers for vault tests: a temporary directory, a low KDF cost, file
// bytes. Synthetic data only.
#ifndef FIELDVAULT_TESTS_CORE_VAULT_VAULT_TEST_SUPPORT_H_
#define FIELDVAULT_TESTS_CORE_VAULT_VAULT_TEST_SUPPORT_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "core/vault/keyslots.h"
#include "crypto/secret_bytes.h"

namespace fieldvault::core::testing {

// 1 MiB and one pass: fast, and far below what real vaults use.
inline KdfCost LowCost() { return KdfCost{1, size_t{1} << 20}; }

inline crypto::SecretBytes Secret(std::string_view text) {
  return crypto::SecretBytes::CopyOf(
      {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("fv-vault-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace fieldvault::core::testing

#endif  // FIELDVAULT_TESTS_CORE_VAULT_VAULT_TEST_SUPPORT_H_
