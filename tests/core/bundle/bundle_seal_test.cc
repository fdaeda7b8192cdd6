#include "core/bundle/bundle_seal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/bundle/b2sums.h"
#include "core/bundle/tar_writer.h"
#include "crypto/init.h"
#include "tests/core/bundle/hand_tar.h"

namespace fieldvault::core::bundle {
namespace {

using crypto::AsBytes;

constexpr char kMarker[] = "Synthetic statement marker-5f1e";

// Starts libsodium before the fixture's keys (members) are generated.
struct CryptoStarted {
  CryptoStarted() { EXPECT_TRUE(crypto::InitializeCrypto().ok()); }
};

class BundleSealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    attachment_ = std::string(300 * 1024, '\0');
    random_.Fill(std::span(reinterpret_cast<uint8_t*>(attachment_.data()),
                           attachment_.size()));
    records_ = std::string("{\"statement\":\"") + kMarker + "\"}\n";
    payload_ = {
        {"records/witness_account.jsonl",
         [this](crypto::ByteSink& s) { return s.Write(AsBytes(records_)); }},
        {"attachments/7c9e6679-7425-40de-944b-e07fc1f90ae7",
         [this](crypto::ByteSink& s) { return s.Write(AsBytes(attachment_)); }}};
  }

  Manifest BaseManifest() {
    Manifest m;
    m.bundle_id = "9b2d4c1e-7a3f-4e5b-8c6d-0f1e2a3b4c5d";
    m.created_at = "2020-02-23T18:05:00Z";
    m.sender = {signer_.PublicKey().ToBase64(), signer_.KeyIdHex(), "Field 7"};
    m.sequence = 1;
    m.recipients = {hq_.Recipient().ToString()};
    m.profile = "hq";
    m.scope = {"all", "", {}};
    m.record_counts = {{"witness_account", 1}};
    return m;
  }

  std::string Seal(bool armor = false) {
    SealInput input{BaseManifest(), &signer_, {hq_.Recipient()}, armor, payload_, {}, {}};
    crypto::MemorySink out;
    auto sealed = SealBundle(input, out, random_);
    EXPECT_TRUE(sealed.ok()) << sealed.status().ToString();
    if (sealed.ok()) sealed_ = *sealed;
    return std::string(out.bytes().begin(), out.bytes().end());
  }

  // Opens `bundle` with HQ's identity, checks the signature with the
  // sender's key, and reads the payload. Returns the first error.
  Status OpenAndRead(const std::string& bundle,
                     std::map<std::string, std::string>* files = nullptr) {
    crypto::MemorySource source(AsBytes(bundle));
    std::vector<crypto::AgeIdentity> ids;
    ids.push_back(crypto::AgeIdentity::Parse(hq_.ToSecretString().Reveal()).value());
    FV_ASSIGN_OR_RETURN(auto opener, BundleOpener::Open(source, ids));
    FV_RETURN_IF_ERROR(opener->VerifySignature(signer_.PublicKey()));
    return opener->ReadPayload([&](const ManifestFile& file,
                                   crypto::ByteSource& content) {
      crypto::MemorySink sink;
      FV_RETURN_IF_ERROR(crypto::CopyStream(content, sink).status());
      if (files) (*files)[file.path] = std::string(sink.bytes().begin(), sink.bytes().end());
      return Status::Ok();
    });
  }

  // Encrypts a hand-made tar to HQ, as a forger with HQ's public key could.
  std::string EncryptToHq(const std::string& tar) {
    crypto::MemorySink out;
    std::vector<crypto::AgeRecipient> recipients = {hq_.Recipient()};
    auto encryptor = crypto::AgeEncryptor::Create(recipients, out, false, random_);
    EXPECT_TRUE((*encryptor)->Write(AsBytes(tar)).ok());
    EXPECT_TRUE((*encryptor)->Finish().ok());
    return std::string(out.bytes().begin(), out.bytes().end());
  }

