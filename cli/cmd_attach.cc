// `fieldvault attach add|list|extract`: photos, recordings and documents
// stored inside the vault, attached to a record.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/attachments/attachment_store.h"
#include "core/attachments/exif_capture_time.h"
#include "core/clock.h"
#include "crypto/byte_stream.h"
#include "core/records/partial_date.h"

namespace fieldvault::cli {
namespace {

// Owner options: the flag and the record type it names.
constexpr std::array<std::pair<const char*, std::string_view>, 5> kOwners = {{
    {"incident", core::kIncidentType},
    {"person", core::kPersonType},
    {"detention", core::kDetentionType},
    {"witness", core::kWitnessAccountType},
    {"source", core::kSourceType},
}};

void AddOwnerOptions(CommandLine& line, const char* verb) {
  for (const auto& [flag, type] : kOwners) {
    line.options().add_options()(
        flag, std::string(verb) + " the " + std::string(type) + " with this id",
        cxxopts::value<std::string>());
  }
}

// The (type, full id) named by the owner options; both empty when none is
// given and `required` is false.
Result<std::pair<std::string, std::string>> ReadOwner(
    const CommandLine& line, VaultSession& session, bool required) {
  std::pair<std::string, std::string> owner;
  for (const auto& [flag, type] : kOwners) {
    if (!line.Has(flag)) continue;
    if (!owner.first.empty()) {
      return line.UsageError("give only one of --incident, --person, "
                             "--detention, --witness, --source");
    }
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>(flag));
    core::RecordStore store = session.Reader();
    FV_ASSIGN_OR_RETURN(std::string id, store.ResolveId(type, prefix));
    FV_ASSIGN_OR_RETURN(bool exists, store.rows().Exists(type, id));
    if (!exists) {
      return Status::FailedPrecondition("the " + std::string(core::RecordNoun(type)) +
                                        " " + id + " was deleted")
          .WithHint("a deleted record takes no new files; `fieldvault " +
                    std::string(core::RecordCommandName(type)) +
                    " list --deleted` shows the deleted ones");
    }
    owner = {std::string(type), id};
  }
  if (required && owner.first.empty()) {
    return line.UsageError("say which record the file belongs to, e.g. "
                           "--incident ID");
  }
  return owner;
}

nlohmann::json ToJson(const core::Attachment& a) {
  return {{"id", a.id},
          {"owner_type", a.owner_type},
          {"owner_id", a.owner_id},
          {"original_name", a.original_name ? nlohmann::json(*a.original_name)
                                            : nlohmann::json(nullptr)},
          {"mime_type", a.mime_type},
          {"size", a.size},
          {"blake2b", a.blake2b_512},
          {"captured_at", a.captured_at.text()},
          {"created_at", core::FormatTimestamp(a.created_at)},
          {"created_by", a.created_by},
          {"version", a.version}};
}

// A file descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status OpenInput(const std::string& path, Fd& file, struct stat& info) {
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd < 0 || ::fstat(file.fd, &info) != 0) {
    return CannotOpen("the file to attach", path, errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidArgument(path + " is not a regular file");
  }
  return Status::Ok();
}

// Where an attachment's captured time came from: "option" (--captured-at),
// "exif" (a photo's DateTimeOriginal) or "file_time" (the file's
// modification time, often when it was copied rather than recorded).
struct CapturedFrom {
  const char* source;
  const char* words;  // for the output: what the time is
};
constexpr CapturedFrom kFromOption = {"option", "as given"};
constexpr CapturedFrom kFromExif = {"exif", "the photo's EXIF "
                                    "DateTimeOriginal, the camera's clock"};
constexpr CapturedFrom kFromFileTime = {
    "file_time", "the file's modification time, which a copy may have "
                 "changed: give --captured-at when you know when it was "
                 "recorded"};

// The EXIF capture time of the photo open at `fd` (read with pread: the
// file offset stays at its start), or nullopt.
std::optional<core::PartialDate> ExifTime(int fd) {
  std::vector<uint8_t> head(core::kExifHeadBytes);
  const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
  if (got <= 0) return std::nullopt;
  head.resize(static_cast<size_t>(got));
  std::optional<std::string> text = core::ExifCaptureTime(head);
  if (!text) return std::nullopt;
  Result<core::PartialDate> date = core::PartialDate::Parse(*text);
  if (!date.ok()) return std::nullopt;
  return *std::move(date);
}

// The attachment `attach add` asks for, but for its owner: the file's base
// name, the MIME type given (or empty, to guess), and when it was captured
// (--captured-at, else a photo's EXIF DateTimeOriginal, else the file's
// modification time), and which of these it is in `from`.
Result<core::NewAttachment> ReadRequest(const CommandLine& line,
                                        const std::string& path, int fd,
                                        const struct stat& info,
                                        CapturedFrom& from) {
  core::NewAttachment request;
  request.original_name = path;
  FV_ASSIGN_OR_RETURN(request.mime_type, StringOption(line, "mime"));
  if (line.Has("captured-at")) {
    FV_ASSIGN_OR_RETURN(std::string captured, StringOption(line, "captured-at"));
    FV_ASSIGN_OR_RETURN(request.captured_at, core::PartialDate::Parse(captured));
    from = kFromOption;
  } else if (auto exif = ExifTime(fd)) {
    request.captured_at = *std::move(exif);
    from = kFromExif;
  } else {
    FV_ASSIGN_OR_RETURN(request.captured_at,
                        core::PartialDate::Parse(core::FormatUtc(
                            static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000)));
    from = kFromFileTime;
  }
  return request;
}

