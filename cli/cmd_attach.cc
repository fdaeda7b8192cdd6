// `fieldvault attach add|list|extract`: photos, recordings and documents
// stored inside the vault, attached to a record.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/vault_session.h"
#include "core/attachments/attachment_store.h"
#include "core/clock.h"
#include "crypto/byte_stream.h"

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
      return Status::FailedPrecondition("the " + std::string(type) + " " + id +
                                        " was deleted");
    }
    owner = {std::string(type), id};
  }
  if (required && owner.first.empty()) {
    return line.UsageError("say which record the file belongs to, e.g. "
                           "--incident ID");
  }
  return owner;
}

std::string HumanSize(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value,
                units[unit]);
  return text;
}

nlohmann::json ToJson(const core::Attachment& a) {
  return {{"id", a.id},
          {"owner_type", a.owner_type},
          {"owner_id", a.owner_id},
          {"original_name", a.original_name ? nlohmann::json(*a.original_name)
                                            : nlohmann::json(nullptr)},
          {"mime_type", a.mime_type},
          {"size", a.size},
          {"blake2b_512", a.blake2b_512},
          {"captured_at", a.captured_at.text()},
          {"created_at", core::FormatUtc(a.created_at)},
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
    return Status::IoError("cannot read " + path + ": " +
                           std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidArgument(path + " is not a regular file");
  }
  return Status::Ok();
}

Status Add(std::span<char*> args) {
  CommandLine line({"attach add", "Store a file inside the vault, attached "
                    "to a record.",
                    "fieldvault attach add photo_0001.jpg --incident 2f1c8a4e",
                    true, true});
  AddOwnerOptions(line, "attach to");
  line.options().add_options()(
      "file", "the file to attach", cxxopts::value<std::string>())(
      "mime", "MIME type (default: guessed from the content)",
      cxxopts::value<std::string>())(
      "captured-at", "when it was recorded (default: the file's time)",
      cxxopts::value<std::string>());
  line.options().parse_positional({"file"});
  line.options().positional_help("FILE");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("file")) return line.UsageError("name the file to attach");
  FV_ASSIGN_OR_RETURN(std::string path, line.Get<std::string>("file"));
  Fd file;
  struct stat info;
  FV_RETURN_IF_ERROR(OpenInput(path, file, info));
  core::NewAttachment request;
  request.original_name = path;
  if (line.Has("mime")) {
    FV_ASSIGN_OR_RETURN(request.mime_type, line.Get<std::string>("mime"));
  }
  std::string captured = core::FormatUtc(
      static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000);
  if (line.Has("captured-at")) {
    FV_ASSIGN_OR_RETURN(captured, line.Get<std::string>("captured-at"));
  }
  FV_ASSIGN_OR_RETURN(request.captured_at, core::PartialDate::Parse(captured));

  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(auto owner, ReadOwner(line, *session, true));
  request.owner_type = owner.first;
  request.owner_id = owner.second;
  core::Vault& vault = session->vault();
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, vault.BeginWrite());
  crypto::FdSource source(file.fd);
  FV_ASSIGN_OR_RETURN(
      core::Attachment attachment,
      core::AddAttachment(write.db(), request, source, vault.random(),
                          vault.clock().NowMicros(), vault.vault_id()));
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"created", std::string(core::kAttachmentType), attachment.id, "",
       "attached to " + owner.first + " " + owner.second + ", " +
           std::to_string(attachment.size) + " bytes"}));
  FV_RETURN_IF_ERROR(write.Commit());
  if (line.global().json) {
    PrintJson(ToJson(attachment));
  } else {
    std::printf("Attached %s (%s, %s) to %s %s\nBLAKE2b-512 %s\n",
                attachment.id.c_str(), HumanSize(attachment.size).c_str(),
                attachment.mime_type.c_str(), owner.first.c_str(),
                owner.second.c_str(), attachment.blake2b_512.c_str());
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

Status Extract(std::span<char*> args) {
  CommandLine line({"attach extract", "Write an attachment out of the vault, "
                    "checking its BLAKE2b-512 hash.",
                    "fieldvault attach extract 7d3e01aa --output photo.jpg",
                    false, true});
  line.options().add_options()(
      "id", "the attachment (at least 4 characters of its id)",
      cxxopts::value<std::string>())(
      "o,output", "file to create, or - for standard output",
      cxxopts::value<std::string>());
  line.options().parse_positional({"id"});
  line.options().positional_help("ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("id") || !line.Has("output")) {
    return line.UsageError("give the attachment id and --output FILE (or -)");
  }
  FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("id"));
  FV_ASSIGN_OR_RETURN(std::string output, line.Get<std::string>("output"));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::Vault& vault = session->vault();
  FV_ASSIGN_OR_RETURN(std::string id,
                      core::ResolveAttachmentId(vault.db(), prefix));
  const bool to_stdout = output == "-";
  Fd file;
  if (to_stdout) {
    file.fd = ::dup(STDOUT_FILENO);
  } else {
    // Never overwrite: the target may be another piece of evidence.
    file.fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                     0600);
  }
  if (file.fd < 0) {
    return Status::IoError("cannot create " + output + ": " +
                           std::strerror(errno))
        .WithHint("choose a file name that does not exist yet");
  }
  crypto::FdSink sink(file.fd);
  auto extracted = core::ExtractAttachment(vault.db(), id, sink);
  if (!extracted.ok()) {
    // What was written cannot be trusted: do not leave it behind.
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
  if (!to_stdout) {
    std::fprintf(stderr, "Extracted %s (%s), BLAKE2b-512 checked\n",
                 output.c_str(), HumanSize(extracted->size).c_str());
  }
  return Status::Ok();
}

}  // namespace

int RunAttach(std::span<char*> args) {
  std::string_view sub = args.size() > 1 ? args[1] : "";
  Status status;
  if (sub == "add") {
    status = Add(args.subspan(1));
  } else if (sub == "list") {
    status = List(args.subspan(1));
  } else if (sub == "extract") {
    status = Extract(args.subspan(1));
  } else if (sub.empty() || sub == "--help" || sub == "-h") {
    std::printf(
        "usage: fieldvault attach add FILE --incident ID\n"
        "       fieldvault attach list [--incident ID] [--json]\n"
        "       fieldvault attach extract ID --output FILE|-\n"
        "Run `fieldvault attach <command> --help` for details.\n");
    return kExitOk;
  } else {
    status = Status::InvalidArgument("unknown command 'attach " +
                                     std::string(sub) + "'")
                 .WithHint("use attach add, attach list or attach extract");
  }
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
