#include "core/bundle/receiver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/bundle/attachment_owner_check.h"
#include "core/bundle/bundle_registry.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/foreign_changes.h"
#include "core/bundle/payload_importer.h"
#include "core/identity/fingerprint.h"
#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
#include "core/records/model.h"
#include "crypto/encoding.h"
#include "crypto/hashing_source.h"

namespace fieldvault::core::bundle {
namespace {

using Outcome = Check::Outcome;

struct FileHandle {
  int fd = -1;
  ~FileHandle() { if (fd >= 0) ::close(fd); }
};

// Records a check; on failure also the report's error.
void Record(ReceiveReport& report, std::string name, const Status& status,
            std::string passed_detail = "") {
  if (status.ok()) {
    report.checks.push_back({std::move(name), Outcome::kPassed, std::move(passed_detail)});
  } else {
    report.checks.push_back({std::move(name), Outcome::kFailed, status.message()});
    if (report.error.ok()) report.error = status;
  }
}

// Record(), returning `status`.
Status Note(ReceiveReport& report, std::string name, const Status& status,
            std::string passed_detail = "") {
  Record(report, std::move(name), status, std::move(passed_detail));
  return status;
}

Status CheckSigner(Vault& vault, BundleOpener& opener, const ReceiveOptions& options,
                   ReceiveReport& report) {
  const crypto::MinisignPublicKey& key = opener.claimed_signer();
  report.signer_fingerprint = SigningKeyFingerprint(key.ToBase64());
  FV_ASSIGN_OR_RETURN(auto entry, FindSigner(vault.db(), key));
  if (!entry) {
    return Note(report, "signer",
                Status::AuthFailed("unknown signer: key id " + key.KeyIdHex() +
                                   ", fingerprint " + report.signer_fingerprint)
                    .WithHint("if the sender confirms this fingerprint (by phone or "
                              "in person), run: fieldvault signers trust LABEL " +
                              key.ToBase64()));
  }
  report.signer_label = entry->label;
  if (entry->revoked_at && !options.accept_revoked.empty()) {
    // Judged as trusted; the whole file's hash is compared once read.
    report.revoked_override = "signer revoked on " + FormatUtc(*entry->revoked_at) +
                              ", accepted by the BLAKE2b the analyst gave";
    report.checks.push_back({"signer", Outcome::kWarning,
                             entry->label + " (" + entry->key_id + "), " +
                                 report.revoked_override});
    return Note(report, "signature", opener.VerifySignature(key));
  }
  if (entry->revoked_at) {
    return Note(report, "signer",
                Status::AuthFailed("signer '" + entry->label + "' was revoked on " +
                                   FormatUtc(*entry->revoked_at))
                    .WithHint("bundles signed with a revoked key are refused; "
                              "contact the monitor through another channel. Only "
                              "if the monitor gave you this file's BLAKE2b before "
                              "the key was lost: import FILE --accept-revoked "
                              "BLAKE2B"));
  }
  Record(report, "signer", Status::Ok(), entry->label + " (" + entry->key_id + ")");
  return Note(report, "signature", opener.VerifySignature(key));
}

// Sets `ours` to this vault's recipient among the manifest's.
Status CheckRecipient(const std::vector<crypto::AgeIdentity>& identities,
                      const Manifest& manifest, ReceiveReport& report,
                      std::string& ours) {
  for (const auto& identity : identities) {
    for (const auto& recipient : manifest.recipients) {
      if (recipient == identity.Recipient().ToString()) {
        ours = recipient;
        return Note(report, "recipient", Status::Ok(), recipient);
      }
    }
  }
  return Note(report, "recipient",
              Status::AuthFailed("this bundle was not addressed to this vault: "
                                 "someone re-encrypted it to us")
                  .WithHint("do not import it; ask the sender to export to your "
                            "key directly"));
}

Status CheckSequenceOf(Vault& vault, const BundleOpener& opener,
                       std::string_view recipient, ReceiveReport& report) {
  const Manifest& manifest = opener.manifest();
  if (manifest.profile != "hq") {
    // Numbered apart from the HQ bundles this vault imports, which are
    // the ones the sequence rule counts; such a bundle is never imported.
    report.sequence_text = SequenceName(manifest.profile, manifest.sequence) +
                           ": numbered apart from HQ bundles";
    report.checks.push_back({"sequence", Outcome::kPassed, report.sequence_text});
    return Status::Ok();
  }
  FV_ASSIGN_OR_RETURN(auto chain, ChainOf(vault.db(), manifest.sender.minisign_public_key));
  auto hash = crypto::HashBlake2b512(crypto::AsBytes(opener.manifest_bytes()));
  SequenceVerdict verdict = CheckSequence(chain, manifest, hash, recipient);
  report.sequence_text = "sequence " + std::to_string(manifest.sequence) + ": " + verdict.text;
  using Kind = SequenceVerdict::Kind;
  if (verdict.kind == Kind::kAlreadyImported) {
    report.already_imported = true;
    report.checks.push_back({"sequence", Outcome::kPassed, report.sequence_text});
    return Status::Ok();
  }
  if (!verdict.accepted) {
    // The "refused: " prefix marks it in the register as a fork refusal
    // (bundle_registry.h), against which later bundles are judged.
    return Note(report, "sequence",
                Status::AuthFailed(std::string(kSequenceRefusalPrefix) + verdict.text)
                    .WithHint("keep the file as evidence and contact the sender; "
                              "after a restored backup, give the monitor the last "
                              "sequence and manifest hash imported from them "
                              "(fieldvault signers show LABEL)"));
  }
  report.checks.push_back({"sequence",
                           verdict.kind == Kind::kGap ? Outcome::kWarning : Outcome::kPassed,
                           report.sequence_text});
  return Status::Ok();
}

Result<std::vector<crypto::AgeIdentity>> Identities(Vault& vault,
                                                    const ReceiveOptions& options) {
  if (!options.use_given_identities) return LoadAgeIdentities(vault.db());
  std::vector<crypto::AgeIdentity> copies;
  for (const auto& identity : options.identities) {
    crypto::SecretBytes text = identity.ToSecretString();
    FV_ASSIGN_OR_RETURN(auto copy, crypto::AgeIdentity::Parse(text.Reveal()));
    copies.push_back(std::move(copy));
  }
  return copies;
}

// A bundle for publication is verified but never imported: it leaves out
// what only HQ may see (witness identities, exact places, records not
// marked public) under the same record versions, so importing it next to
// the monitor's HQ bundles would make every such record a conflict.
Status CheckProfileFor(bool importing, const Manifest& manifest, ReceiveReport& report) {
  if (!importing || manifest.profile != "public") return Status::Ok();
  return Note(report, "profile",
              Status::InvalidArgument("this is a bundle for publication "
                                      "(profile public): it is not imported")
                  .WithHint("its files can be read with age and tar "
                            "(docs/hq-guide.md, Without fieldvault); import "
                            "the monitor's HQ bundles instead"));
}

// Opens and checks everything but the files; returns the opener.
Result<std::unique_ptr<BundleOpener>> OpenAndCheck(
    Vault& vault, crypto::ByteSource& in, const std::vector<crypto::AgeIdentity>& ids,
    const ReceiveOptions& options, ReceiveReport& report) {
  auto opener = BundleOpener::Open(in, ids);
  if (!opener.ok() && options.use_given_identities &&
      opener.status().message() == kNotEncryptedToUs) {
    // The identity was chosen by the person running the check, not by
    // the sender: a key that does not open the bundle is no verdict on
    // the bundle (kFailedPrecondition: not judged, not registered).
    return Note(report, "decrypt",
                Status::FailedPrecondition("the identity file given does not open "
                                           "this bundle: it is not encrypted to "
                                           "that key")
                    .WithHint("check that the file holds the receiving key the "
                              "bundle was made for, or leave the identity file "
                              "out to use this vault's own key"));
  }
  if (!opener.ok()) {
    bool decrypted = opener.status().code() != StatusCode::kAuthFailed &&
                     opener.status().message().find("bundle") == std::string::npos;
    Record(report, decrypted ? "manifest" : "decrypt", opener.status());
    return opener.status();
  }
  // Only the age header and the chunks holding the manifest are
  // authenticated so far: "decrypt" passes once the whole stream has.
  Record(report, "header", Status::Ok(), "addressed to this vault; authenticated");
  Record(report, "manifest", Status::Ok());
  report.manifest = (*opener)->manifest();
  FV_RETURN_IF_ERROR(CheckSigner(vault, **opener, options, report));
  report.manifest_blake2b = crypto::HexEncode(
      crypto::HashBlake2b512(crypto::AsBytes((*opener)->manifest_bytes())));
  std::string recipient;
  FV_RETURN_IF_ERROR(CheckRecipient(ids, (*opener)->manifest(), report, recipient));
  FV_RETURN_IF_ERROR(CheckProfileFor(options.import, (*opener)->manifest(), report));
  FV_RETURN_IF_ERROR(CheckSequenceOf(vault, **opener, recipient, report));
  return opener;
}

// The bundle file as read from its medium. Remembers whether a read
// failed (a failing stick, say): what went wrong after that is no verdict
// on the bundle.
class MediumSource final : public crypto::ByteSource {
 public:
  explicit MediumSource(int fd) : file_(fd) {}
  Result<size_t> Read(std::span<uint8_t> out) override {
    Result<size_t> n = file_.Read(out);
    if (!n.ok() && error_.ok()) error_ = n.status();
    return n;
  }
  // Asked once no other thread reads the file (the opener is gone).
  bool failed() const { return !error_.ok(); }
  const Status& error() const { return error_; }

