// Export safety: the sent-bundle row is committed before the bundle gets
// its final name, so a bundle on the medium is always known to the vault
// and its sequence number never reused; a failure before that commit uses
// no number; no error path leaves a file behind; what a crash leaves is
// reported and settled by the next export.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/bundle/bundle_file.h"
#include "core/bundle/bundle_registry.h"
#include "core/bundle/export_lock.h"
#include "core/bundle/unfinished_exports.h"
#include "core/records/record_store.h"
#include "core/vault/custody_log.h"
#include "tests/core/bundle/handoff_fixture.h"
#include "tests/core/records/sample_records.h"

namespace fieldvault::core::bundle {
namespace {

using namespace fieldvault::testing;

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

class ExportSafetyTest : public HandoffTest {
 protected:
  void SetUp() override {
    HandoffTest::SetUp();
    auto write = field_->BeginWrite();
    ASSERT_TRUE(write.ok());
    RecordStore store(write->db(), clock_, random_, field_->vault_id(), *normalizer_,
                      nullptr, ChangeObserver());
    ASSERT_TRUE(store.Create(SampleIncident()).ok());
    ASSERT_TRUE(write->Commit().ok());
  }

  // Exports with `fault` at `step`; expects the export to fail.
  Status FailAt(ExportStep step, Status fault) {
    clock_.Advance(1000000);
    ExportRequest request;
    request.target = dir_.Join("usb");
    request.fault = [=](ExportStep at) { return at == step ? fault : Status::Ok(); };
    auto result = ExportBundle(*field_, request);
    EXPECT_FALSE(result.ok());
    return result.ok() ? Status::Ok() : result.status();
  }

  std::vector<std::string> UsbFiles() {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Join("usb"))) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  std::vector<CustodyRecord> Custody(Vault& vault, const std::string& action) {
    std::vector<CustodyRecord> found;
    EXPECT_TRUE(ForEachCustodyRecord(vault.db(), 0, [&](const CustodyRecord& r) {
                  if (r.event.action == action) found.push_back(r);
                  return Status::Ok();
                }).ok());
    return found;
  }

  // What a crash after the register commit and before the rename leaves:
  // the row "pending" and the complete bundle under its temporary name.
  ExportResult CrashBeforeRename(const std::string& temp_name) {
    ExportResult sent = Export(*field_);
    EXPECT_TRUE(SetSentBundleState(field_->db(), sent.bundle_id, kSentPending).ok());
    std::filesystem::rename(sent.path, Usb(temp_name));
    return sent;
  }

  // Exports, collecting what it warned about.
  ExportResult ExportWarned(std::vector<ExportWarnings>& warned) {
    ExportRequest request;
    request.warn = [&](const ExportWarnings& w) { warned.push_back(w); };
    return Export(*field_, request);
  }

  std::vector<UnfinishedExport> Unfinished() {
    auto found = FindUnfinishedExports(*field_);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::vector<UnfinishedExport>{};
  }

  std::string Usb(const std::string& name) { return dir_.Join("usb/" + name); }
};

TEST_F(ExportSafetyTest, TheRowIsCommittedBeforeTheFinalName) {
  ExportRequest request;
  std::vector<std::string> seen;
  request.fault = [&](ExportStep step) {
    auto last = LastSentBundle(field_->db(), "hq");
    EXPECT_TRUE(last.ok());
    if (step == ExportStep::kRename) {
      EXPECT_TRUE(*last && (*last)->state == kSentPending);
    } else {
      EXPECT_FALSE(*last);  // nothing registered yet (read back, commit)
    }
    for (const std::string& name : UsbFiles()) seen.push_back(name);
    return Status::Ok();
  };
  ExportResult sent = Export(*field_, request);
  // Before the rename only the temporary file exists; after it only the
  // final one.
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].starts_with(".fv-") && seen[0].ends_with(".part"));
  EXPECT_EQ(seen[1], seen[0]);
  EXPECT_EQ(seen[2], seen[0]);
  EXPECT_EQ(UsbFiles(), std::vector<std::string>{
                            std::filesystem::path(sent.path).filename().string()});
  auto last = LastSentBundle(field_->db(), "hq");
  ASSERT_TRUE(last.ok() && *last);
  EXPECT_EQ((*last)->state, kSentWritten);
  EXPECT_EQ(UsbFiles().size(), 1u);
}

