// Builds and parses one subcommand's command line with cxxopts: the
// command's own options, the global options, --help with an example.
// cxxopts exceptions are caught here and become usage errors.
//
//   CommandLine line({"init", "create a new vault", "fieldvault init ..."});
//   line.options().add_options()("kdf-passes", "...", cxxopts::value<...>());
//   FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));  // false: --help
#ifndef FIELDVAULT_CLI_COMMAND_LINE_H_
#define FIELDVAULT_CLI_COMMAND_LINE_H_

#include <cstdint>
#include <cxxopts.hpp>
#include <exception>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/global_options.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// The name --help shows for the value of option `opts` ("s,long-name" or
// "long-name") when the command gives none: DATE for dates, FILE for
// files, ID for records, N for counts, a word for the rest (TEXT, PLACE,
// PURPOSES...); else the long name in capitals ("--sex SEX").
std::string ValueNameFor(std::string_view opts);

// Adds a command's options, called as cxxopts::OptionAdder is (hence its
// lowercase operator form). An option that takes a value and comes without
// a value name gets ValueNameFor()'s, so that --help never shows cxxopts'
// bare "arg": "--start DATE", "--incident ID".
class OptionAdder {
 public:
  explicit OptionAdder(cxxopts::OptionAdder adder) : adder_(std::move(adder)) {}
  OptionAdder& operator()(const std::string& opts, const std::string& desc,
                          const std::shared_ptr<const cxxopts::Value>& value =
                              cxxopts::value<bool>(),
                          std::string arg_help = "");

 private:
  cxxopts::OptionAdder adder_;
};

// The part of cxxopts::Options a command uses, under cxxopts' own names
// (add_options, parse_positional, positional_help), so that every
// command's options go through OptionAdder.
class CommandOptions {
 public:
  // `positional` collects the names parse_positional declares.
  CommandOptions(cxxopts::Options& options, std::vector<std::string>& positional)
      : options_(options), positional_(positional) {}
  OptionAdder add_options(std::string group = "") {
    return OptionAdder(options_.add_options(std::move(group)));
  }
  void parse_positional(std::vector<std::string> names) {
    positional_.insert(positional_.end(), names.begin(), names.end());
    options_.parse_positional(std::move(names));
  }
  void positional_help(std::string text) { options_.positional_help(std::move(text)); }

 private:
  cxxopts::Options& options_;
  std::vector<std::string>& positional_;
};

struct CommandSpec {
  std::string_view name;      // "init"
  std::string_view summary;   // one line, shown under the usage line
  std::string_view examples;  // one or more example lines for --help
  bool json = false;          // offers --json
  bool vault = true;          // offers --vault and --passphrase-file
  std::string_view details = {};  // more --help text, after the example
  bool passphrase = true;     // with `vault`: offers --passphrase-file
};

class CommandLine {
 public:
  explicit CommandLine(const CommandSpec& spec);
  // Not copied: options() refers to this object's own cxxopts::Options.
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  // Add the command's own options here before Parse().
  CommandOptions& options() { return command_options_; }

  // Declares the string options taken by position, in order (name, help),
  // shown as `shown` in the usage line ("LABEL PUBKEY|FILE").
  void AddPositional(
      std::initializer_list<std::pair<std::string, std::string>> options,
      const std::string& shown);

  // Parses `args` (args[0] is the command name). Returns true to go on;
  // false when --help was printed to stdout (exit 0). kInvalidArgument for
  // an unknown option, a bad value or a stray argument, with a hint.
  Result<bool> Parse(std::span<char*> args);

  const cxxopts::ParseResult& parsed() const { return parsed_; }
  const GlobalOptions& global() const { return global_; }
  bool Has(const std::string& name) const { return parsed_.count(name) > 0; }

  // The value of option `name` (declared with a default or checked with
  // Has()). kInvalidArgument instead of cxxopts' exception.
  template <typename T>
  Result<T> Get(const std::string& name) const {
    try {
      return parsed_[name].as<T>();
    } catch (const std::exception& e) {
      return UsageError(std::string("option --") + name + ": " + e.what());
    }
  }

  // Positional option `name` (see AddPositional); kInvalidArgument
  // "missing <shown>" when it was not given.
  Result<std::string> Positional(const std::string& name,
                                 const std::string& shown) const;

  // Option `name` (declared as cxxopts::value<std::string>(), with a
  // default or checked with Has()) read as a decimal number in [min, max].
  // Declare numbers as strings: cxxopts' own integer parsing trips a false
  // -Wrestrict in g++ 12. kInvalidArgument for anything else.
  Result<uint64_t> GetUnsigned(const std::string& name, uint64_t min,
                               uint64_t max) const;

  // A kInvalidArgument status with the hint to run --help.
  Status UsageError(const std::string& message) const;

  // Declares that option --`name` belongs to another command: given here,
  // Parse refuses it with `message` and `hint` (which names that command)
  // instead of "Option 'name' does not exist".
  void MovedOption(std::string name, std::string message, std::string hint) {
    moved_.push_back({std::move(name), std::move(message), std::move(hint)});
  }

  // Whether any option of the command's own was given: not --help, the
  // global options (--vault, --passphrase-file, --json) or the options
  // taken by position (AddPositional).
  bool GivenOwnOption() const;

 private:
  struct Moved {
    std::string name, message, hint;
  };

  CommandSpec spec_;
  cxxopts::Options options_;
  std::vector<std::string> positional_;  // names of positional options
  CommandOptions command_options_{options_, positional_};
  cxxopts::ParseResult parsed_;
  GlobalOptions global_;
  std::vector<Moved> moved_;
};

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_COMMAND_LINE_H_