// Streams the file into the vault in one transaction with its custody
// event.
Result<core::Attachment> Store(VaultSession& session,
                               const core::NewAttachment& request, int fd) {
  core::Vault& vault = session.vault();
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  crypto::FdSource source(fd);
  FV_ASSIGN_OR_RETURN(
      core::Attachment attachment,
      core::AddAttachment(write.db(), request, source, vault.random(),
                          vault.clock().NowMicros(), vault.vault_id()));
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"created", std::string(core::kAttachmentType), attachment.id, "",
       "attached to " + request.owner_type + " " + request.owner_id + ", " +
           std::to_string(attachment.size) + " bytes"}));
  FV_RETURN_IF_ERROR(write.Commit());
  return attachment;
}

Status Add(std::span<char*> args) {
  CommandLine line({"attach add", "Store a file inside the vault, attached "
                    "to a record.",
                    "fieldvault attach add photo_0001.jpg --incident 2f1c8a4e",
                    true, true});
  AddOwnerOptions(line, "attach to");
  line.options().add_options()(
      "mime", "MIME type (default: guessed from the content)",
      cxxopts::value<std::string>())(
      "captured-at", "when it was recorded (default: a photo's EXIF "
      "DateTimeOriginal, else the file's modification time)",
      cxxopts::value<std::string>());
  line.AddPositional({{"file", "the file to attach"}}, "FILE");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("file")) return line.UsageError("name the file to attach");
  FV_ASSIGN_OR_RETURN(std::string path, line.Get<std::string>("file"));
  Fd file;
  struct stat info;
  FV_RETURN_IF_ERROR(OpenInput(path, file, info));
  CapturedFrom from = kFromFileTime;
  FV_ASSIGN_OR_RETURN(core::NewAttachment request,
                      ReadRequest(line, path, file.fd, info, from));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(auto owner, ReadOwner(line, *session, true));
  request.owner_type = owner.first;
  request.owner_id = owner.second;
  FV_ASSIGN_OR_RETURN(core::Attachment attachment,
                      Store(*session, request, file.fd));
  if (line.global().json) {
    nlohmann::json json = ToJson(attachment);
    json["captured_at_source"] = from.source;
    PrintJson(json);
  } else {
    std::printf("Attached %s (%s, %s) to %s %s\nBLAKE2b-512 %s\n"
                "Captured %s (%s)\n",
                attachment.id.c_str(), HumanSize(attachment.size).c_str(),
                attachment.mime_type.c_str(), owner.first.c_str(),
                owner.second.c_str(), attachment.blake2b_512.c_str(),
                attachment.captured_at.text().c_str(), from.words);
  }
  return Status::Ok();
}

Status List(std::span<char*> args) {
  CommandLine line({"attach list", "List attachments, of one record or all.",
                    "fieldvault attach list --incident 2f1c8a4e", true, true});
  AddOwnerOptions(line, "only those of");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(auto owner, ReadOwner(line, *session, false));
  FV_ASSIGN_OR_RETURN(std::vector<core::Attachment> attachments,
                      core::ListAttachments(session->vault().db(), owner.first,
                                            owner.second));
  if (line.global().json) {
    nlohmann::json list = nlohmann::json::array();
    for (const core::Attachment& a : attachments) list.push_back(ToJson(a));
    PrintJson(list);
    return Status::Ok();
  }
  if (attachments.empty()) {
    std::fprintf(stderr, "No attachments.\n");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const core::Attachment& a : attachments) {
    rows.push_back({a.id.substr(0, 8), a.owner_type + " " + a.owner_id.substr(0, 8),
                    a.original_name.value_or("(redacted)"), a.mime_type,
                    HumanSize(a.size), a.captured_at.text()});
  }
  PrintTable({"ID", "BELONGS TO", "NAME", "TYPE", "SIZE", "CAPTURED"}, rows);
  return Status::Ok();
}

// Opens `output` for an extraction: a new file (never an existing one: it
// may be another piece of evidence), or standard output for "-".
Status OpenOutput(const std::string& output, Fd& file) {
  if (output == "-") {
    file.fd = ::dup(STDOUT_FILENO);
  } else {
    file.fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     0600);
  }
  if (file.fd < 0) {
    return Status::IoError("cannot create " + output + ": " +
                           std::strerror(errno))
        .WithHint("choose a file name that does not exist yet");
  }
  return Status::Ok();
}