 private:
  crypto::FdSource file_;
  Status error_;  // the first read error
};

// Whether `failure` is a verdict on the bundle, or only says it could not
// be judged: the file could not be read, or the vault could not be read
// or written (busy: kFailedPrecondition; disk full or I/O: kIoError; its
// own damage: kCorruption naming the database). The checks of a bundle
// return neither kIoError nor kFailedPrecondition for what it holds.
bool JudgesTheBundle(const Status& failure, const MediumSource& medium) {
  if (medium.failed()) return false;
  if (failure.code() == StatusCode::kIoError ||
      failure.code() == StatusCode::kFailedPrecondition) {
    return false;
  }
  return failure.code() != StatusCode::kCorruption ||
         failure.message().find(kDatabaseDamaged) == std::string::npos;
}

// Reads what the checks left of the file, for the hash alone (one buffer,
// whatever the size), and returns the hex BLAKE2b-512 of the whole file:
// the digest export printed. "" when the file cannot be read to its end.
// Only once nothing else reads `in` (the opener and its thread are gone).
std::string WholeFileHash(crypto::HashingSource& in, const MediumSource& medium) {
  std::vector<uint8_t> buffer(64 * 1024);
  bool whole = !medium.failed();
  while (whole) {
    Result<size_t> n = in.Read(buffer);
    if (!n.ok()) whole = false;
    else if (*n == 0) break;
  }
  crypto::Blake2b512 digest = in.Finish();
  return whole ? crypto::HexEncode(digest) : "";
}

// What the register and the custody event say of a bundle that passed:
// its sequence status, and a revoked signer let through by its hash.
std::string Detail(const ReceiveReport& report) {
  if (report.revoked_override.empty()) return report.sequence_text;
  return report.sequence_text + "; " + report.revoked_override;
}

// Registers what a verify found ("verified" or "refused", with the reason)
// or why an import was refused, with its custody event, in one write of
// its own. The manifest's hash is registered once its signature held,
// whatever the verdict: a refusal by the sequence rule is then a fork
// refusal that later bundles are judged against.
Status RegisterVerdict(Vault& vault, const ReceiveReport& report) {
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  const Manifest* m = report.manifest ? &*report.manifest : nullptr;
  const bool verified = report.passed();
  ReceivedBundle r{m ? m->bundle_id : "", report.bundle_blake2b,
                   m ? m->sender.minisign_public_key : "", m ? m->sequence : 0, "", "",
                   verified ? "verified" : "refused",
                   verified ? Detail(report) : report.error.message(),
                   vault.clock().NowMicros()};
  if (!report.manifest_blake2b.empty()) {
    r.manifest_blake2b = report.manifest_blake2b;
    if (m->previous_manifest) r.previous_manifest = crypto::HexEncode(*m->previous_manifest);
  }
  FV_RETURN_IF_ERROR(RecordReceivedBundle(write.db(), r));
  const std::string hash = ", bundle blake2b " +
                           (r.bundle_blake2b.empty() ? "unknown" : r.bundle_blake2b);
  CustodyEvent event{"bundle refused", "", "", r.bundle_id,
                     r.detail.substr(0, 1000) + hash};
  if (verified) {
    event = {"verified", "", "", r.bundle_id,
             "from " + report.signer_label + " (" + m->sender.key_id + "), " +
                 Detail(report) + hash};
  }
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(event));
  return write.Commit();
}

// A custody event for the witness accounts the import purged because
// their sender purged them (witness_purge.h): counted, never their content.
Status LogPurges(VaultWrite& write, const ReceiveReport& report) {
  auto accounts = report.outcomes.find(std::string(kWitnessAccountType));
  if (accounts == report.outcomes.end()) return Status::Ok();
  auto purged = accounts->second.find(
      std::string(ImportOutcomeName(ImportOutcome::kPurged)));
  if (purged == accounts->second.end() || purged->second == 0) return Status::Ok();
  return write.AppendCustodyEvent(
      {"purged", std::string(kWitnessAccountType), "", report.manifest->bundle_id,
       std::to_string(purged->second) +
           " witness account(s) purged as their sender purged them, at the "
           "witness's request: statements, earlier versions and files removed"});
}

// Registers the imported bundle and its custody event, and commits.
Status RegisterImport(Vault& vault, VaultWrite& write, const std::string& manifest_hash,
                      const ReceiveReport& report) {
  const Manifest& m = *report.manifest;
  FV_RETURN_IF_ERROR(RecordReceivedBundle(
      write.db(),
      {m.bundle_id, report.bundle_blake2b, m.sender.minisign_public_key, m.sequence,
       manifest_hash, m.previous_manifest ? crypto::HexEncode(*m.previous_manifest) : "",
       "imported", Detail(report), vault.clock().NowMicros()}));
  const std::string signer = report.signer_label + " (" + m.sender.key_id + ")";
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"imported", "", "", m.bundle_id,
       "from " + signer + ", " + Detail(report) + ", bundle blake2b " +
           report.bundle_blake2b}));
  FV_RETURN_IF_ERROR(LogForeignChanges(write, m.bundle_id, signer, report.foreign_changes));
  FV_RETURN_IF_ERROR(LogPurges(write, report));
  return write.Commit();
}