  // The genuine bundle's members as a hand-made tar, plus `extra`.
  std::string GenuineTarPlus(const std::string& extra,
                             const crypto::MinisignSecretKey* sign_with = nullptr) {
    Seal();
    crypto::MemorySource manifest(AsBytes(sealed_.manifest_json));
    auto signature = crypto::SignPrehashed(sign_with ? *sign_with : signer_, manifest,
                                           TrustedComment(sealed_.manifest), "x");
    using testing::TarMemberBytes;
    return TarMemberBytes("manifest.json", sealed_.manifest_json) +
           TarMemberBytes("manifest.json.minisig", *signature) +
           TarMemberBytes("B2SUMS", FormatB2Sums(sealed_.manifest.files)) +
           TarMemberBytes(payload_[0].path, records_) +
           TarMemberBytes(payload_[1].path, attachment_) + extra +
           testing::TarEnd();
  }

  CryptoStarted started_;
  crypto::DeterministicRandom random_{7};
  crypto::MinisignSecretKey signer_ = crypto::MinisignSecretKey::Generate(random_);
  crypto::AgeIdentity hq_ = crypto::AgeIdentity::Generate(random_);
  std::string attachment_;
  std::string records_;
  std::vector<PayloadFile> payload_;
  SealedBundle sealed_;
};

TEST_F(BundleSealTest, RoundTripAndNothingInTheClear) {
  for (bool armor : {false, true}) {
    std::string bundle = Seal(armor);
    EXPECT_EQ(bundle.find(kMarker), std::string::npos);
    EXPECT_EQ(bundle.find("Field 7"), std::string::npos);
    EXPECT_EQ(bundle.find("manifest.json"), std::string::npos);
    std::map<std::string, std::string> files;
    Status status = OpenAndRead(bundle, &files);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(files[payload_[0].path], records_);
    EXPECT_EQ(files[payload_[1].path], attachment_);
    EXPECT_EQ(bundle.rfind("-----BEGIN AGE ENCRYPTED FILE-----", 0) == 0, armor);
  }
}

TEST_F(BundleSealTest, StandardToolsOpenAndCheckIt) {
  auto dir = std::filesystem::temp_directory_path() /
             ("fv-seal-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "out");
  std::ofstream(dir / "b.fvb", std::ios::binary) << Seal();
  auto key = crypto::FormatIdentityFile(hq_, "2020-02-23T18:00:00Z");
  std::ofstream(dir / "hq.key", std::ios::binary)
      << std::string(key.Reveal().begin(), key.Reveal().end());
  ::chmod((dir / "hq.key").c_str(), 0600);
  std::string d = dir.string();
  EXPECT_EQ(std::system(("age -d -i " + d + "/hq.key " + d + "/b.fvb | tar -x -C " +
                         d + "/out").c_str()), 0);
  EXPECT_EQ(std::system(("minisign -q -Vm " + d + "/out/manifest.json -P " +
                         signer_.PublicKey().ToBase64()).c_str()), 0);
  EXPECT_EQ(std::system(("cd " + d + "/out && b2sum --quiet -c B2SUMS").c_str()), 0);
  std::ifstream manifest(dir / "out" / "manifest.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(manifest), {}),
            sealed_.manifest_json);
  std::filesystem::remove_all(dir);
}

void ExpectRefused(const Status& status, StatusCode code, const std::string& words) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
}

TEST_F(BundleSealTest, RefusesDamageTruncationAndOtherRecipients) {
  std::string bundle = Seal();
  std::string tampered = bundle;
  tampered[bundle.size() / 3] ^= 0x01;
  ExpectRefused(OpenAndRead(tampered), StatusCode::kCorruption, "altered or damaged");
  ExpectRefused(OpenAndRead(bundle.substr(0, bundle.size() - 100)),
                StatusCode::kCorruption, "truncated");
  ExpectRefused(OpenAndRead(bundle.substr(0, 200)), StatusCode::kCorruption,
                "truncated");
  hq_ = crypto::AgeIdentity::Generate(random_);  // another vault
  ExpectRefused(OpenAndRead(bundle), StatusCode::kAuthFailed,
                "not encrypted to this vault");
}

