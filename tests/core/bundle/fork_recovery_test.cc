// A monitor's vault restored from a backup, at HQ: its bundles are refused
// as a fork however many numbers it skips, until it continues the chain
// HQ holds (export --continue-after); and a revoked signer's bundle in
// transit, accepted only by the whole-file BLAKE2b the analyst gives.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/bundle/bundle_registry.h"
#include "core/bundle/exporter.h"
#include "core/bundle/receiver.h"
#include "core/identity/identity_ops.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using core::testing::Secret;

class ForkRecoveryTest : public HandoffTest {
 protected:
  // One more custody event, so that each export has something new.
  void Change(Vault& vault) {
    auto write = vault.BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE(write->AppendCustodyEvent({"created", "", "", "", "synthetic change"}).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  ExportResult ChangeAndExport(Vault& vault, ExportRequest request = {}) {
    Change(vault);
    return Export(vault, request);
  }

  // The detail of the vault's latest custody event of `action`.
  static std::string LastEvent(Vault& vault, const std::string& action) {
    auto detail = vault.db().QueryText(
        "SELECT detail FROM custody_log WHERE action = '" + action +
        "' ORDER BY sequence DESC LIMIT 1");
    EXPECT_TRUE(detail.ok());
    return detail.ok() ? *detail : "";
  }

  std::string LastImportedManifest() {
    auto key = GetVaultIdentity(field_->db())->minisign_public_key;
    auto chain = ChainOf(hq_->db(), key);
    EXPECT_TRUE(chain.ok() && !chain->imported.empty());
    return chain->imported.rbegin()->second.manifest_blake2b;
  }
};

// Review s11, finding 1, as the reviewer ran it.
TEST_F(ForkRecoveryTest, ARestoredVaultIsRefusedUntilItContinuesHqsChain) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Receive(*hq_, ChangeAndExport(*field_).path, true).imported);
  }
  field_.reset();
  std::filesystem::copy(dir_.Join("field"), dir_.Join("backup"),
                        std::filesystem::copy_options::recursive);
  auto reopened = Vault::Open(dir_.Join("field"), Secret("synthetic pass"), random_, clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  field_ = std::make_unique<Vault>(std::move(reopened).value());
  ASSERT_TRUE(Receive(*hq_, ChangeAndExport(*field_).path, true).imported);  // 4

  auto restored = Vault::Open(dir_.Join("backup"), Secret("synthetic pass"), random_, clock_);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  ReceiveReport four = Receive(*hq_, ChangeAndExport(*restored).path, true);
  ExpectRefused(four, "replay or a fork");
  ReceiveReport five = Receive(*hq_, ChangeAndExport(*restored).path, true);
  ExpectRefused(five, "refused as a fork");
  // Before the fix, bundle 6 was imported as "missing 5".
  ReceiveReport six = Receive(*hq_, ChangeAndExport(*restored).path, true);
  ExpectRefused(six, "refused as a fork");
  EXPECT_FALSE(six.imported);
  // Verifying it finds the same: the refusal does not depend on import.
  ReceiveReport seven = Receive(*hq_, ChangeAndExport(*restored).path, false);
  ExpectRefused(seven, "refused as a fork");

  // HQ reads out its last sequence (4) and manifest hash; the restored
  // vault continues from there, past every number it used.
  ExportRequest continued;
  continued.continue_after = ExportRequest::Continuation{4, LastImportedManifest()};
  ExportResult resumed = ChangeAndExport(*restored, continued);
  EXPECT_EQ(resumed.sequence, 8u);
  ReceiveReport back = Receive(*hq_, resumed.path, true);
  ASSERT_TRUE(back.imported) << back.error.ToString();
  EXPECT_EQ(back.sequence_text,
            "sequence 8: continues the chain after 4 (5, 6, 7 skipped by the sender)");
  EXPECT_NE(LastEvent(*restored, "exported").find("continues sequence 4 (manifest blake2b "),
            std::string::npos);
  // Its next bundle chains as usual.
  ReceiveReport after = Receive(*hq_, ChangeAndExport(*restored).path, true);
  ASSERT_TRUE(after.imported) << after.error.ToString();
  EXPECT_EQ(after.sequence_text, "sequence 9: next after 8");
  // The vault it replaced (or a clone) cannot fill the skipped numbers.
  ExpectRefused(Receive(*hq_, ChangeAndExport(*field_).path, true), "refused: ");
}

// Review s11, finding 4.
TEST_F(ForkRecoveryTest, ARevokedSignersBundleGoesInOnlyByItsWholeHash) {
  ASSERT_TRUE(Receive(*hq_, ChangeAndExport(*field_).path, true).imported);
  ExportResult in_transit = ChangeAndExport(*field_);
  ASSERT_TRUE(RevokeSignerInVault(*hq_, "monitor-7").ok());
  ExpectRefused(Receive(*hq_, in_transit.path, true), "was revoked");

  auto receive = [&](const std::string& path, const std::string& hash) {
    ReceiveOptions options;
    options.import = true;
    options.normalizer = &*normalizer_;
    options.accept_revoked = hash;
    return ReceiveBundle(*hq_, path, options);
  };
  std::string wrong = in_transit.bundle_blake2b;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  ReceiveReport refused = receive(in_transit.path, wrong);
  ExpectRefused(refused, "not the one given with --accept-revoked");
  EXPECT_FALSE(refused.imported);
  // Every other check still applies: a bundle the seizer made after,
  // carrying the hash of the one in transit, is refused as well.
  ExportResult later = ChangeAndExport(*field_);
  ExpectRefused(receive(later.path, in_transit.bundle_blake2b), "--accept-revoked");
  // A damaged copy fails the decrypt check.
  std::ifstream in(in_transit.path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(dir_.Join("damaged.fvb"), std::ios::binary) << bytes;
  ReceiveReport damaged = receive(dir_.Join("damaged.fvb"), in_transit.bundle_blake2b);
  EXPECT_FALSE(damaged.passed());
  EXPECT_FALSE(damaged.imported);

  ReceiveReport accepted = receive(in_transit.path, in_transit.bundle_blake2b);
  ASSERT_TRUE(accepted.imported) << accepted.error.ToString();
  EXPECT_EQ(accepted.checks[2].outcome, Check::Outcome::kWarning);
  auto received = ListReceivedBundles(hq_->db());
  ASSERT_TRUE(received.ok());
  EXPECT_EQ(received->back().verdict, "imported");
  EXPECT_NE(received->back().detail.find("accepted by the BLAKE2b the analyst gave"),
            std::string::npos);
  EXPECT_NE(LastEvent(*hq_, "imported").find("signer revoked on"), std::string::npos);
  // Without the option, the signer stays revoked.
  ExpectRefused(Receive(*hq_, later.path, true), "was revoked");
}

}  // namespace
}  // namespace fieldvault::core::bundle