// Writes attachment `id` to `output`, checking its hash, and logs the
// extraction. Returns its record. A file whose content failed the check is
// removed: what was written cannot be trusted.
Result<core::Attachment> WriteOut(core::Vault& vault, const std::string& id,
                                  const std::string& output) {
  const bool to_stdout = output == "-";
  Fd file;
  FV_RETURN_IF_ERROR(OpenOutput(output, file));
  crypto::FdSink sink(file.fd);
  auto extracted = core::ExtractAttachment(vault.db(), id, sink);
  if (!extracted.ok()) {
    if (!to_stdout) ::unlink(output.c_str());
    return extracted.status();
  }
  if (!to_stdout && ::fsync(file.fd) != 0) {
    return Status::IoError("cannot write " + output + ": " +
                           std::strerror(errno));
  }
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"extracted", std::string(core::kAttachmentType), id, "",
       to_stdout ? "to standard output, hash checked"
                 : "to a file, hash checked"}));
  FV_RETURN_IF_ERROR(write.Commit());
  return extracted;
}

Status Extract(std::span<char*> args) {
  CommandLine line({"attach extract", "Write an attachment out of the vault, "
                    "checking its BLAKE2b-512 hash.",
                    "fieldvault attach extract 7d3e01aa --output photo.jpg",
                    false, true});
  line.AddPositional(
      {{"id", "the attachment (at least 4 characters of its id)"}}, "ID");
  line.options().add_options()(
      "o,output", "file to create, or - for standard output",
      cxxopts::value<std::string>())(
      "force", "with --output -, write even when standard output is a terminal");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("id") || !line.Has("output")) {
    return line.UsageError("give the attachment id and --output FILE (or -)");
  }
  FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("id"));
  FV_ASSIGN_OR_RETURN(std::string output, line.Get<std::string>("output"));
  // An attachment received from another vault is untrusted bytes: on a
  // terminal, escape sequences in it could write the clipboard or fake a
  // prompt. Refused before the passphrase is asked, as age does.
  if (output == "-" && ::isatty(STDOUT_FILENO) && !line.Has("force")) {
    return Status::InvalidArgument(
               "refusing to write an attachment's raw bytes to the terminal")
        .WithHint("redirect it to a file or a viewer (`--output - > FILE`, "
                  "`--output - | VIEWER`), or give --output FILE; --force "
                  "writes it to the terminal anyway");
  }
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::Vault& vault = session->vault();
  FV_ASSIGN_OR_RETURN(std::string id,
                      core::ResolveAttachmentId(vault.db(), prefix));
  FV_ASSIGN_OR_RETURN(core::Attachment extracted,
                      WriteOut(vault, id, output));
  if (output != "-") {
    std::fprintf(stderr, "Extracted %s (%s), BLAKE2b-512 checked\n",
                 output.c_str(), HumanSize(extracted.size).c_str());
  }
  return Status::Ok();
}

Status RedactName(std::span<char*> args) {
  CommandLine line({"attach redact-name", "Forget an attachment's original "
                    "file name (e.g. when it names a witness). The content, "
                    "its hash and its other details stay.",
                    "fieldvault attach redact-name 7d3e01aa", true, true});
  line.AddPositional(
      {{"id", "the attachment (at least 4 characters of its id)"}}, "ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, line.Positional("id", "ID"));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::Vault& vault = session->vault();
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  FV_ASSIGN_OR_RETURN(std::string id,
                      core::ResolveAttachmentId(write.db(), prefix));
  FV_ASSIGN_OR_RETURN(core::Attachment before,
                      core::GetAttachment(write.db(), id));
  if (!before.original_name) {
    return Status::FailedPrecondition("the name of attachment " +
                                      id.substr(0, 8) +
                                      " is already redacted");
  }
  FV_RETURN_IF_ERROR(
      core::RedactAttachmentName(write.db(), id, vault.clock().NowMicros()));
  // The custody log never holds the name itself.
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"redacted", std::string(core::kAttachmentType), id, "",
       "original file name removed"}));
  FV_RETURN_IF_ERROR(write.Commit());
  FV_ASSIGN_OR_RETURN(core::Attachment after,
                      core::GetAttachment(vault.db(), id));
  if (line.global().json) {
    PrintJson(ToJson(after));
  } else {
    std::printf("Redacted the name of attachment %s (version %lld)\n",
                id.substr(0, 8).c_str(), static_cast<long long>(after.version));
  }
  return Status::Ok();
}

constexpr Subcommand kSubcommands[] = {{"add", Add},
                                       {"list", List},
                                       {"extract", Extract},
                                       {"redact-name", RedactName}};

}  // namespace

int RunAttach(std::span<char*> args) {
  return RunSubcommand(
      args, "attach", kSubcommands,
      "usage: fieldvault attach add FILE --incident ID\n"
      "       fieldvault attach list [--incident ID] [--json]\n"
      "       fieldvault attach extract ID --output FILE|-\n"
      "       fieldvault attach redact-name ID\n"
      "Run `fieldvault attach <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
