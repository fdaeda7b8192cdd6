// A field vault and an HQ vault that know each other (the field has HQ's
// age key as recipient "hq-geneva", HQ trusts the field's signing key as
// "monitor-7"), a stand-in USB directory, and helpers to export from one
// and verify or import at the other, attach files and decrypt a bundle
// with age. Tests add their own records.
#ifndef FIELDVAULT_TESTS_CORE_BUNDLE_HANDOFF_FIXTURE_H_
#define FIELDVAULT_TESTS_CORE_BUNDLE_HANDOFF_FIXTURE_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "core/attachments/attachment_store.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/exporter.h"
#include "core/bundle/receiver.h"
#include "core/identity/identity_ops.h"
#include "core/identity/identity_store.h"
#include "core/names/match_key.h"
#include "core/records/record_store.h"
#include "core/search/search_index.h"
#include "crypto/age_keys.h"
#include "crypto/byte_stream.h"
#include "crypto/init.h"
#include "tests/core/vault/vault_test_support.h"

namespace fieldvault::core::bundle {

class HandoffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::InitializeCrypto().ok());
    auto normalizer = NameNormalizer::Create();
    ASSERT_TRUE(normalizer.ok());
    normalizer_.emplace(std::move(normalizer).value());
    field_ = NewVault("field");
    hq_ = NewVault("hq");
    std::filesystem::create_directories(dir_.Join("usb"));
    Introduce(*field_, *hq_, "hq-geneva", "monitor-7");
  }

  std::unique_ptr<Vault> NewVault(const std::string& name) {
    auto vault = Vault::Create(dir_.Join(name), core::testing::Secret("synthetic pass"),
                               core::testing::LowCost(), random_, clock_);
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    return std::make_unique<Vault>(std::move(vault).value());
  }

  // The sender learns the receiver's age key, the receiver trusts the
  // sender's signing key.
  void Introduce(Vault& sender, Vault& receiver, const std::string& recipient_label,
                 const std::string& signer_label) {
    auto receiving = GetVaultIdentity(receiver.db());
    auto signing = GetVaultIdentity(sender.db());
    ASSERT_TRUE(AddRecipientToVault(sender, recipient_label,
                                    *crypto::AgeRecipient::Parse(receiving->age_recipient))
                    .ok());
    ASSERT_TRUE(TrustSignerInVault(receiver, signer_label,
                                   *crypto::MinisignPublicKey::ParseBase64(
                                       signing->minisign_public_key))
                    .ok());
  }

  // Exports one second after the last thing that happened; to the USB
  // directory unless the request names a target. Expects success.
  ExportResult Export(Vault& vault, ExportRequest request = {}) {
    clock_.Advance(1000000);
    if (request.target.empty()) request.target = dir_.Join("usb");
    auto result = ExportBundle(vault, request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? *result : ExportResult{};
  }

  ReceiveReport Receive(Vault& vault, const std::string& path, bool import) {
    ReceiveOptions options;
    options.import = import;
    options.normalizer = &*normalizer_;
    auto index = SearchIndex::Create(vault.db(), *normalizer_);
    EXPECT_TRUE(index.ok());
    options.search = &*index;
    return ReceiveBundle(vault, path, options);
  }

  void ExpectRefused(const ReceiveReport& report, const std::string& words) {
    EXPECT_FALSE(report.passed());
    EXPECT_NE(report.error.message().find(words), std::string::npos)
        << report.error.message();
  }

  // A bundle signed by the field vault for HQ, holding `payload` as given
  // (crafted content from a trusted signer), written to dir_/`name`.
  std::string SealByHand(const std::string& name, const std::vector<PayloadFile>& payload,
                         const std::string& bundle_id = "9b2d4c1e-7a3f-4e5b-8c6d-0f1e2a3b4c5d") {
    auto identity = GetVaultIdentity(field_->db());
    auto key = LoadSigningKey(field_->db());
    EXPECT_TRUE(identity.ok() && key.ok());
    auto hq = *crypto::AgeRecipient::Parse(GetVaultIdentity(hq_->db())->age_recipient);
    SealInput input;
    input.manifest.bundle_id = bundle_id;
    input.manifest.created_at = "2020-02-23T18:05:00Z";
    input.manifest.sender = {identity->minisign_public_key, identity->key_id, ""};
    input.manifest.sequence = 1;
    input.manifest.recipients = {hq.ToString()};
    input.manifest.profile = "hq";
    input.manifest.scope = {"all", "", {}};
    input.signing_key = &*key;
    input.recipients = {hq};
    input.payload = payload;
    crypto::MemorySink sealed;
    EXPECT_TRUE(SealBundle(input, sealed, random_).ok());
    std::ofstream(dir_.Join(name), std::ios::binary)
        .write(reinterpret_cast<const char*>(sealed.bytes().data()),
               static_cast<std::streamsize>(sealed.bytes().size()));
    return dir_.Join(name);
  }

  // Attaches `bytes` (which name the owner, so that a test can look for
  // them in the bundle) to the record, as added by `vault` (the field
  // vault by default).
  void Attach(Database& db, const char* owner_type, const char* owner_id,
              const std::string& bytes, Vault* vault = nullptr) {
    crypto::MemorySource content(crypto::AsBytes(bytes));
    NewAttachment request{owner_type, owner_id, "synthetic.bin", "", {}};
    ASSERT_TRUE(AddAttachment(db, request, content, random_, clock_.NowMicros(),
                              (vault != nullptr ? vault : field_.get())->vault_id())
                    .ok());
  }

  // The bundle decrypted with HQ's key by age: the plain tar's bytes.
  std::string Decrypt(const std::string& bundle) {
    auto identity = ExportOwnAgeIdentity(*hq_);
    EXPECT_TRUE(identity.ok());
    auto key = crypto::FormatIdentityFile(*identity, "2020-02-23T00:00:00Z");
    std::ofstream(dir_.Join("hq.key"), std::ios::binary)
        << std::string(key.Reveal().begin(), key.Reveal().end());
    EXPECT_EQ(std::system(("age -d -i " + dir_.Join("hq.key") + " -o " +
                           dir_.Join("plain.tar") + " " + bundle).c_str()), 0);
    return FileBytes(dir_.Join("plain.tar"));
  }

  // Makes `change` in `vault` one second after the last thing that happened.
  void Write(Vault& vault, const std::function<void(RecordStore&, Database&)>& change) {
    clock_.Advance(1000000);
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    change(store, write->db());
    ASSERT_TRUE(write->Commit().ok());
  }

  // Imports `sent` into `vault` one second after the last thing that happened.
  void Import(Vault& vault, const ExportResult& sent) {
    clock_.Advance(1000000);
    ReceiveReport report = Receive(vault, sent.path, true);
    ASSERT_TRUE(report.imported) << report.error.ToString();
  }

  template <typename T>
  Result<T> Get(Vault& vault, const char* id) {
    RecordStore store(vault.db(), vault.clock(), random_, vault.vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    return store.Get<T>(id);
  }

  // How many attachments the record `type` `id` has in `vault`.
  static size_t FilesOf(Vault& vault, const char* type, const char* id) {
    auto files = ListAttachments(vault.db(), type, id);
    EXPECT_TRUE(files.ok());
    return files.ok() ? files->size() : 0;
  }

  static std::string FileBytes(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(file)), {});
  }

  core::testing::ScratchDir dir_;
  crypto::DeterministicRandom random_{21};
  FixedClock clock_{1582363800LL * 1000000};
  std::optional<NameNormalizer> normalizer_;
  std::unique_ptr<Vault> field_, hq_;
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_TESTS_CORE_BUNDLE_HANDOFF_FIXTURE_H_