// Runs the checks, then reads the payload, importing it into `write` when
// given and the bundle is new. Sets `manifest_hash` (hex) once the
// manifest is trusted. The opener, and its read-ahead thread with it, is
// gone on return, so `in` may be read again on this thread.
Status CheckAndRead(Vault& vault, crypto::ByteSource& in,
                    const std::vector<crypto::AgeIdentity>& ids,
                    const ReceiveOptions& options, VaultWrite* write,
                    ReceiveReport& report, std::string& manifest_hash) {
  FV_ASSIGN_OR_RETURN(auto opener, OpenAndCheck(vault, in, ids, options, report));
  manifest_hash = crypto::HexEncode(
      crypto::HashBlake2b512(crypto::AsBytes(opener->manifest_bytes())));
  const Manifest& m = opener->manifest();
  std::optional<RecordImporter> records;
  std::optional<PayloadImporter> payload;
  if (write != nullptr && !report.already_imported) {
    // All or nothing: any failure rolls the whole write back.
    records.emplace(write->db(), *options.normalizer, options.search,
                    ImportAtomicity::kCallerRollsBack);
    payload.emplace(write->db(), *records, vault.random(),
                    Provenance{m.sender.key_id, m.bundle_id, vault.clock().NowMicros(),
                               m.sender.minisign_public_key});
    payload->ExpectFiles(m.files);
  }
  // A verify applies nothing, but still refuses an attachment whose owner
  // is nowhere, as the import would (attachment_owner_check.h), and says
  // what the import would do to records another recorded.
  std::optional<AttachmentOwnerCheck> owners;
  std::optional<ForeignChangePreview> preview;
  if (!payload) {
    // A bundle imported before changed what it changed then: previewing
    // it again against the vault as it is now would mislead.
    RecordLineObserver observe;
    if (!report.already_imported) {
      preview.emplace(vault.db(), m.sender.minisign_public_key);
      observe = [&](std::string_view type, std::string_view line) {
        return preview->Line(type, line);
      };
    }
    owners.emplace(vault.db(), std::move(observe));
  }
  Status read = opener->ReadPayload([&](const ManifestFile& f, crypto::ByteSource& c) {
    return payload ? payload->Import(f, c) : owners->Check(f, c);
  });
  // Altered or truncated ciphertext is a failed decrypt, not a file that
  // differs from the manifest: the content was never seen.
  if (opener->stream_failed_authentication()) return Note(report, "decrypt", read);
  if (read.ok()) {
    Record(report, "decrypt", Status::Ok(), "every part of the bundle authenticated");
  }
  FV_RETURN_IF_ERROR(Note(report, "files", read,
                          "every file matches the manifest; nothing unlisted"));
  if (payload) report.foreign_changes = records->foreign_changes();
  if (preview) report.foreign_changes = preview->changes();
  FV_ASSIGN_OR_RETURN(report.signer_labels, SignerLabels(vault.db(), report.foreign_changes));
  if (payload) {
    report.outcomes = payload->outcomes();
    report.attachments = payload->attachments();
    report.attachments_held = payload->attachments_held();
    report.audit_events = payload->audit_events();
  }
  return Status::Ok();
}

