#include "core/vault/keyslots.h"

#include <gtest/gtest.h>

#include "core/vault/keyslots_format.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core {
namespace {

using testing::LowCost;
using testing::Secret;

class KeyslotsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    master_ = crypto::SecretBytes(kMasterKeyBytes);
    random_.Fill(master_.MutableReveal());
    auto slot = SealKeyslot(KeyslotKind::kPassphrase, Secret("synthetic pass"),
                            master_, LowCost(), random_);
    ASSERT_TRUE(slot.ok()) << slot.status().ToString();
    file_.slots.push_back(*slot);
    crypto::Blake2b512 hash{};
    hash[0] = 0xab;
    auto head = SealChainHead(master_, 3, hash);
    ASSERT_TRUE(head.ok());
    file_.head = *head;
  }
  crypto::DeterministicRandom random_{3};
  crypto::SecretBytes master_;
  KeyslotsFile file_;
};

TEST_F(KeyslotsTest, SerializeParseRoundTrip) {
  std::vector<uint8_t> bytes = SerializeKeyslots(file_);
  EXPECT_EQ(bytes.size(), kKeyslotsFileHeaderBytes + kKeyslotBytes +
                              kChainHeadBytes);
  auto parsed = ParseKeyslots(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(SerializeKeyslots(*parsed), bytes);
  auto key = OpenKeyslot(parsed->slots[0], Secret("synthetic pass"));
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_TRUE(key->Equals(master_));
  EXPECT_TRUE(VerifyChainHead(master_, parsed->head).ok());
}

TEST_F(KeyslotsTest, WrongSecretIsAuthFailure) {
  EXPECT_EQ(OpenKeyslot(file_.slots[0], Secret("synthetic pasS"))
                .status()
                .code(),
            StatusCode::kAuthFailed);
}

TEST_F(KeyslotsTest, EveryFlippedByteOfTheSlotIsRejected) {
  std::vector<uint8_t> bytes = SerializeKeyslots(file_);
  // Magic and version (10 bytes) and every byte of the slot: each must be
  // refused, by the parser or by authentication, never accepted.
  std::vector<size_t> positions;
  for (size_t i = 0; i < 10; ++i) positions.push_back(i);
  for (size_t i = 0; i < kKeyslotBytes; ++i) {
    positions.push_back(kKeyslotsFileHeaderBytes + i);
  }
  for (size_t position : positions) {
    std::vector<uint8_t> damaged = bytes;
    damaged[position] ^= 0x01;
    auto parsed = ParseKeyslots(damaged);
    if (!parsed.ok()) continue;
    EXPECT_EQ(OpenKeyslot(parsed->slots[0], Secret("synthetic pass"))
                  .status()
                  .code(),
              StatusCode::kAuthFailed)
        << "byte " << position;
  }
}

TEST_F(KeyslotsTest, LoweredCostIsDetected) {
  // An attacker who lowers the recorded cost (to make guessing cheaper, or
  // to probe) changes the associated data: the unwrap fails.
  Keyslot downgraded = file_.slots[0];
  downgraded.header.memory_bytes /= 2;
  EXPECT_EQ(OpenKeyslot(downgraded, Secret("synthetic pass")).status().code(),
            StatusCode::kAuthFailed);
  downgraded = file_.slots[0];
  downgraded.header.passes = 2;  // any change, up or down, is caught
  EXPECT_EQ(OpenKeyslot(downgraded, Secret("synthetic pass")).status().code(),
            StatusCode::kAuthFailed);
}

TEST_F(KeyslotsTest, ChainHeadMacDetectsChanges) {
  ChainHeadRecord head = file_.head;
  head.sequence = 2;
  EXPECT_EQ(VerifyChainHead(master_, head).code(), StatusCode::kAuthFailed);
  head = file_.head;
  head.hash[63] ^= 1;
  EXPECT_EQ(VerifyChainHead(master_, head).code(), StatusCode::kAuthFailed);
}

TEST_F(KeyslotsTest, ParserRejectsDamage) {
  std::vector<uint8_t> bytes = SerializeKeyslots(file_);
  EXPECT_EQ(ParseKeyslots({}).status().code(), StatusCode::kCorruption);
  std::vector<uint8_t> truncated(bytes.begin(), bytes.end() - 1);
  EXPECT_EQ(ParseKeyslots(truncated).status().code(), StatusCode::kCorruption);
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(ParseKeyslots(longer).status().code(), StatusCode::kCorruption);
  std::vector<uint8_t> newer = bytes;
  newer[8] = 2;
  EXPECT_EQ(ParseKeyslots(newer).status().code(), StatusCode::kUnsupported);
  std::vector<uint8_t> no_passphrase = bytes;
  no_passphrase[kKeyslotsFileHeaderBytes] = 2;  // the only slot: recovery
  EXPECT_EQ(ParseKeyslots(no_passphrase).status().code(),
            StatusCode::kCorruption);
  std::vector<uint8_t> huge_memory = bytes;
  huge_memory[kKeyslotsFileHeaderBytes + 15] = 0x7f;  // memory >> 4 GiB
  EXPECT_EQ(ParseKeyslots(huge_memory).status().code(),
            StatusCode::kCorruption);
}

TEST_F(KeyslotsTest, SealRefusesEmptySecret) {
  crypto::SecretBytes empty;
  EXPECT_EQ(SealKeyslot(KeyslotKind::kPassphrase, empty, master_, LowCost(),
                        random_)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fieldvault::core