// Reviewer's finding: a byte flipped in a bundle of one age chunk (or in
// the last chunk of a large one) read as "truncated". A file of a whole
// bundle's length is altered; a shorter one is truncated.
TEST_F(BundleSealTest, TellsAnAlteredEndFromACutOneInTinyAndLargeBundles) {
  for (size_t size : {size_t{0}, size_t{300 * 1024}}) {
    attachment_.resize(size);
    const std::string bundle = Seal();
    SCOPED_TRACE("bundle of " + std::to_string(bundle.size()) + " bytes");
    for (size_t at : {bundle.size() - 1, bundle.size() - 20, bundle.size() - 70000,
                      bundle.size() / 2}) {
      if (at >= bundle.size()) continue;
      std::string tampered = bundle;
      tampered[at] ^= 0x01;
      ExpectRefused(OpenAndRead(tampered), StatusCode::kCorruption, "altered or damaged");
    }
    // (A cut of a multiple of 10240 bytes within the last chunk would read
    // as altered: a whole bundle's length.)
    for (size_t cut : {size_t{1}, size_t{16}, size_t{100}, size_t{4096}, bundle.size() / 2}) {
      ExpectRefused(OpenAndRead(bundle.substr(0, bundle.size() - cut)),
                    StatusCode::kCorruption, "truncated (cut short): the file ends");
    }
  }
}

TEST_F(BundleSealTest, RefusesAnotherSignerOrAForgedSignature) {
  std::string bundle = Seal();
  crypto::MemorySource source(AsBytes(bundle));
  std::vector<crypto::AgeIdentity> ids;
  ids.push_back(crypto::AgeIdentity::Parse(hq_.ToSecretString().Reveal()).value());
  auto opener = BundleOpener::Open(source, ids);
  ASSERT_TRUE(opener.ok());
  auto other = crypto::MinisignSecretKey::Generate(random_);
  ExpectRefused((*opener)->VerifySignature(other.PublicKey()),
                StatusCode::kAuthFailed, "not valid");
  EXPECT_TRUE((*opener)->VerifySignature(signer_.PublicKey()).ok());
}

TEST_F(BundleSealTest, RefusesAManifestSignedByAnotherKey) {
  // A forger signs the manifest (which names the genuine sender) with its
  // own key: the key ids differ.
  auto forger = crypto::MinisignSecretKey::Generate(random_);
  ExpectRefused(OpenAndRead(EncryptToHq(GenuineTarPlus("", &forger))),
                StatusCode::kCorruption, "does not match its signature");
  // A forger who copies the sender's key id into its own key.
  crypto::SecretBytes raw = forger.ToBytes();
  std::copy(signer_.key_id().begin(), signer_.key_id().end(),
            raw.MutableReveal().begin() + 2);
  auto same_id = crypto::MinisignSecretKey::FromBytes(raw);
  ASSERT_TRUE(same_id.ok()) << same_id.status().ToString();
  ExpectRefused(OpenAndRead(EncryptToHq(GenuineTarPlus("", &*same_id))),
                StatusCode::kAuthFailed, "signature is not valid");
}

TEST_F(BundleSealTest, RefusesUnlistedFilesAndUnsafePaths) {
  EXPECT_TRUE(OpenAndRead(EncryptToHq(GenuineTarPlus(""))).ok());
  ExpectRefused(OpenAndRead(EncryptToHq(GenuineTarPlus(
                    testing::TarMemberBytes("records/extra.jsonl", "{}\n")))),
                StatusCode::kCorruption, "does not list: 'records/extra.jsonl'");
  ExpectRefused(OpenAndRead(EncryptToHq(GenuineTarPlus(
                    testing::TarMemberBytes("../../.bashrc", "evil\n")))),
                StatusCode::kCorruption, "unsafe path '../../.bashrc'");
  ExpectRefused(OpenAndRead(EncryptToHq(GenuineTarPlus(
                    testing::TarMemberBytes("link", "", '2', "/etc/passwd")))),
                StatusCode::kCorruption, "is a link");
}

}  // namespace
}  // namespace fieldvault::core::bundle