TEST_F(ExportSafetyTest, AFailureBeforeTheCommitUsesNoSequenceNumber) {
  Status failed = FailAt(ExportStep::kCommit, Status::IoError("synthetic fault"));
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_TRUE(UsbFiles().empty());
  EXPECT_FALSE(*LastSentBundle(field_->db(), "hq"));
  EXPECT_TRUE(Custody(*field_, "exported").empty());
  EXPECT_EQ(Export(*field_).sequence, 1u);
}

TEST_F(ExportSafetyTest, AFailedRegistrationRollsBackAndUsesNoNumber) {
  // The register row goes in, then its custody event fails: the row must
  // not be taken for a committed one.
  ASSERT_TRUE(field_->db()
                  .Exec("CREATE TEMP TRIGGER refuse_export BEFORE INSERT ON custody_log "
                        "WHEN NEW.action = 'exported' "
                        "BEGIN SELECT RAISE(ABORT, 'synthetic refusal'); END")
                  .ok());
  ExportRequest request;
  request.target = dir_.Join("usb");
  auto failed = ExportBundle(*field_, request);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message().find("is used"), std::string::npos)
      << failed.status().message();
  EXPECT_TRUE(UsbFiles().empty());
  EXPECT_FALSE(*LastSentBundle(field_->db(), "hq"));
  ASSERT_TRUE(field_->db().Exec("DROP TRIGGER temp.refuse_export").ok());
  EXPECT_EQ(Export(*field_).sequence, 1u);
}

TEST_F(ExportSafetyTest, AFailureAfterTheCommitKeepsTheNumberUsedAndHqSeesAGap) {
  Status failed = FailAt(ExportStep::kRename, Status::IoError("synthetic fault"));
  EXPECT_NE(failed.message().find("sequence 1 is used (HQ will see it missing)"),
            std::string::npos) << failed.message();
  EXPECT_TRUE(UsbFiles().empty());  // the temporary file was removed
  auto lost = LastSentBundle(field_->db(), "hq");
  ASSERT_TRUE(lost.ok() && *lost);
  EXPECT_EQ((*lost)->sequence, 1u);
  EXPECT_EQ((*lost)->state, kSentFailed);
  auto events = Custody(*field_, "export failed");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.bundle_id, (*lost)->bundle_id);
  EXPECT_NE(events[0].event.detail.find("synthetic fault"), std::string::npos);

  // The next export takes number 2, chains to the lost one, and carries
  // again what the lost one held.
  ExportResult next = Export(*field_);
  EXPECT_EQ(next.sequence, 2u);
  EXPECT_EQ(next.record_counts.at("incident"), 1u);
  ReceiveReport report = Receive(*hq_, next.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.sequence_text, "sequence 2: missing 1");
}

