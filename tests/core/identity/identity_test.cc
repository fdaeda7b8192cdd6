#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/identity/fingerprint.h"
#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
#include "core/identity/receiving_keys.h"
#include "crypto/init.h"

namespace fieldvault::core {
namespace {

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    path_ = std::filesystem::temp_directory_path() /
            ("fv-identity-test-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    auto db = Database::Open(path_.string(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(db).value());
    crypto::SecretBytes key(32);
    random_.Fill(key.MutableReveal());
    ASSERT_TRUE(db_->Key(key).ok());
    ASSERT_TRUE(CreateIdentitySchema(*db_).ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove(path_);
  }

  std::filesystem::path path_;
  crypto::DeterministicRandom random_{11};
  std::optional<Database> db_;
};

TEST_F(IdentityTest, VaultIdentityIsCreatedOnceAndLoads) {
  EXPECT_EQ(GetVaultIdentity(*db_).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(*EnsureVaultIdentity(*db_, random_, 100));
  EXPECT_FALSE(*EnsureVaultIdentity(*db_, random_, 200));
  auto identity = GetVaultIdentity(*db_);
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->created_at, 100);
  auto signing = LoadSigningKey(*db_);
  ASSERT_TRUE(signing.ok()) << signing.status().ToString();
  EXPECT_EQ(signing->PublicKey().ToBase64(), identity->minisign_public_key);
  EXPECT_EQ(signing->KeyIdHex(), identity->key_id);
  EXPECT_EQ(identity->signing_fingerprint,
            SigningKeyFingerprint(identity->minisign_public_key));
  auto ids = LoadAgeIdentities(*db_);
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ((*ids)[0].Recipient().ToString(), identity->age_recipient);
  EXPECT_TRUE(SetDisplayName(*db_, "Тестовый монитор").ok());
  EXPECT_TRUE(SetDisplayName(*db_, "Synthetic Monitor 7").ok());
  EXPECT_FALSE(SetDisplayName(*db_, "bad\nname").ok());
  EXPECT_FALSE(SetDisplayName(*db_, "csi\xC2\x9B" "2J").ok());  // U+009B
  EXPECT_FALSE(SetDisplayName(*db_, "broken \xD0").ok());       // not UTF-8
  EXPECT_EQ(GetVaultIdentity(*db_)->display_name, "Synthetic Monitor 7");
}

TEST_F(IdentityTest, ImportedAgeIdentitiesComeAfterTheVaultsOwn) {
  ASSERT_TRUE(EnsureVaultIdentity(*db_, random_, 1).ok());
  auto extra = crypto::AgeIdentity::Generate(random_);
  ASSERT_TRUE(ImportAgeIdentity(*db_, extra, "hq-old-key", 2).ok());
  EXPECT_EQ(ImportAgeIdentity(*db_, extra, "again", 3).code(),
            StatusCode::kAlreadyExists);
  auto own = LoadOwnAgeIdentity(*db_);
  EXPECT_EQ(ImportAgeIdentity(*db_, *own, "own", 3).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(ImportAgeIdentity(*db_, crypto::AgeIdentity::Generate(random_),
                              "bad label", 3).code(),
            StatusCode::kInvalidArgument);
  auto ids = LoadAgeIdentities(*db_);
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ((*ids)[1].Recipient(), extra.Recipient());
}

TEST_F(IdentityTest, RecipientsKeyring) {
  auto hq = crypto::AgeIdentity::Generate(random_).Recipient();
  auto added = AddRecipient(*db_, "hq-geneva", hq, 5);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->fingerprint, RecipientFingerprint(hq.ToString()));
  EXPECT_EQ(AddRecipient(*db_, "hq-geneva",
                         crypto::AgeIdentity::Generate(random_).Recipient(), 6)
                .status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(AddRecipient(*db_, "other", hq, 6).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(AddRecipient(*db_, "-x", hq, 6).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(GetRecipient(*db_, "hq-geneva")->age_recipient, hq.ToString());
  EXPECT_EQ(ListRecipients(*db_)->size(), 1u);
  EXPECT_TRUE(RemoveRecipient(*db_, "hq-geneva").ok());
  EXPECT_EQ(RemoveRecipient(*db_, "hq-geneva").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(ListRecipients(*db_)->empty());
}

TEST_F(IdentityTest, SignersKeyringWithRevocation) {
  auto key = crypto::MinisignSecretKey::Generate(random_).PublicKey();
  ASSERT_TRUE(TrustSigner(*db_, "monitor-7", key, 5).ok());
  EXPECT_EQ(TrustSigner(*db_, "monitor-8", key, 6).status().code(),
            StatusCode::kAlreadyExists);
  auto found = FindSigner(*db_, key);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->label, "monitor-7");
  EXPECT_FALSE((*found)->revoked_at);
  EXPECT_FALSE(*FindSigner(*db_, crypto::MinisignSecretKey::Generate(random_).PublicKey()));
  ASSERT_TRUE(RevokeSigner(*db_, "monitor-7", 9).ok());
  EXPECT_EQ(RevokeSigner(*db_, "monitor-7", 10).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(*(*FindSigner(*db_, key))->revoked_at, 9);
  auto again = TrustSigner(*db_, "monitor-7b", key, 11);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("revoked"), std::string::npos);
  EXPECT_EQ(ListSigners(*db_)->size(), 1u);
}

TEST_F(IdentityTest, AReplacedReceivingKeyIsKeptUntilRetired) {
  ASSERT_TRUE(EnsureVaultIdentity(*db_, random_, 100).ok());
  const std::string old_recipient = GetVaultIdentity(*db_)->age_recipient;
  auto replaced = ReplaceOwnReceivingKey(*db_, random_, "hq-old", 200);
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->old_key.age_recipient, old_recipient);
  EXPECT_EQ(GetVaultIdentity(*db_)->age_recipient, replaced->new_key.age_recipient);
  EXPECT_NE(replaced->new_key.age_recipient, old_recipient);
  // Both open bundles: the new one first.
  auto ids = LoadAgeIdentities(*db_);
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ((*ids)[0].Recipient().ToString(), replaced->new_key.age_recipient);
  EXPECT_EQ((*ids)[1].Recipient().ToString(), old_recipient);
  auto keys = ListReceivingKeys(*db_);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[1].label, "hq-old");
  EXPECT_EQ((*keys)[1].added_at, 200);
  EXPECT_EQ(RetireReceivingKey(*db_, "nothing").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RetireReceivingKey(*db_, "").status().code(), StatusCode::kNotFound);
  auto retired = RetireReceivingKey(*db_, "hq-old");
  ASSERT_TRUE(retired.ok());
  EXPECT_EQ(retired->age_recipient, old_recipient);
  EXPECT_EQ(LoadAgeIdentities(*db_)->size(), 1u);
}

}  // namespace
}  // namespace fieldvault::core