// After a failure: says whether it judged the bundle, and registers the
// refusal (in a write of its own: an import's was rolled back first).
void Settle(Vault& vault, const Status& failure, const MediumSource& medium,
            std::optional<VaultWrite>& write, ReceiveReport& report) {
  // A failure of the vault's own reads (a busy or damaged vault while
  // checking the signer, say) went by no check: name it now.
  if (report.error.ok()) Record(report, "vault", failure);
  if (medium.failed()) {
    report.error = Status::IoError("cannot read '" + report.path + "' to its end (" +
                                   medium.error().message() + ")")
                       .WithHint("the stick may be failing: copy the file to this "
                                 "computer, then run the command on the copy");
  }
  report.refused = JudgesTheBundle(failure, medium);
  write.reset();  // rolls an import back
  if (!report.refused) {
    // No verdict: the check that stopped was not failed by the bundle.
    for (Check& check : report.checks) {
      if (check.outcome == Outcome::kFailed) check.outcome = Outcome::kNotChecked;
    }
    return;
  }
  Status registered = RegisterVerdict(vault, report);
  report.registered = registered.ok();
  if (!registered.ok()) Record(report, "register", registered);
}

// Opens the file, loads the identities and, for an import, begins the
// write. A failure here judges nothing: it is recorded in `report` and
// false returned.
bool Begin(Vault& vault, const ReceiveOptions& options, FileHandle& file,
           std::vector<crypto::AgeIdentity>& ids, std::optional<VaultWrite>& write,
           ReceiveReport& report) {
  const std::string& path = report.path;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (file.fd < 0 || ::fstat(file.fd, &info) != 0) {
    Record(report, "decrypt", Status::IoError("cannot read '" + path + "': " +
                                            std::strerror(errno)));
    return false;
  }
  if (S_ISDIR(info.st_mode)) {
    Record(report, "decrypt",
           Status::IoError("'" + path + "' is a directory, not a bundle")
               .WithHint("name the bundle file in it, e.g. " + path +
                         "/3f9a1c2e77b09d41c6a05e18.fvb"));
    return false;
  }
  auto loaded = Identities(vault, options);
  if (!loaded.ok()) {
    Record(report, "vault", loaded.status());
    return false;
  }
  ids = std::move(loaded).value();
  if (!options.import) return true;
  auto begun = vault.BeginWrite();
  if (!begun.ok()) {
    Record(report, "vault", begun.status());
    return false;
  }
  write.emplace(std::move(begun).value());
  return true;
}

}  // namespace