TEST_F(ExportSafetyTest, ABadReadBackKeepsNothingAndUsesNoNumber) {
  ExportRequest request;
  request.target = dir_.Join("usb");
  request.fault = [&](ExportStep step) {
    if (step != ExportStep::kReadBack) return Status::Ok();
    // The medium returns other bytes than were written (the bundle is
    // under 16 MiB, so none of it was read back yet).
    for (const auto& entry : std::filesystem::directory_iterator(dir_.Join("usb"))) {
      std::string bytes = FileBytes(entry.path().string());
      bytes[bytes.size() / 2] ^= 0x01;
      std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << bytes;
    }
    return Status::Ok();
  };
  auto result = ExportBundle(*field_, request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
  EXPECT_NE(result.status().message().find("differs from what was written"),
            std::string::npos);
  EXPECT_TRUE(UsbFiles().empty());  // no .part either
  EXPECT_FALSE(LastSentBundle(field_->db(), "hq")->has_value());  // no number used
  EXPECT_EQ(Export(*field_).sequence, 1u);
}

TEST_F(ExportSafetyTest, AnInterruptedExportDoesNotMoveTheSinceLastMarker) {
  ExportResult first = Export(*field_);
  // What a crash after the commit leaves: a row never marked written.
  ASSERT_TRUE(SetSentBundleState(field_->db(), first.bundle_id, kSentPending).ok());
  ExportResult second = Export(*field_);
  EXPECT_EQ(second.sequence, 2u);
  EXPECT_EQ(second.record_counts.at("incident"), 1u);
  ASSERT_TRUE(Receive(*hq_, first.path, true).imported);
  ReceiveReport next = Receive(*hq_, second.path, true);
  ASSERT_TRUE(next.imported) << next.error.ToString();
  EXPECT_EQ(next.sequence_text, "sequence 2: next after 1");
  EXPECT_EQ(next.outcomes["incident"]["unchanged"], 1u);
}

// Unfinished exports: what a crash between the register commit and the
// final state leaves (a "pending" row, perhaps a .part file), how status
// sees it, and how the next export settles it (unfinished_exports.h).

TEST_F(ExportSafetyTest, CleanExportsLeaveNothingToReport) {
  std::vector<ExportWarnings> warned;
  ExportWarned(warned);
  ExportWarned(warned);
  EXPECT_TRUE(warned.empty());
  EXPECT_TRUE(Unfinished().empty());
}

TEST_F(ExportSafetyTest, AnInterruptedExportIsReportedThenSettledByTheNext) {
  ExportResult lost = CrashBeforeRename(".fv-00112233aabbccdd.part");
  // Another vault's temporary file, and a name BundleFile never makes.
  WriteFile(Usb(".fv-99887766554433ff.part"), "synthetic other vault's ciphertext");
  WriteFile(Usb(".fv-notours.part"), "synthetic");

  std::vector<UnfinishedExport> before = Unfinished();
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].sequence, 1u);
  EXPECT_EQ(before[0].bundle_id, lost.bundle_id);
  EXPECT_EQ(before[0].state, UnfinishedState::kInterrupted);

  std::vector<ExportWarnings> warned;
  ExportResult next = ExportWarned(warned);
  EXPECT_EQ(next.sequence, 2u);  // number 1 stays used
  ASSERT_EQ(warned.size(), 1u);
  ASSERT_EQ(warned[0].bundles.size(), 1u);
  EXPECT_EQ(warned[0].bundles[0].state, UnfinishedState::kInterrupted);
  ASSERT_EQ(warned[0].leftovers.size(), 2u);
  EXPECT_EQ(warned[0].leftovers[0].path, Usb(".fv-00112233aabbccdd.part"));
  EXPECT_EQ(warned[0].leftovers[0].sequence, 1u);
  EXPECT_TRUE(warned[0].leftovers[0].removed);
  EXPECT_EQ(warned[0].leftovers[1].path, Usb(".fv-99887766554433ff.part"));
  EXPECT_EQ(warned[0].leftovers[1].sequence, 0u);
  EXPECT_FALSE(warned[0].leftovers[1].removed);
  EXPECT_EQ(warned[0].leftovers[1].bytes, 34u);

  EXPECT_FALSE(std::filesystem::exists(Usb(".fv-00112233aabbccdd.part")));
  EXPECT_TRUE(std::filesystem::exists(Usb(".fv-99887766554433ff.part")));
  EXPECT_TRUE(std::filesystem::exists(Usb(".fv-notours.part")));
  auto not_written = SentBundlesNotWritten(field_->db());
  ASSERT_TRUE(not_written.ok() && not_written->size() == 1u);
  EXPECT_EQ((*not_written)[0].state, kSentFailed);
  auto events = Custody(*field_, "export interrupted");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event.bundle_id, lost.bundle_id);
  EXPECT_NE(events[0].event.detail.find("sequence 1 is used"), std::string::npos);
  // Settled, and followed by a written bundle: nothing left to report.
  EXPECT_TRUE(Unfinished().empty());

  // HQ sees number 1 missing and gets its records in number 2.
  ReceiveReport report = Receive(*hq_, next.path, true);
  ASSERT_TRUE(report.imported) << report.error.ToString();
  EXPECT_EQ(report.sequence_text, "sequence 2: missing 1");
  EXPECT_EQ(next.record_counts.at("incident"), 1u);
}

