#include "core/bundle/receiver.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/bundle/bundle_registry.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/payload_importer.h"
#include "core/identity/fingerprint.h"
#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
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

Status CheckSigner(Vault& vault, BundleOpener& opener, ReceiveReport& report) {
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
  if (entry->revoked_at) {
    return Note(report, "signer",
                Status::AuthFailed("signer '" + entry->label + "' was revoked on " +
                                   FormatUtc(*entry->revoked_at))
                    .WithHint("bundles signed with a revoked key are refused; "
                              "contact the monitor through another channel"));
  }
  Record(report, "signer", Status::Ok(), entry->label + " (" + entry->key_id + ")");
  return Note(report, "signature", opener.VerifySignature(key));
}

Status CheckRecipient(const std::vector<crypto::AgeIdentity>& identities,
                      const Manifest& manifest, ReceiveReport& report) {
  for (const auto& identity : identities) {
    for (const auto& recipient : manifest.recipients) {
      if (recipient == identity.Recipient().ToString()) {
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
                       ReceiveReport& report) {
  const Manifest& manifest = opener.manifest();
  FV_ASSIGN_OR_RETURN(auto imported, ImportedFrom(vault.db(), manifest.sender.minisign_public_key));
  auto hash = crypto::HashBlake2b512(crypto::AsBytes(opener.manifest_bytes()));
  SequenceVerdict verdict = CheckSequence(imported, manifest, hash);
  report.sequence_text = "sequence " + std::to_string(manifest.sequence) + ": " + verdict.text;
  using Kind = SequenceVerdict::Kind;
  if (verdict.kind == Kind::kAlreadyImported) {
    report.already_imported = true;
    report.checks.push_back({"sequence", Outcome::kPassed, report.sequence_text});
    return Status::Ok();
  }
  if (!verdict.accepted) {
    return Note(report, "sequence", Status::AuthFailed("refused: " + verdict.text)
                                        .WithHint("keep the file as evidence and "
                                                  "contact the sender"));
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

// Opens and checks everything but the files; returns the opener.
Result<std::unique_ptr<BundleOpener>> OpenAndCheck(
    Vault& vault, crypto::ByteSource& in, const std::vector<crypto::AgeIdentity>& ids,
    ReceiveReport& report) {
  auto opener = BundleOpener::Open(in, ids);
  if (!opener.ok()) {
    bool decrypted = opener.status().code() != StatusCode::kAuthFailed &&
                     opener.status().message().find("bundle") == std::string::npos;
    Record(report, decrypted ? "manifest" : "decrypt", opener.status());
    return opener.status();
  }
  Record(report, "decrypt", Status::Ok());
  Record(report, "manifest", Status::Ok());
  report.manifest = (*opener)->manifest();
  FV_RETURN_IF_ERROR(CheckSigner(vault, **opener, report));
  FV_RETURN_IF_ERROR(CheckRecipient(ids, (*opener)->manifest(), report));
  FV_RETURN_IF_ERROR(CheckSequenceOf(vault, **opener, report));
  return opener;
}

// Registers what a verify found ("verified" or "refused", with the reason)
// or why an import was refused, with its custody event, in one write of
// its own. `opener` is set when the manifest was read and trusted.
Status RegisterVerdict(Vault& vault, const ReceiveReport& report,
                       const BundleOpener* opener) {
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  const Manifest* m = report.manifest ? &*report.manifest : nullptr;
  const bool verified = report.passed();
  ReceivedBundle r{m ? m->bundle_id : "", report.bundle_blake2b,
                   m ? m->sender.minisign_public_key : "", m ? m->sequence : 0, "", "",
                   verified ? "verified" : "refused",
                   verified ? report.sequence_text : report.error.message(),
                   vault.clock().NowMicros()};
  if (verified && opener != nullptr) {
    r.manifest_blake2b = crypto::HexEncode(
        crypto::HashBlake2b512(crypto::AsBytes(opener->manifest_bytes())));
    if (m->previous_manifest) r.previous_manifest = crypto::HexEncode(*m->previous_manifest);
  }
  FV_RETURN_IF_ERROR(RecordReceivedBundle(write.db(), r));
  CustodyEvent event{"bundle refused", "", "", r.bundle_id, r.detail.substr(0, 1000)};
  if (verified) {
    event = {"verified", "", "", r.bundle_id,
             "from " + report.signer_label + " (" + m->sender.key_id + "), " +
                 report.sequence_text + ", bundle blake2b " + report.bundle_blake2b};
  }
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(event));
  return write.Commit();
}

// Registers the imported bundle and its custody event, and commits.
Status RegisterImport(Vault& vault, VaultWrite& write, const BundleOpener& opener,
                      const ReceiveReport& report) {
  const Manifest& m = *report.manifest;
  auto manifest_hash = crypto::HashBlake2b512(crypto::AsBytes(opener.manifest_bytes()));
  FV_RETURN_IF_ERROR(RecordReceivedBundle(
      write.db(),
      {m.bundle_id, report.bundle_blake2b, m.sender.minisign_public_key, m.sequence,
       crypto::HexEncode(manifest_hash),
       m.previous_manifest ? crypto::HexEncode(*m.previous_manifest) : "",
       "imported", report.sequence_text, vault.clock().NowMicros()}));
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"imported", "", "", m.bundle_id,
       "from " + report.signer_label + " (" + m.sender.key_id + "), " +
           report.sequence_text + ", bundle blake2b " + report.bundle_blake2b}));
  return write.Commit();
}

}  // namespace

