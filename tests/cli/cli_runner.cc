#include "tests/cli/cli_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace fieldvault::testing {
namespace {

// Pumps stdin to the child and both outputs back, without deadlocking.
void Pump(int in_fd, const std::string& input, int out_fd, int err_fd,
          CliResult& result) {
  size_t written = 0;
  if (input.empty()) { ::close(in_fd); in_fd = -1; }
  // Non-blocking, so that a large input cannot block us in write() while
  // the child is blocked writing output we are not reading.
  if (in_fd >= 0) ::fcntl(in_fd, F_SETFL, ::fcntl(in_fd, F_GETFL) | O_NONBLOCK);
  bool out_open = true, err_open = true;
  char buffer[65536];
  while (out_open || err_open) {
    pollfd fds[3] = {{out_open ? out_fd : -1, POLLIN, 0},
                     {err_open ? err_fd : -1, POLLIN, 0},
                     {in_fd, POLLOUT, 0}};
    if (::poll(fds, 3, -1) < 0) continue;
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      bool again = n < 0 && (errno == EAGAIN || errno == EINTR);
      if ((n < 0 && !again) || written == input.size()) {
        ::close(in_fd);
        in_fd = -1;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      (i == 0 ? result.out : result.err).append(buffer, static_cast<size_t>(n));
    }
  }
  if (in_fd >= 0) ::close(in_fd);
}

}  // namespace

CliResult RunProgram(const std::string& program,
                     const std::vector<std::string>& args,
                     const std::string& stdin_text,
                     const std::map<std::string, std::string>& env) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) ||
      ::pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_strings;
  const char* path = std::getenv("PATH");
  env_strings.push_back(std::string("PATH=") + (path ? path : "/usr/bin:/bin"));
  for (const char* keep : {"HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "TMPDIR",
                           "FIELDVAULT_EXTRA_AGE_VECTORS"}) {
    if (env.count(keep) != 0) continue;  // the caller's value replaces it
    if (const char* value = std::getenv(keep)) {
      env_strings.push_back(std::string(keep) + "=" + value);
    }
  }
  for (const auto& [key, value] : env) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::setsid();  // no controlling terminal: prompts must not hang the test
    ::execvpe(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  CliResult result;
  Pump(in_pipe[1], stdin_text, out_pipe[0], err_pipe[0], result);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CliResult RunFieldvault(const std::vector<std::string>& args,
                        const std::string& stdin_text,
                        const std::map<std::string, std::string>& env) {
  return RunProgram(FIELDVAULT_BINARY, args, stdin_text, env);
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "fv-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Join(const std::string& name) const {
  return path_ + "/" + name;
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace fieldvault::testing
