#include "core/bundle/exporter.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/bundle/bundle_registry.h"
#include "core/bundle/bundle_seal.h"
#include "core/bundle/export_payload.h"
#include "core/identity/identity_store.h"
#include "core/identity/keyrings.h"
#include "core/uuid.h"
#include "crypto/background_hashing_sink.h"
#include "crypto/copy_check.h"
#include "crypto/encoding.h"

namespace fieldvault::core::bundle {
namespace {

Status Errno(const std::string& what) {
  return Status::IoError(what + ": " + std::strerror(errno))
      .WithHint("check that the USB stick is mounted, writable and not full");
}

// Closes a file descriptor on every path out.
struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

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

// The final path: a random name in `target` when it is a directory (so
// the name says nothing of the sender or content), else `target` itself.
Result<std::string> FinalPath(const std::string& target,
                              crypto::RandomSource& random) {
  std::error_code error;
  if (std::filesystem::is_directory(target, error)) {
    std::array<uint8_t, 12> name;
    random.Fill(name);
    return target + "/" + crypto::HexEncode(name) + ".fvb";
  }
  if (std::filesystem::exists(target, error)) {
    return Status::AlreadyExists("'" + target + "' already exists")
        .WithHint("give a directory (the bundle gets a random name) or a new file name");
  }
  return target;
}

// Reads the file back from the medium and returns its tag under `check`.
Result<crypto::CopyTag> ReadBack(const std::string& path, const crypto::CopyCheck& check) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return Errno("read back '" + path + "'");
  // Ask the kernel to drop its cached copy, so that what is checked comes
  // from the medium where possible rather than from memory, and to read
  // ahead generously while the tag is computed.
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_DONTNEED);
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  crypto::FdSource source(file.fd);
  return check.TagAll(source);
}

Status FsyncDirectory(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  Fd handle{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (handle.fd < 0 || ::fsync(handle.fd) != 0) return Errno("flush directory");
  return Status::Ok();
}

Status RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  // FAT file systems (most USB sticks) do not know RENAME_NOREPLACE; the
  // name is random or was checked just before, so a plain rename is safe.
  if (errno == EINVAL && ::rename(from.c_str(), to.c_str()) == 0) return Status::Ok();
  return Errno("rename the bundle to its final name");
}

struct Written {
  SealedBundle sealed;
  crypto::Blake2b512 hash{};
  uint64_t bytes = 0;
};

// Seals into a temporary file next to `final_path`, flushes, renames,
// flushes the directory and checks the read-back.
Result<Written> WriteSafely(const SealInput& input, const std::string& final_path,
                            crypto::RandomSource& random) {
  std::array<uint8_t, 8> suffix;
  random.Fill(suffix);
  std::string temp = std::filesystem::path(final_path).parent_path().string();
  temp = (temp.empty() ? "." : temp) + "/.fv-" + crypto::HexEncode(suffix) + ".part";
  Fd file{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (file.fd < 0) return Errno("create '" + temp + "'");
  // The bundle's BLAKE2b (printed, and compared by HQ over another
  // channel) is taken as it is written, on a second thread while this one
  // encrypts; the read-back is compared with a
  // keyed Poly1305 tag, which proves the same bytes came back at a fraction
  // of the cost of hashing them again.
  crypto::FdSink sink(file.fd);
  crypto::CopyCheck check(random);
  crypto::CopyCheck::TaggingSink tagging(check, &sink);
  crypto::BackgroundHashingSink hashing(&tagging);
  auto cleanup = [&](Status status) { ::unlink(temp.c_str()); return status; };
  auto sealed = SealBundle(input, hashing, random);
  if (!sealed.ok()) return cleanup(sealed.status());
  if (::fsync(file.fd) != 0) return cleanup(Errno("flush the bundle"));
  Written written{std::move(sealed).value(), hashing.Finish(), hashing.bytes_written()};
  const crypto::CopyTag written_tag = tagging.Finish();
  Status renamed = RenameNoReplace(temp, final_path);
  if (!renamed.ok()) return cleanup(renamed);
  Status checked = FsyncDirectory(final_path);
  Result<crypto::CopyTag> read_back = ReadBack(final_path, check);
  if (checked.ok() && !read_back.ok()) checked = read_back.status();
  if (checked.ok() && !crypto::CopyCheck::Same(*read_back, written_tag)) {
    checked = Status::Corruption("the bundle read back from the medium differs "
                                 "from what was written")
                  .WithHint("the USB stick may be failing; export again to another one");
  }
  if (!checked.ok()) {
    ::unlink(final_path.c_str());
    return checked;
  }
  return written;
}

// Fills in who sends what to whom: ids, sender, sequence and chain, and
// the recipients (as manifest strings and as age keys).
Status FillHeader(Database& db, Vault& vault,
                  const std::vector<RecipientEntry>& recipients,
                  const std::optional<SentBundle>& last, SealInput& input) {
  FV_ASSIGN_OR_RETURN(VaultIdentity identity, GetVaultIdentity(db));
  Manifest& m = input.manifest;
  m.bundle_id = NewUuid(vault.random());
  m.created_at = FormatUtc(vault.clock().NowMicros());
  m.sender = {identity.minisign_public_key, identity.key_id, identity.display_name};
  m.sequence = last ? last->sequence + 1 : 1;
  if (last) {
    FV_ASSIGN_OR_RETURN(auto previous, crypto::HexDecode(last->manifest_blake2b));
    m.previous_manifest.emplace();
    std::copy(previous.begin(), previous.end(), m.previous_manifest->begin());
  }
  for (const auto& r : recipients) {
    m.recipients.push_back(r.age_recipient);
    FV_ASSIGN_OR_RETURN(auto parsed, crypto::AgeRecipient::Parse(r.age_recipient));
    input.recipients.push_back(parsed);
  }
  return Status::Ok();
}

// Fills in the manifest's scope and returns the time after which changed
// records go (0: all of them).
Result<int64_t> ChooseScope(Database& db, const ExportRequest& request,
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
    return 0;
  }
  m.scope.kind = request.all ? "all" : "since-last";
  if (request.all) return 0;
  // Bundles of some incidents only are skipped: what changed elsewhere
  // since the last full or since-last export has not left yet.
  FV_ASSIGN_OR_RETURN(auto previous_to_same, LastSentBundleTo(db, m.recipients));
  if (!previous_to_same) return 0;
  m.scope.since = FormatUtc(previous_to_same->created_at);
  return previous_to_same->created_at;
}