ReceiveReport ReceiveBundle(Vault& vault, const std::string& path,
                            const ReceiveOptions& options) {
  ReceiveReport report;
  report.path = path;
  FileHandle file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    Record(report, "decrypt", Status::IoError("cannot read '" + path + "': " +
                                            std::strerror(errno)));
    return report;
  }
  crypto::FdSource raw(file.fd);
  // Hashed on a second thread while this one decrypts and imports, so
  // the bundle's BLAKE2b comes almost for free.
  crypto::HashingSource in(raw, crypto::HashingSource::Mode::kBackground);
  auto ids = Identities(vault, options);
  if (!ids.ok()) {
    Record(report, "decrypt", ids.status());
    return report;
  }
  std::optional<VaultWrite> write;
  if (options.import) {
    auto begun = vault.BeginWrite();
    if (!begun.ok()) { Record(report, "decrypt", begun.status()); return report; }
    write.emplace(std::move(begun).value());
  }
  auto opener = OpenAndCheck(vault, in, *ids, report);
  Status status = opener.status();
  std::optional<RecordImporter> records;
  std::optional<PayloadImporter> payload;
  if (status.ok()) {
    const Manifest& m = (*opener)->manifest();
    bool apply = options.import && !report.already_imported;
    if (apply) {
      // All or nothing: any failure rolls the whole write back.
      records.emplace(write->db(), *options.normalizer, options.search,
                      ImportAtomicity::kCallerRollsBack);
      payload.emplace(write->db(), *records, vault.random(),
                      Provenance{m.sender.key_id, m.bundle_id, vault.clock().NowMicros()});
    }
    status = Note(report, "files",
                  (*opener)->ReadPayload([&](const ManifestFile& f, crypto::ByteSource& c) {
                    return apply ? payload->Import(f, c) : Status::Ok();
                  }),
                  "every file matches the manifest; nothing unlisted");
  }
  if (status.ok()) report.bundle_blake2b = crypto::HexEncode(in.Finish());
  if (status.ok() && payload) {
    report.outcomes = payload->outcomes();
    report.attachments = payload->attachments();
    report.attachments_held = payload->attachments_held();
    report.audit_events = payload->audit_events();
    status = RegisterImport(vault, *write, **opener, report);
    if (status.ok()) report.imported = true;
    else Record(report, "import", status);
  }
  if (!options.import) {
    // Every bundle verified against a vault is registered, as evidence.
    Status registered = RegisterVerdict(vault, report, opener.ok() ? opener->get() : nullptr);
    if (!registered.ok()) Record(report, "register", registered);
  } else if (!status.ok()) {
    write.reset();  // roll back before registering the refusal
    (void)RegisterVerdict(vault, report, nullptr);  // best effort
  }
  return report;
}

}  // namespace fieldvault::core::bundle
