#include "cli/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/output.h"
#include "crypto/byte_stream.h"

namespace fieldvault::cli {
namespace {

constexpr size_t kMaxKeyFileBytes = 64 * 1024;

Result<std::string> ReadPublicFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError("cannot read '" + path + "'")
        .WithHint("give the key itself, or the path of a key file");
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxKeyFileBytes) {
    return Status::InvalidArgument("'" + path + "' is too large for a key file");
  }
  return text;
}

}  // namespace

Result<crypto::AgeRecipient> RecipientFromArgument(const std::string& argument) {
  std::string text = argument;
  if (!argument.starts_with("age1")) {
    FV_ASSIGN_OR_RETURN(std::string contents, ReadPublicFile(argument));
    std::istringstream lines(contents);
    text.clear();
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      text = line;
      break;
    }
  }
  auto recipient = crypto::AgeRecipient::Parse(text);
  if (!recipient.ok()) {
    return Status::InvalidArgument("not an age recipient (age1...)")
        .WithHint("ask the other side for the output of `fieldvault id export`");
  }
  return recipient;
}

Result<crypto::MinisignPublicKey> SignerFromArgument(const std::string& argument) {
  if (argument.starts_with("RW")) {
    auto key = crypto::MinisignPublicKey::ParseBase64(argument);
    if (key.ok()) return key;
  }
  FV_ASSIGN_OR_RETURN(std::string contents, ReadPublicFile(argument));
  auto key = crypto::MinisignPublicKey::ParseFile(contents);
  if (!key.ok()) {
    return Status::InvalidArgument("not a minisign public key: " +
                                   key.status().message())
        .WithHint("give the RW... line or the .pub file from `fieldvault id export`");
  }
  return key;
}

Result<crypto::SecretBytes> ReadSecretFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::IoError("cannot read '" + path + "': " + std::strerror(errno));
  }
  crypto::SecretBytes buffer(kMaxKeyFileBytes + 1);
  crypto::FdSource source(fd);
  Result<size_t> n = crypto::ReadFull(source, buffer.MutableReveal());
  ::close(fd);
  if (!n.ok()) return n.status();
  if (*n > kMaxKeyFileBytes) {
    return Status::InvalidArgument("'" + path + "' is too large for a key file");
  }
  buffer.Truncate(*n);
  return buffer;
}

Status WriteNewFile(const std::string& path, std::span<const uint8_t> bytes,
                    int mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists("'" + path + "' already exists")
          .WithHint("choose another file name; nothing was overwritten");
    }
    return Status::IoError("cannot create '" + path + "': " + std::strerror(errno));
  }
  crypto::FdSink sink(fd);
  Status status = sink.Write(bytes);
  if (status.ok() && ::fsync(fd) != 0) {
    status = Status::IoError("cannot flush '" + path + "'");
  }
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

int DispatchAction(std::string_view group, std::span<const Action> actions,
                   std::span<char*> args) {
  std::string_view wanted = args.size() >= 2 ? args[1] : "";
  for (const Action& action : actions) {
    if (action.name == wanted) {
      Status status = action.run(args.subspan(1));
      return status.ok() ? kExitOk : ReportError(status);
    }
  }
  bool help = wanted == "--help" || wanted == "-h";
  std::FILE* out = help ? stdout : stderr;
  std::fprintf(out, "Usage: fieldvault %.*s <action> [options]\n\nActions:\n",
               static_cast<int>(group.size()), group.data());
  for (const Action& action : actions) {
    std::fprintf(out, "  %-22.*s %.*s\n", static_cast<int>(action.name.size()),
                 action.name.data(), static_cast<int>(action.summary.size()),
                 action.summary.data());
  }
  std::fprintf(out, "\nRun `fieldvault %.*s <action> --help` for its options.\n",
               static_cast<int>(group.size()), group.data());
  if (help) return kExitOk;
  return ReportError(
      Status::InvalidArgument(wanted.empty() ? "no action given"
                                             : "unknown action '" +
                                                   std::string(wanted) + "'"));
}

}  // namespace fieldvault::cli
