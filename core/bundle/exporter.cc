#include "core/bundle/exporter.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "core/bundle/bundle_file.h"
#include "core/bundle/bundle_registry.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/export_lock.h"
#include "core/bundle/export_payload.h"
#include "core/bundle/medium_read.h"
#include "core/bundle/sent_attachments.h"
#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
#include "core/uuid.h"
#include "crypto/background_hashing_sink.h"
#include "crypto/copy_check.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

Result<std::vector<RecipientEntry>> ChooseRecipients(
    Database& db, const std::vector<std::string>& labels) {
  std::vector<RecipientEntry> chosen;
  if (labels.empty()) {
    FV_ASSIGN_OR_RETURN(chosen, ListRecipients(db));
  }
  for (const std::string& label : labels) {
    FV_ASSIGN_OR_RETURN(RecipientEntry entry, GetRecipient(db, label));
    chosen.push_back(entry);
  }
  if (chosen.empty()) {
    return Status::FailedPrecondition("there is no recipient to export to")
        .WithHint("add HQ's key first: fieldvault recipients add LABEL age1...");
  }
  // One order for the manifest, the age header and --since-last matching.
  std::sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
    return a.age_recipient < b.age_recipient;
  });
  chosen.erase(std::unique(chosen.begin(), chosen.end(),
                           [](const auto& a, const auto& b) {
                             return a.age_recipient == b.age_recipient;
                           }),
               chosen.end());
  return chosen;
}

struct Written {
  SealedBundle sealed;
  crypto::Blake2b512 hash{};
  uint64_t bytes = 0;
};

// "740 KiB", "12 MiB": a size rounded up, for a hint.
std::string RoundedSize(uint64_t bytes) {
  if (bytes < (1u << 20)) return std::to_string((bytes + 1023) / 1024) + " KiB";
  return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MiB";
}

// A full medium: says so, how much room the bundle needs (its payload,
// plus tar and age framing of about 1%, a third more when armored) and how
// much there is, and that nothing of it is left there. Any other error is
// returned as it is.
Status ExplainFull(const Status& status, const std::string& final_path,
                   uint64_t payload_bytes, bool armor) {
  if (status.message().find(kMediumFull) == std::string::npos) return status;
  const std::string dir = BundleDirectory(final_path);
  std::string room;
  if (payload_bytes > 0) {
    uint64_t need = payload_bytes + payload_bytes / 100 + (64u << 10);
    if (armor) need += need / 3 + need / 48;  // base64 and its line ends
    room = "the bundle needs about " + RoundedSize(need) + " there";
  }
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0) {
    const uint64_t free = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
    room += (room.empty() ? "there are " : ", there are ") + RoundedSize(free) + " free";
  }
  return Status::IoError("the bundle does not fit: no space left in '" + dir + "'")
      .WithHint((room.empty() ? "" : room + "; ") +
                "nothing was written (the unfinished file was removed). Free "
                "some space on the stick or use a larger one, then export again");
}

Status Step(const ExportRequest& request, ExportStep step) {
  return request.fault ? request.fault(step) : Status::Ok();
}