ReceiveReport ReceiveBundle(Vault& vault, const std::string& path,
                            const ReceiveOptions& options) {
  ReceiveReport report;
  report.path = path;
  FileHandle file;
  std::vector<crypto::AgeIdentity> ids;
  std::optional<VaultWrite> write;
  if (!Begin(vault, options, file, ids, write, report)) return report;
  MediumSource medium(file.fd);
  // Hashed on a second thread while this one decrypts and imports, so
  // the bundle's BLAKE2b comes almost for free.
  crypto::HashingSource in(medium, crypto::HashingSource::Mode::kBackground);
  std::string manifest_hash;
  Status status = CheckAndRead(vault, in, ids, options, write ? &*write : nullptr,
                               report, manifest_hash);
  report.bundle_blake2b = WholeFileHash(in, medium);
  if (status.ok() && report.bundle_blake2b.empty()) {
    status = Note(report, "read", Status::IoError("the file could not be read to its end"));
  }
  if (status.ok() && !options.accept_revoked.empty() &&
      report.bundle_blake2b != options.accept_revoked) {
    status = Note(report, "blake2b",
                  Status::AuthFailed("this file's BLAKE2b is " +
                                     report.bundle_blake2b.substr(0, 16) +
                                     "…, not the one given with --accept-revoked")
                      .WithHint("give the BLAKE2b the monitor read out before the "
                                "key was lost; without it, a revoked signer's "
                                "bundle cannot be accepted"));
  }
  if (!status.ok()) {
    Settle(vault, status, medium, write, report);
  } else if (write && !report.already_imported) {
    status = RegisterImport(vault, *write, manifest_hash, report);
    report.imported = report.registered = status.ok();
    if (!status.ok()) Settle(vault, Note(report, "import", status), medium, write, report);
  } else if (!options.import) {
    // Every bundle verified against a vault is registered, as evidence.
    Status registered = RegisterVerdict(vault, report);
    report.registered = registered.ok();
    if (!registered.ok()) Record(report, "register", registered);
  }
  return report;
}

}  // namespace fieldvault::core::bundle
