#include "crypto/age.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/init.h"

namespace fieldvault::crypto {
namespace {

std::vector<uint8_t> Pattern(size_t size, uint8_t seed = 1) {
  std::vector<uint8_t> data(size);
  uint32_t x = seed;
  for (auto& b : data) {
    x = x * 1103515245u + 12345u;
    b = static_cast<uint8_t>(x >> 16);
  }
  return data;
}

std::vector<uint8_t> Encrypt(const std::vector<AgeRecipient>& recipients,
                             std::span<const uint8_t> plaintext, bool armor,
                             RandomSource& random, size_t write_size = 1000) {
  MemorySink sink;
  auto encryptor = AgeEncryptor::Create(recipients, sink, armor, random);
  EXPECT_TRUE(encryptor.ok()) << encryptor.status().ToString();
  for (size_t i = 0; i < plaintext.size(); i += write_size) {
    auto piece = plaintext.subspan(i, std::min(write_size, plaintext.size() - i));
    EXPECT_TRUE((*encryptor)->Write(piece).ok());
  }
  EXPECT_TRUE((*encryptor)->Finish().ok());
  return sink.Take();
}

Result<std::vector<uint8_t>> Decrypt(std::span<const uint8_t> file,
                                     std::span<const AgeIdentity> identities,
                                     size_t read_size = 4096) {
  MemorySource source(file);
  FV_ASSIGN_OR_RETURN(auto decryptor, AgeDecryptor::Open(source, identities));
  std::vector<uint8_t> out, buffer(read_size);
  while (true) {
    FV_ASSIGN_OR_RETURN(size_t n, decryptor->Read(buffer));
    if (n == 0) return out;
    out.insert(out.end(), buffer.begin(), buffer.begin() + n);
  }
}

bool StartsWith(const Status& status, std::string_view phrase) {
  return status.message().rfind(phrase, 0) == 0;
}

class AgeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeCrypto().ok()); }
  DeterministicRandom random_{42};
};

TEST_F(AgeTest, RoundTripSizesBinaryAndArmored) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  for (size_t size : {0, 1, 65535, 65536, 65537, 3 * 65536, 200000}) {
    for (bool armor : {false, true}) {
      SCOPED_TRACE(std::to_string(size) + (armor ? " armored" : " binary"));
      auto plaintext = Pattern(size);
      auto file = Encrypt({identity.Recipient()}, plaintext, armor, random_);
      size_t chunks = size == 0 ? 1 : (size + 65535) / 65536;
      if (!armor) {
        // header + 16-byte nonce + chunks with 16-byte tags
        auto header = FindAgeHeaderEnd(file);
        ASSERT_TRUE(header);
        EXPECT_EQ(file.size(), *header + 16 + size + 16 * chunks);
      }
      for (size_t read_size : {size_t{1}, size_t{4096}, size_t{1} << 17}) {
        if (read_size == 1 && size > 70000) continue;
        auto decrypted = Decrypt(file, {&identity, 1}, read_size);
        ASSERT_TRUE(decrypted.ok()) << decrypted.status().ToString();
        EXPECT_EQ(*decrypted, plaintext);
      }
    }
  }
}

TEST_F(AgeTest, OutputDoesNotDependOnWriteSizes) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  auto plaintext = Pattern(300000);
  DeterministicRandom a(5), b(5), c(5);
  auto one = Encrypt({identity.Recipient()}, plaintext, false, a, 300000);
  auto small = Encrypt({identity.Recipient()}, plaintext, false, b, 7);
  auto chunked = Encrypt({identity.Recipient()}, plaintext, false, c, 65536);
  EXPECT_EQ(one, small);
  EXPECT_EQ(one, chunked);
}