// Seals into the temporary file, flushes it and checks the copy on the
// medium, all before anything is numbered: a stick that gives back other
// bytes fails the export like a full one, and no sequence number is used.
Result<Written> WriteTemporary(const SealInput& input, BundleFile& file,
                               const ExportRequest& request,
                               crypto::RandomSource& random) {
  // The bundle's BLAKE2b (printed, and compared by HQ over another
  // channel) is taken as it is written, on a second thread while this one
  // encrypts. The copy is checked with a keyed Poly1305 tag, which proves
  // the same bytes came back at a fraction of the cost of hashing them
  // again; what the medium holds is read back (by a third thread) as soon
  // as it holds it, while the rest is still written (writeback_sink.h).
  crypto::CopyCheck check(random);
  FV_ASSIGN_OR_RETURN(std::unique_ptr<MediumFollower> read_back,
                      MediumFollower::Start(file.temp_path(), check));
  WritebackSink sink(file.fd(), request.interrupted,
                     [&read_back](uint64_t bytes) { read_back->OnMedium(bytes); });
  crypto::CopyCheck::TaggingSink tagging(check, &sink);
  crypto::BackgroundHashingSink hashing(&tagging);
  FV_ASSIGN_OR_RETURN(SealedBundle sealed, SealBundle(input, hashing, random));
  FV_RETURN_IF_ERROR(sink.Finish());
  FV_RETURN_IF_ERROR(file.Flush());
  Written written{std::move(sealed), hashing.Finish(), hashing.bytes_written()};
  const crypto::CopyTag tag = tagging.Finish();
  FV_RETURN_IF_ERROR(Step(request, ExportStep::kReadBack));
  FV_ASSIGN_OR_RETURN(crypto::CopyTag read, read_back->Finish());
  if (!crypto::CopyCheck::Same(read, tag)) {
    return Status::Corruption("the bundle read back from the medium "
                              "differs from what was written")
        .WithHint("the USB stick may be failing; nothing was numbered or "
                  "kept: export again to another one");
  }
  return written;
}

// Creates the temporary file in `file` and seals the bundle into it; a
// full medium is explained (ExplainFull).
Result<Written> WriteToMedium(SealInput& input, const ExportRequest& request,
                              const std::string& final_path,
                              std::optional<BundleFile>& file,
                              crypto::RandomSource& random) {
  // The payload's size is known once the first pass is done, before the
  // first byte reaches the medium.
  uint64_t payload_bytes = 0;
  input.progress = [&payload_bytes, progress = request.progress](uint64_t done,
                                                                 uint64_t total) {
    payload_bytes = total;
    if (progress) progress(done, total);
  };
  auto created = BundleFile::Create(final_path, random);
  if (!created.ok()) return ExplainFull(created.status(), final_path, 0, request.armor);
  file.emplace(std::move(created).value());
  auto written = WriteTemporary(input, *file, request, random);
  input.progress = request.progress;
  if (!written.ok()) {
    // Removed before the free space is measured: a full stick would else
    // report the room the unfinished file took as taken ("0 KiB free").
    file.reset();
    return ExplainFull(written.status(), final_path, payload_bytes, request.armor);
  }
  return written;
}

// Gives the checked file its final name and flushes the directory. On
// failure no file carries the final name.
Status PutInPlace(BundleFile& file, const ExportRequest& request) {
  FV_RETURN_IF_ERROR(Step(request, ExportStep::kRename));
  FV_RETURN_IF_ERROR(file.Rename());
  Status flushed = file.FlushDirectory();
  if (!flushed.ok()) file.RemoveFinal();
  return flushed;
}

// After the sent-bundle row was committed: marks it written, or failed
// with a custody event. Returns `placed`, explained, when it failed.
Status Settle(Vault& vault, const Manifest& m, const Status& placed) {
  Result<VaultWrite> write = vault.BeginWrite();
  Status settled = write.status();
  if (settled.ok()) {
    settled = SetSentBundleState(write->db(), m.bundle_id,
                                 placed.ok() ? kSentWritten : kSentFailed);
  }
  const std::string used = SequenceName(m.profile, m.sequence) + " is used";
  if (settled.ok() && !placed.ok()) {
    settled = write->AppendCustodyEvent(
        {"export failed", "", "", m.bundle_id,
         used + "; no bundle file was kept: " + placed.message().substr(0, 1000)});
  }
  if (settled.ok()) settled = write->Commit();
  // The bundle is on the medium and checked. Left "pending" (settled
  // failed), its row only makes the next --since-last send the same
  // records again, which HQ takes as unchanged.
  if (placed.ok()) return Status::Ok();
  return placed.WithContext("no bundle was kept, and " + used +
                            (m.profile == "hq" ? " (HQ will see it missing)" : ""));
}

