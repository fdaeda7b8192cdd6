#include "cli/passphrase.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace fieldvault::cli {
namespace {

// Reads bytes from `fd` into a locked buffer up to the first newline or
// the end. The buffer is one byte larger than allowed to detect overlong
// input without ever holding it in ordinary memory.
Result<crypto::SecretBytes> ReadLine(int fd) {
  crypto::SecretBytes buffer(kMaxPassphraseBytes + 1);
  auto bytes = buffer.MutableReveal();
  size_t length = 0;
  while (length < bytes.size()) {
    ssize_t n = ::read(fd, &bytes[length], 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError(std::string("read: ") + std::strerror(errno));
    if (n == 0 || bytes[length] == '\n') break;
    ++length;
  }
  if (length > kMaxPassphraseBytes) {
    return Status::InvalidArgument("the passphrase is longer than 1024 bytes");
  }
  if (length > 0 && bytes[length - 1] == '\r') --length;
  buffer.Truncate(length);
  return buffer;
}

// The terminal's settings while echo is off, restored on SIGINT/SIGTERM
// so that an interrupted prompt does not leave the terminal silent.
int g_tty_fd = -1;
struct termios g_saved_termios;

extern "C" void RestoreTerminalAndExit(int signal_number) {
  if (g_tty_fd >= 0) tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved_termios);
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

}  // namespace

Result<crypto::SecretBytes> ReadPassphraseFile(const std::string& path) {
  // Standard input often carries a statement (--statement-file -), so "-"
  // is not read as it; a descriptor is named instead (docs/cli.md).
  if (path == "-") {
    return Status::InvalidArgument("--passphrase-file - is not supported: "
                                   "'-' is not read as standard input")
        .WithHint("name a descriptor instead: --passphrase-file /dev/fd/3 with "
                  "the passphrase on descriptor 3 (e.g. 3< FILE, or 3<&0 from a "
                  "pipe), or --passphrase-file /dev/stdin");
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // The passphrase itself given as the file is the likeliest mistake:
    // a name that is no file is not repeated.
    if (errno == ENOENT || errno == ENOTDIR || errno == ENAMETOOLONG) {
      return Status::NotFound("no such passphrase file (the name given is not "
                              "shown, in case it is the passphrase itself)")
          .WithHint("give the path of a file whose first line is the "
                    "passphrase, or leave --passphrase-file out to be asked on "
                    "the terminal");
    }
    return Status::IoError("cannot read passphrase file " + path + ": " +
                           std::strerror(errno));
  }
  Result<crypto::SecretBytes> line = ReadLine(fd);
  ::close(fd);
  // Said apart from a wrong passphrase: an empty file is a mistake in the
  // setup (a file not yet written, a wrong descriptor), not in typing.
  if (line.ok() && line->empty()) {
    return Status::InvalidArgument("the passphrase file " + path +
                                   " is empty (or its first line is)")
        .WithHint("write the passphrase on the first line of the file");
  }
  return line;
}

Result<crypto::SecretBytes> ReadPassphraseFromTerminal(
    std::string_view prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return Status::FailedPrecondition("no terminal to ask the passphrase on")
        .WithHint("use --passphrase-file FILE in scripts");
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  struct termios saved;
  bool echo_off = tcgetattr(fd, &saved) == 0;
  if (echo_off) {
    g_saved_termios = saved;
    g_tty_fd = fd;
    ::signal(SIGINT, RestoreTerminalAndExit);
    ::signal(SIGTERM, RestoreTerminalAndExit);
    struct termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  Result<crypto::SecretBytes> line = ReadLine(fd);
  if (echo_off) {
    tcsetattr(fd, TCSAFLUSH, &saved);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    g_tty_fd = -1;
  }
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  return line;
}

Result<bool> ConfirmOnTerminal(std::string_view prompt,
                               std::string_view expected) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return Status::FailedPrecondition("no terminal to ask for confirmation")
        .WithHint("add --yes to confirm in a script");
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  Result<crypto::SecretBytes> line = ReadLine(fd);
  ::close(fd);
  if (!line.ok()) return line.status();
  auto typed = line->Reveal();
  return std::string_view(reinterpret_cast<const char*>(typed.data()),
                          typed.size()) == expected;
}

Result<crypto::SecretBytes> ReadPassphrase(const GlobalOptions& options,
                                           std::string_view prompt) {
  if (!options.passphrase_file.empty()) {
    return ReadPassphraseFile(options.passphrase_file);
  }
  return ReadPassphraseFromTerminal(prompt);
}

Result<crypto::SecretBytes> ReadNewPassphrase(const std::string& file,
                                              std::string_view prompt) {
  crypto::SecretBytes passphrase;
  if (!file.empty()) {
    FV_ASSIGN_OR_RETURN(passphrase, ReadPassphraseFile(file));
  } else {
    FV_ASSIGN_OR_RETURN(passphrase, ReadPassphraseFromTerminal(prompt));
    if (!passphrase.empty()) {
      FV_ASSIGN_OR_RETURN(crypto::SecretBytes again,
                          ReadPassphraseFromTerminal("Repeat it: "));
      if (!again.Equals(passphrase)) {
        return Status::InvalidArgument("the two passphrases differ")
            .WithHint("type the same passphrase twice");
      }
    }
  }
  if (passphrase.empty()) {
    return Status::InvalidArgument("the passphrase is empty")
        .WithHint("choose a passphrase of several words");
  }
  return passphrase;
}

}  // namespace fieldvault::cli