TEST_F(AgeTest, SeveralRecipientsAndIdentities) {
  AgeIdentity a = AgeIdentity::Generate(random_);
  AgeIdentity b = AgeIdentity::Generate(random_);
  AgeIdentity stranger = AgeIdentity::Generate(random_);
  auto plaintext = Pattern(1000);
  auto file = Encrypt({a.Recipient(), b.Recipient()}, plaintext, false, random_);
  for (const AgeIdentity* identity : {&a, &b}) {
    auto decrypted = Decrypt(file, {identity, 1});
    ASSERT_TRUE(decrypted.ok());
    EXPECT_EQ(*decrypted, plaintext);
  }
  std::vector<AgeIdentity> list;
  list.push_back(AgeIdentity::Generate(random_));
  list.push_back(std::move(b));
  EXPECT_TRUE(Decrypt(file, list).ok());
  auto wrong = Decrypt(file, {&stranger, 1});
  EXPECT_EQ(wrong.status().code(), StatusCode::kAuthFailed);
  EXPECT_TRUE(StartsWith(wrong.status(), kAgeErrorNoMatch));
  EXPECT_FALSE(wrong.status().hint().empty());
  MemorySink sink;
  EXPECT_FALSE(AgeEncryptor::Create({}, sink, false, random_).ok());
}

TEST_F(AgeTest, TruncationAndExtensionAreDetected) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  auto plaintext = Pattern(3 * 65536);
  auto file = Encrypt({identity.Recipient()}, plaintext, false, random_);
  size_t payload = *FindAgeHeaderEnd(file) + 16;
  constexpr size_t kChunk = 65536 + 16;
  for (size_t cut : {payload, payload + 1, payload + kChunk,
                     payload + kChunk + 1, payload + 2 * kChunk,
                     file.size() - 1}) {
    auto truncated = Decrypt(std::span(file).first(cut), {&identity, 1});
    ASSERT_FALSE(truncated.ok()) << cut;
    EXPECT_EQ(truncated.status().code(), StatusCode::kCorruption);
    EXPECT_TRUE(StartsWith(truncated.status(), kAgeErrorPayload)) << cut;
  }
  for (size_t extra : {1, 16, 100}) {
    auto extended = file;
    extended.insert(extended.end(), extra, 0);
    auto result = Decrypt(extended, {&identity, 1});
    EXPECT_TRUE(StartsWith(result.status(), kAgeErrorPayload)) << extra;
  }
  // A file whose encryptor was never finished reads as truncated.
  MemorySink sink;
  {
    auto encryptor =
        AgeEncryptor::Create({&identity.Recipient(), 1}, sink, false, random_);
    ASSERT_TRUE(encryptor.ok());
    ASSERT_TRUE((*encryptor)->Write(plaintext).ok());
  }
  EXPECT_TRUE(StartsWith(Decrypt(sink.bytes(), {&identity, 1}).status(),
                         kAgeErrorPayload));
}

TEST_F(AgeTest, EveryHeaderByteIsProtected) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  auto file = Encrypt({identity.Recipient()}, Pattern(100), false, random_);
  size_t header = *FindAgeHeaderEnd(file);
  for (size_t i = 0; i < header; ++i) {
    auto damaged = file;
    damaged[i] ^= 0x01;
    auto result = Decrypt(damaged, {&identity, 1});
    EXPECT_FALSE(result.ok()) << "byte " << i;
  }
  // Flipping a payload byte is a payload error.
  auto damaged = file;
  damaged[header + 20] ^= 0x80;
  EXPECT_TRUE(StartsWith(Decrypt(damaged, {&identity, 1}).status(),
                         kAgeErrorPayload));
}

TEST_F(AgeTest, NotAnAgeFile) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  for (std::string_view text : {"", "hello", "PK\x03\x04 zip file",
                                "-----BEGIN PGP MESSAGE-----\n"}) {
    auto result = Decrypt(AsBytes(text), {&identity, 1});
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_TRUE(StartsWith(result.status(), kAgeErrorNotAgeFile)) << text;
  }
}

TEST_F(AgeTest, ExplicitFormats) {
  AgeIdentity identity = AgeIdentity::Generate(random_);
  auto plaintext = Pattern(5000);
  auto armored = Encrypt({identity.Recipient()}, plaintext, true, random_);
  MemorySource as_binary(armored);
  EXPECT_FALSE(
      AgeDecryptor::Open(as_binary, {&identity, 1}, AgeInputFormat::kBinary)
          .ok());
  MemorySource as_armored(armored);
  auto decryptor =
      AgeDecryptor::Open(as_armored, {&identity, 1}, AgeInputFormat::kArmored);
  ASSERT_TRUE(decryptor.ok());
  EXPECT_EQ((*decryptor)->stanza_count(), 1u);
}

}  // namespace
}  // namespace fieldvault::crypto