// Fills in who sends what to whom: ids, sender, sequence and chain (after
// `last`, the previous bundle of the same profile), and the recipients
// (as manifest strings and as age keys).
Status FillHeader(Database& db, Vault& vault,
                  const std::vector<RecipientEntry>& recipients,
                  const std::optional<SentBundle>& last,
                  const std::optional<ExportRequest::Continuation>& continuation,
                  SealInput& input) {
  FV_ASSIGN_OR_RETURN(VaultIdentity identity, GetVaultIdentity(db));
  Manifest& m = input.manifest;
  m.bundle_id = NewUuid(vault.random());
  m.created_at = FormatUtc(vault.clock().NowMicros());
  m.sender = {identity.minisign_public_key, identity.key_id, identity.display_name};
  m.sequence = last ? last->sequence + 1 : 1;
  std::string previous_hex = last ? last->manifest_blake2b : "";
  if (continuation) {
    // A number this vault never used (HQ may have refused the ones after
    // its restore) and above HQ's, chained to HQ's last manifest.
    m.sequence = std::max(m.sequence, continuation->sequence + 1);
    previous_hex = continuation->manifest_blake2b;
  }
  if (!previous_hex.empty()) {
    FV_ASSIGN_OR_RETURN(auto previous, crypto::HexDecode(previous_hex));
    if (previous.size() != crypto::kBlake2b512Bytes) {
      return Status::InvalidArgument("a manifest hash has 128 hex digits");
    }
    m.previous_manifest.emplace();
    std::copy(previous.begin(), previous.end(), m.previous_manifest->begin());
  }
  for (const auto& r : recipients) {
    m.recipients.push_back(r.age_recipient);
    FV_ASSIGN_OR_RETURN(auto parsed, crypto::AgeRecipient::Parse(r.age_recipient));
    input.recipients.push_back(parsed);
    FV_ASSIGN_OR_RETURN(uint64_t last_to, LastSequenceTo(db, r.age_recipient, m.profile));
    // Continuing HQ's chain: the numbers up to HQ's last are HQ's own.
    if (continuation) last_to = std::max(last_to, continuation->sequence);
    if (last_to + 1 < m.sequence) {
      m.sent_to_others[r.age_recipient] = {last_to + 1, m.sequence - 1};
    }
  }
  return Status::Ok();
}

// Fills in the manifest's scope and returns the bundle after which
// changed records go (nullopt: all of them).
Result<std::optional<SentBundle>> ChooseScope(Database& db,
                                              const ExportRequest& request,
                                              Manifest& m) {
  if (!request.incident_ids.empty()) {
    if (request.all) {
      return Status::InvalidArgument("an export is of everything or of some "
                                     "incidents, not both")
          .WithHint("give --all or --incident, not both");
    }
    m.scope.kind = "incidents";
    m.scope.incident_ids = request.incident_ids;
    std::sort(m.scope.incident_ids.begin(), m.scope.incident_ids.end());
    m.scope.incident_ids.erase(
        std::unique(m.scope.incident_ids.begin(), m.scope.incident_ids.end()),
        m.scope.incident_ids.end());
    return std::optional<SentBundle>();
  }
  // A continuation carries everything: what the bundles HQ refused held
  // never reached it.
  const bool all = request.all || request.continue_after.has_value();
  m.scope.kind = all ? "all" : "since-last";
  if (all) return std::optional<SentBundle>();
  // Bundles of some incidents only are skipped: what changed elsewhere
  // since the last full or since-last export has not left yet.
  FV_ASSIGN_OR_RETURN(auto previous_to_same,
                      LastSentBundleTo(db, m.recipients, m.profile));
  if (previous_to_same) m.scope.since = FormatUtc(previous_to_same->created_at);
  return previous_to_same;
}