// ", incidents <id> <id>" for a bundle of some incidents, else "".
std::string Incidents(const ManifestScope& scope) {
  std::string text;
  for (const auto& id : scope.incident_ids) text += " " + id;
  return text.empty() ? "" : ", incidents" + text;
}

// Registers the sent bundle and its custody events, and commits.
Status RecordExport(VaultWrite& write, const Written& written,
                    const ExportResult& result, int64_t now) {
  const Manifest& m = written.sealed.manifest;
  FV_RETURN_IF_ERROR(RecordSentBundle(
      write.db(), {m.sequence, m.bundle_id,
                   crypto::HexEncode(crypto::HashBlake2b512(
                       crypto::AsBytes(written.sealed.manifest_json))),
                   result.bundle_blake2b, m.recipients, m.profile, m.scope.kind, now}));
  std::string to;
  for (const auto& label : result.recipient_labels) to += (to.empty() ? "" : ", ") + label;
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"exported", "", "", m.bundle_id,
       "sequence " + std::to_string(m.sequence) + ", profile " + m.profile +
           ", to " + to + Incidents(m.scope) + ", bundle blake2b " +
           result.bundle_blake2b}));
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

}  // namespace

Result<ExportResult> ExportBundle(Vault& vault, const ExportRequest& request) {
  FV_ASSIGN_OR_RETURN(ExportProfile profile, ExportProfile::Parse(request.profile));
  FV_ASSIGN_OR_RETURN(VaultWrite write, vault.BeginWrite());
  Database& db = write.db();
  const int64_t now = vault.clock().NowMicros();
  FV_ASSIGN_OR_RETURN(auto recipients, ChooseRecipients(db, request.recipient_labels));
  FV_ASSIGN_OR_RETURN(crypto::MinisignSecretKey key, LoadSigningKey(db));
  FV_ASSIGN_OR_RETURN(auto last, LastSentBundle(db));
  SealInput input;
  FV_RETURN_IF_ERROR(FillHeader(db, vault, recipients, last, input));
  Manifest& m = input.manifest;
  m.profile = std::string(profile.name());
  FV_ASSIGN_OR_RETURN(int64_t since, ChooseScope(db, request, m));
  ExportPayload payload(db, profile, since, last ? last->created_at : 0);
  if (!m.scope.incident_ids.empty()) payload.LimitToIncidents(m.scope.incident_ids);
  FV_ASSIGN_OR_RETURN(std::vector<PayloadFile> files, payload.Build());
  input.signing_key = &key;
  input.armor = request.armor;
  input.payload = files;
  input.progress = request.progress;
  input.complete_manifest = [&](Manifest& manifest) {
    manifest.record_counts = payload.record_counts();
    manifest.left_out = payload.left_out();
  };
  FV_ASSIGN_OR_RETURN(std::string final_path, FinalPath(request.target, vault.random()));
  FV_ASSIGN_OR_RETURN(Written written, WriteSafely(input, final_path, vault.random()));
  ExportResult result{final_path, m.bundle_id, m.sequence,
                      crypto::HexEncode(written.hash), written.bytes,
                      written.sealed.manifest.record_counts,
                      written.sealed.manifest.left_out, {}};
  for (const auto& r : recipients) result.recipient_labels.push_back(r.label);
  Status recorded = RecordExport(write, written, result, now);
  if (!recorded.ok()) {
    // A bundle the vault does not remember would reuse its sequence number.
    ::unlink(final_path.c_str());
    return recorded;
  }
  return result;
}

}  // namespace fieldvault::core::bundle
