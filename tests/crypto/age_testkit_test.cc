// Runs the C2SP CCTV age testkit (tests/vectors/age, plus the directory in
// $FIELDVAULT_EXTRA_AGE_VECTORS when set): every vector must give its
// `expect:` outcome, and the SHA-256 of the plaintext released (before the
// failure, for failures) must equal `payload:`.
#include <gtest/gtest.h>
#include <sodium.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "crypto/age.h"
#include "crypto/encoding.h"
#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

struct Vector {
  std::string name;
  std::string expect;
  std::string payload_sha256;  // hex, may be empty
  std::vector<std::string> identities;
  bool armored = false;
  bool compressed = false;
  std::vector<uint8_t> file;
  std::string skip_reason;  // non-empty: not run
};

std::vector<uint8_t> Inflate(const std::vector<uint8_t>& in) {
  z_stream z{};
  EXPECT_EQ(inflateInit(&z), Z_OK);
  std::vector<uint8_t> out;
  std::vector<uint8_t> buffer(1 << 16);
  z.next_in = const_cast<uint8_t*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = buffer.data();
    z.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.insert(out.end(), buffer.data(), z.next_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

Vector LoadVector(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
  Vector v;
  v.name = path.filename().string();
  static const std::set<std::string> kKnown = {
      "expect", "payload", "file key", "identity",
      "armored", "compressed", "comment"};
  size_t pos = 0;
  while (true) {
    auto newline = std::find(bytes.begin() + static_cast<ptrdiff_t>(pos),
                             bytes.end(), '\n');
    if (newline == bytes.end()) {
      v.skip_reason = "no blank line after the key/value lines";
      return v;
    }
    std::string line(bytes.begin() + static_cast<ptrdiff_t>(pos), newline);
    pos = static_cast<size_t>(newline - bytes.begin()) + 1;
    if (line.empty()) break;
    size_t colon = line.find(": ");
    std::string key = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
    if (!kKnown.count(key)) {
      v.skip_reason = "unknown key '" + key + "'";
    } else if (key == "expect") {
      v.expect = value;
    } else if (key == "payload") {
      v.payload_sha256 = value;
    } else if (key == "identity") {
      v.identities.push_back(value);
    } else if (key == "armored") {
      v.armored = value == "yes";
    } else if (key == "compressed") {
      if (value != "zlib") v.skip_reason = "unknown compression " + value;
      v.compressed = true;
    }
  }
  v.file.assign(bytes.begin() + static_cast<ptrdiff_t>(pos), bytes.end());
  if (v.skip_reason.empty() && v.compressed) v.file = Inflate(v.file);
  return v;
}

struct Outcome {
  Status status;             // OK for success
  bool failed_at_open = false;
  std::string released_sha256;
};

Outcome Run(const Vector& v, const std::vector<AgeIdentity>& identities,
            size_t read_size) {
  Outcome outcome;
  MemorySource source(v.file);
  auto decryptor = AgeDecryptor::Open(
      source, identities,
      v.armored ? AgeInputFormat::kArmored : AgeInputFormat::kBinary);
  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  if (!decryptor.ok()) {
    outcome.status = decryptor.status();
    outcome.failed_at_open = true;
  } else {
    std::vector<uint8_t> buffer(read_size);
    while (true) {
      auto n = (*decryptor)->Read(buffer);
      if (!n.ok()) {
        outcome.status = n.status();
        break;
      }
      if (*n == 0) break;
      crypto_hash_sha256_update(&hash, buffer.data(), *n);
    }
  }
  std::array<uint8_t, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256_final(&hash, digest.data());
  outcome.released_sha256 = HexEncode(digest);
  return outcome;
}

bool Contains(const Status& status, std::string_view phrase) {
  return status.message().find(phrase) != std::string::npos;
}

void CheckOutcome(const Vector& v, const Outcome& o) {
  const Status& s = o.status;
  SCOPED_TRACE(s.ToString());
  if (v.expect == "success") {
    EXPECT_TRUE(s.ok());
  } else if (v.expect == "no match") {
    EXPECT_EQ(s.code(), StatusCode::kAuthFailed);
    EXPECT_TRUE(Contains(s, kAgeErrorNoMatch));
  } else if (v.expect == "HMAC failure") {
    EXPECT_TRUE(o.failed_at_open && Contains(s, kAgeErrorHeaderMac));
  } else if (v.expect == "header failure") {
    EXPECT_TRUE(o.failed_at_open);
    EXPECT_TRUE((Contains(s, kAgeErrorHeader) &&
                 !Contains(s, kAgeErrorHeaderMac)) ||
                Contains(s, kAgeErrorNotAgeFile) ||
                Contains(s, kAgeErrorUnsupportedVersion));
  } else if (v.expect == "armor failure") {
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_TRUE(Contains(s, kAgeErrorArmor));
  } else if (v.expect == "payload failure") {
    EXPECT_FALSE(o.failed_at_open);
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_TRUE(Contains(s, kAgeErrorPayload));
  } else {
    ADD_FAILURE() << "unknown expect: " << v.expect;
  }
  if (!v.payload_sha256.empty()) {
    EXPECT_EQ(o.released_sha256, v.payload_sha256);
  }
}

// Runs every vector in `dir`; returns how many ran.
size_t RunDirectory(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  size_t ran = 0;
  for (const auto& path : paths) {
    Vector v = LoadVector(path);
    SCOPED_TRACE(v.name + " (expect: " + v.expect + ")");
    if (!v.skip_reason.empty()) {
      std::cout << "[ SKIPPED  ] age vector " << v.name << ": "
                << v.skip_reason << "\n";
      continue;
    }
    std::vector<AgeIdentity> identities;
    for (const std::string& text : v.identities) {
      auto identity = AgeIdentity::Parse(AsBytes(text));
      EXPECT_TRUE(identity.ok()) << identity.status().ToString();
      if (identity.ok()) identities.push_back(std::move(identity).value());
    }
    // Small reads exercise buffering; large ones decrypt in place.
    for (size_t read_size : {size_t{1000}, size_t{3} * kAgeChunkBytes}) {
      SCOPED_TRACE("read size " + std::to_string(read_size));
      CheckOutcome(v, Run(v, identities, read_size));
    }
    ++ran;
  }
  return ran;
}

TEST(AgeTestkitTest, BundledVectors) {
  ASSERT_TRUE(InitializeCrypto().ok());
  size_t ran = RunDirectory(std::filesystem::path(FIELDVAULT_SOURCE_DIR) /
                            "tests/vectors/age");
  EXPECT_EQ(ran, 62u);
}

TEST(AgeTestkitTest, ExtraVectorsFromEnvironment) {
  const char* dir = std::getenv("FIELDVAULT_EXTRA_AGE_VECTORS");
  if (dir == nullptr || *dir == '\0') {
    GTEST_SKIP() << "FIELDVAULT_EXTRA_AGE_VECTORS is not set";
  }
  ASSERT_TRUE(InitializeCrypto().ok());
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  size_t ran = RunDirectory(dir);
  std::cout << "ran " << ran << " extra age vectors from " << dir << "\n";
}

}  // namespace
}  // namespace fieldvault::crypto