// ", incidents <id> <id>" for a bundle of some incidents, else "".
std::string Incidents(const ManifestScope& scope) {
  std::string text;
  for (const auto& id : scope.incident_ids) text += " " + id;
  return text.empty() ? "" : ", incidents" + text;
}

// ", continues sequence N (manifest blake2b …) as given" for a
// continuation, else "": the custody log keeps why the chain jumped.
std::string Continues(const ExportRequest& request) {
  if (!request.continue_after) return "";
  return ", continues sequence " + std::to_string(request.continue_after->sequence) +
         " (manifest blake2b " + request.continue_after->manifest_blake2b +
         ") as given";
}

// Registers the sent bundle ("pending") and its custody events, and
// commits: before the file gets its final name. Takes the write, so that
// on failure it is rolled back before the caller looks at the register.
Status RecordExport(VaultWrite write, const Written& written,
                    const ExportResult& result, int64_t now,
                    const ExportPayload& payload, const ExportRequest& request) {
  const Manifest& m = written.sealed.manifest;
  FV_RETURN_IF_ERROR(RecordSentBundle(
      write.db(), {m.sequence, m.bundle_id,
                   crypto::HexEncode(crypto::HashBlake2b512(
                       crypto::AsBytes(written.sealed.manifest_json))),
                   result.bundle_blake2b, m.recipients, m.profile, m.scope.kind, now,
                   std::string(kSentPending)}));
  FV_RETURN_IF_ERROR(
      RecordSentAttachments(write.db(), m.bundle_id, payload.attachment_ids()));
  FV_RETURN_IF_ERROR(RecordWithheldPersons(write.db(), payload.switched_persons()));
  std::string to;
  for (const auto& label : result.recipient_labels) to += (to.empty() ? "" : ", ") + label;
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"exported", "", "", m.bundle_id,
       "sequence " + std::to_string(m.sequence) + ", profile " + m.profile +
           ", to " + to + Incidents(m.scope) + Continues(request) +
           ", bundle blake2b " + result.bundle_blake2b}));
  if (!result.left_out.empty()) {
    std::string withheld;
    for (const auto& [what, n] : result.left_out) {
      withheld += (withheld.empty() ? "" : ", ") + what + " " + std::to_string(n);
    }
    FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
        {"withheld by profile", "", "", m.bundle_id, withheld}));
  }
  return write.Commit();
}

// What the seal's input points to.
struct Payload {
  std::optional<ExportPayload> producers;
  std::vector<PayloadFile> files;
};

// Reads what goes and fills in the seal's input: header, scope, payload.
Status Prepare(Vault& vault, Database& db, const ExportRequest& request,
               const std::vector<RecipientEntry>& recipients,
               ExportProfile& profile, Payload& out, SealInput& input) {
  Manifest& m = input.manifest;
  m.profile = std::string(profile.name());
  FV_ASSIGN_OR_RETURN(auto last, LastSentBundle(db, m.profile));
  FV_RETURN_IF_ERROR(FillHeader(db, vault, recipients, last, request.continue_after, input));
  FV_ASSIGN_OR_RETURN(auto previous, ChooseScope(db, request, m));
  std::optional<ExportPayload>& payload = out.producers;
  // Custody events go from the last bundle to each recipient known to have
  // reached the medium: those of a failed one were never delivered, those
  // of a bundle to others never reached this one (a public bundle carries
  // none); of these, only the events the recipients may see
  // (audit_selection.h).
  FV_ASSIGN_OR_RETURN(int64_t events_start,
                      CustodyEventsStart(db, m.recipients, m.profile));
  payload.emplace(db, profile, previous ? previous->created_at : 0, events_start);
  FV_ASSIGN_OR_RETURN(auto sent_to_same, BundlesSentTo(db, m.recipients));
  payload->SetBundlesSentToSameRecipients(std::move(sent_to_same));
  if (previous) payload->SetPreviousExport(previous->bundle_id);
  if (!m.scope.incident_ids.empty()) payload->LimitToIncidents(m.scope.incident_ids);
  FV_ASSIGN_OR_RETURN(out.files, payload->Build());
  input.payload = out.files;
  input.armor = request.armor;
  input.progress = request.progress;
  input.complete_manifest = [&payload](Manifest& manifest) {
    manifest.record_counts = payload->record_counts();
    manifest.left_out = payload->left_out();
  };
  return Status::Ok();
}

