// Hand-made tar members for tests: the hostile archives (unsafe paths,
// links, devices...) that TarWriter refuses to make.
#ifndef FIELDVAULT_TESTS_CORE_BUNDLE_HAND_TAR_H_
#define FIELDVAULT_TESTS_CORE_BUNDLE_HAND_TAR_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace fieldvault::testing {

// A ustar header block for `name` of `type` ('0' file, '1' hard link,
// '2' symlink, '3'/'4' devices, '5' directory, '6' FIFO, 'x' pax).
inline std::string UstarHeader(const std::string& name, char type,
                               uint64_t size, const std::string& link = "") {
  std::string h(512, '\0');
  auto put = [&](size_t offset, const std::string& text) {
    h.replace(offset, text.size(), text);
  };
  auto octal = [](uint64_t value, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%0*llo", width - 1,
                  static_cast<unsigned long long>(value));
    return std::string(buffer);
  };
  put(0, name.substr(0, 100));
  put(100, octal(0644, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(0, 12));
  h[156] = type;
  put(157, link);
  put(257, std::string("ustar\0", 6));
  put(263, "00");
  put(148, std::string(8, ' '));
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  put(148, octal(sum, 7) + std::string(1, '\0'));
  return h;
}

// A GNU sparse header ('S') for `name` with no stored data and a sparse
// map of one run (`offset`, `length`) in a file of `real_size` bytes.
inline std::string GnuSparseHeader(const std::string& name, uint64_t offset,
                                   uint64_t length, uint64_t real_size) {
  std::string h = UstarHeader(name, 'S', 0);
  auto octal = [](uint64_t value) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%011llo",
                  static_cast<unsigned long long>(value));
    return std::string(buffer, 12);  // with its NUL
  };
  h.replace(257, 8, std::string("ustar  \0", 8));  // GNU magic
  h.replace(386, 12, octal(offset));
  h.replace(398, 12, octal(length));
  h.replace(483, 12, octal(real_size));
  h.replace(148, 8, std::string(8, ' '));
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char checksum[8];
  std::snprintf(checksum, sizeof(checksum), "%06o", sum);
  h.replace(148, 8, std::string(checksum, 7) + " ");
  return h;
}

// A whole member: header, data, zero padding to 512 bytes.
inline std::string TarMemberBytes(const std::string& name, const std::string& data,
                                  char type = '0', const std::string& link = "") {
  return UstarHeader(name, type, data.size(), link) + data +
         std::string((512 - data.size() % 512) % 512, '\0');
}

// The end-of-archive marker: two zero blocks.
inline std::string TarEnd() { return std::string(1024, '\0'); }

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CORE_BUNDLE_HAND_TAR_H_
