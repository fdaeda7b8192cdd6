#include "cli/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
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

// What an error says of a key file argument it cannot open: the path when
// the file exists (so it is a path, say one the user may not read), else
// nothing of it: the text may be a passphrase or a secret key typed where
// a key file was asked, and errors end up in scrollback and screenshots.
Status CannotRead(const std::string& path, int error) {
  if (error == ENOENT || error == ENOTDIR || error == ENAMETOOLONG) {
    return Status::IoError("no such key file (the name given is not shown)")
        .WithHint("give the key itself, or the path of a key file");
  }
  return Status::IoError("cannot read '" + path + "': " + std::strerror(error))
      .WithHint("give the key itself, or the path of a key file");
}

// The same for a secret key (identity) file. Never suggests giving the
// key itself: a secret is never accepted on the command line, and a hint
// that invites it puts HQ's receiving key into the shell's history.
Status CannotReadSecret(const std::string& path, int error) {
  const char* hint =
      "give the path of an age identity file (`fieldvault id "
      "export-age-identity FILE` or age-keygen writes one); check the name "
      "with `ls`";
  if (error == ENOENT || error == ENOTDIR || error == ENAMETOOLONG) {
    return Status::IoError("no such identity file (the name given is not shown)")
        .WithHint(hint);
  }
  return Status::IoError("cannot read '" + path + "': " + std::strerror(error))
      .WithHint(hint);
}

Status RefuseSecretKey(std::string_view wanted) {
  return Status::InvalidArgument("that is a secret key (not shown), not " +
                                 std::string(wanted))
      .WithHint("never give a secret key on the command line; remove it from "
                "the shell's history (e.g. `history -c` in bash). Give the "
                "public key, or the file `fieldvault id export` wrote");
}

Result<std::string> ReadPublicFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CannotRead(path, errno);
  std::string text(kMaxKeyFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxKeyFileBytes) {
    return Status::InvalidArgument("'" + path + "' is too large for a key file");
  }
  return text;
}

}  // namespace

bool LooksLikeSecretKey(std::string_view text) {
  auto contains = [text](std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(),
                       [](char a, char b) {
                         return std::toupper(static_cast<unsigned char>(a)) ==
                                std::toupper(static_cast<unsigned char>(b));
                       }) != text.end();
  };
  // An age identity; a minisign secret key's base64 line, which begins
  // with "Ed", the KDF ("Sc" or none) and "B2"; or a minisign secret key
  // file's text pasted whole. A file merely named "... secret key ..."
  // is a path, and fine.
  return contains("AGE-SECRET-KEY-") || text.starts_with("RWRTY0Iy") ||
         text.starts_with("RWQAAEIy") ||
         (text.starts_with("untrusted comment:") && contains("secret key"));
}

Result<crypto::AgeRecipient> RecipientFromArgument(const std::string& argument) {
  if (LooksLikeSecretKey(argument)) return RefuseSecretKey("an age recipient (age1...)");
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
  if (LooksLikeSecretKey(argument)) return RefuseSecretKey("a minisign public key");
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
  if (LooksLikeSecretKey(path)) {
    return Status::InvalidArgument(
               "that is a secret key (not shown), not the path of a key file")
        .WithHint("never give a secret key on the command line; remove it from "
                  "the shell's history (e.g. `history -c` in bash). Save it in "
                  "a file readable only by you and give that file's path");
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotReadSecret(path, errno);
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
