// Runs the real fieldvault binary for CLI tests: argv in; stdout, stderr
// and exit code out. Standard input is fed from a string.
#ifndef FIELDVAULT_TESTS_CLI_CLI_RUNNER_H_
#define FIELDVAULT_TESTS_CLI_CLI_RUNNER_H_

#include <map>
#include <string>
#include <vector>

namespace fieldvault::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs FIELDVAULT_BINARY with `args` (not including the program name),
// `stdin_text` as its standard input, and `env` added to a minimal
// environment (PATH, HOME set to a temporary directory are included; a
// variable in `env` replaces the one passed on, e.g. ASAN_OPTIONS).
CliResult RunFieldvault(const std::vector<std::string>& args,
                        const std::string& stdin_text = "",
                        const std::map<std::string, std::string>& env = {});

// Runs any program the same way (for interop tests with age, minisign...).
CliResult RunProgram(const std::string& program,
                     const std::vector<std::string>& args,
                     const std::string& stdin_text = "",
                     const std::map<std::string, std::string>& env = {});

// A fresh temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Join(const std::string& name) const;

 private:
  std::string path_;
};

// Writes `contents` to `path`, replacing it.
void WriteFile(const std::string& path, const std::string& contents);
// The whole file, or an empty string if it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace fieldvault::testing

#endif  // FIELDVAULT_TESTS_CLI_CLI_RUNNER_H_