// Takes the export lock, to be held to the end (a pending row seen from
// then on is this export's, or was left by one that will never finish),
// and settles what earlier exports left, telling the caller.
Result<ExportLock> StartExport(Vault& vault, const ExportRequest& request) {
  FV_ASSIGN_OR_RETURN(ExportLock lock, ExportLock::Acquire(vault.dir()));
  FV_ASSIGN_OR_RETURN(ExportWarnings warnings,
                      SettleUnfinishedExports(vault, BundleDirectory(request.target)));
  if (!warnings.empty() && request.warn) request.warn(warnings);
  return lock;
}

}  // namespace

bool IsExportInterrupted(const Status& status) { return IsWriteInterrupted(status); }

Result<ExportResult> ExportBundle(Vault& vault, const ExportRequest& request) {
  FV_ASSIGN_OR_RETURN(ExportProfile profile, ExportProfile::Parse(request.profile));
  // The witness accounts this vault may share are those it recorded.
  profile.ShareOnlyAccountsOf(vault.vault_id());
  FV_ASSIGN_OR_RETURN(ExportLock lock, StartExport(vault, request));
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  const int64_t now = vault.clock().NowMicros();
  FV_ASSIGN_OR_RETURN(auto recipients, ChooseRecipients(write.db(), request.recipient_labels));
  FV_ASSIGN_OR_RETURN(crypto::MinisignSecretKey key, LoadSigningKey(write.db()));
  SealInput input;
  input.signing_key = &key;
  Payload payload;
  FV_RETURN_IF_ERROR(Prepare(vault, write.db(), request, recipients, profile, payload, input));
  FV_ASSIGN_OR_RETURN(std::string final_path, ChooseBundlePath(request.target, vault.random()));
  // Until the register row is committed, any failure rolls the vault back
  // (no sequence number used) and `file` removes the temporary file.
  std::optional<BundleFile> file;
  FV_ASSIGN_OR_RETURN(Written written,
                      WriteToMedium(input, request, final_path, file, vault.random()));
  const Manifest& m = written.sealed.manifest;
  ExportResult result{final_path, m.bundle_id, m.sequence,
                      crypto::HexEncode(written.hash), written.bytes,
                      m.record_counts, m.left_out, {}, {}};
  for (const auto& r : recipients) result.recipient_labels.push_back(r.label);
  result.left_out_ids = payload.producers->left_out_ids();
  // The last moment to stop at no cost: flushing a large bundle to a slow
  // stick can take long enough for the monitor to give up on it.
  if (request.interrupted != nullptr && request.interrupted->load()) {
    return Status::FailedPrecondition(std::string(kWriteInterrupted));
  }
  FV_RETURN_IF_ERROR(Step(request, ExportStep::kCommit));
  Status recorded = RecordExport(std::move(write), written, result, now,
                                 *payload.producers, request);
  if (!recorded.ok()) {
    // The write is gone (rolled back unless committed). Commit() fails
    // after the commit only when the key file cannot be updated; the
    // number is then used, so settle it as failed.
    auto used = LastSentBundle(vault.db(), m.profile);
    if (used.ok() && *used && (*used)->bundle_id == m.bundle_id) {
      return Settle(vault, m, recorded);
    }
    return recorded;
  }
  // The sequence number is now used whatever happens: a bundle on the
  // medium that the vault does not know of would make the next export
  // reuse it, and HQ would refuse that one as a replay.
  FV_RETURN_IF_ERROR(Settle(vault, m, PutInPlace(*file, request)));
  return result;
}

}  // namespace fieldvault::core::bundle