TEST_F(ExportSafetyTest, AFailedExportIsReportedUntilABundleIsWritten) {
  EXPECT_EQ(FailAt(ExportStep::kRename, Status::IoError("synthetic pulled stick")).code(),
            StatusCode::kIoError);
  std::vector<UnfinishedExport> failed = Unfinished();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].state, UnfinishedState::kFailed);

  std::vector<ExportWarnings> warned;
  EXPECT_EQ(ExportWarned(warned).sequence, 2u);
  ASSERT_EQ(warned.size(), 1u);
  ASSERT_EQ(warned[0].bundles.size(), 1u);
  EXPECT_EQ(warned[0].bundles[0].state, UnfinishedState::kFailed);
  EXPECT_TRUE(warned[0].leftovers.empty());
  EXPECT_TRUE(Custody(*field_, "export interrupted").empty());  // it was not ambiguous
  EXPECT_TRUE(Unfinished().empty());
}

TEST_F(ExportSafetyTest, ARunningExportIsToldApartAndHoldsTheLock) {
  ExportRequest request;
  bool checked = false;
  request.fault = [&](ExportStep step) {
    if (step != ExportStep::kRename) return Status::Ok();
    std::vector<UnfinishedExport> now = Unfinished();
    EXPECT_EQ(now.size(), 1u);
    EXPECT_TRUE(!now.empty() && now[0].state == UnfinishedState::kRunning);
    auto second = ExportLock::Acquire(field_->dir());
    EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
    checked = true;
    return Status::Ok();
  };
  Export(*field_, request);
  EXPECT_TRUE(checked);
  EXPECT_TRUE(Unfinished().empty());
  EXPECT_TRUE(ExportLock::Acquire(field_->dir()).ok());  // released
}

TEST_F(ExportSafetyTest, AnotherExportOfTheVaultIsRefusedWhileOneRuns) {
  auto held = ExportLock::Acquire(field_->dir());
  ASSERT_TRUE(held.ok());
  ExportRequest request;
  request.target = dir_.Join("usb");
  auto refused = ExportBundle(*field_, request);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(*LastSentBundle(field_->db(), "hq"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.Join("usb")));
}

TEST(BundleFileNamesTest, TemporaryNamesAndDirectories) {
  EXPECT_TRUE(IsTemporaryBundleName(".fv-0123456789abcdef.part"));
  EXPECT_FALSE(IsTemporaryBundleName(".fv-0123456789ABCDEF.part"));
  EXPECT_FALSE(IsTemporaryBundleName(".fv-0123456789abcde.part"));
  EXPECT_FALSE(IsTemporaryBundleName("fv-0123456789abcdef.part"));
  EXPECT_FALSE(IsTemporaryBundleName(".fv-0123456789abcdef.fvb"));
  EXPECT_EQ(BundleDirectory("/nonexistent-synthetic/b.fvb"), "/nonexistent-synthetic");
  EXPECT_EQ(BundleDirectory("b.fvb"), ".");
  EXPECT_EQ(BundleDirectory("/"), "/");
}

}  // namespace
}  // namespace fieldvault::core::bundle
