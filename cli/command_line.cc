#include "cli/command_line.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace fieldvault::cli {

CommandLine::CommandLine(const CommandSpec& spec)
    : spec_(spec),
      options_("fieldvault " + std::string(spec.name),
               std::string(spec.summary)) {
  options_.add_options()("h,help", "show this help");
  if (spec.vault) AddGlobalOptions(options_, spec.json);
  else if (spec.json) options_.add_options()("json", "print JSON");
  options_.custom_help("[options]");
}

void CommandLine::AddPositional(
    std::initializer_list<std::pair<std::string, std::string>> options,
    const std::string& shown) {
  std::vector<std::string> names;
  for (const auto& [name, help] : options) {
    options_.add_options()(name, help, cxxopts::value<std::string>());
    names.push_back(name);
  }
  options_.parse_positional(names);
  options_.positional_help(shown);
}

Result<std::string> CommandLine::Positional(const std::string& name,
                                            const std::string& shown) const {
  if (!Has(name)) return UsageError("missing " + shown);
  return Get<std::string>(name);
}

Status CommandLine::UsageError(const std::string& message) const {
  return Status::InvalidArgument(message).WithHint(
      "run `fieldvault " + std::string(spec_.name) + " --help` for usage");
}

Result<uint64_t> CommandLine::GetUnsigned(const std::string& name,
                                          uint64_t min, uint64_t max) const {
  FV_ASSIGN_OR_RETURN(std::string text, Get<std::string>(name));
  uint64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() ||
      end != text.data() + text.size() || value < min || value > max) {
    return UsageError("--" + name + " must be a whole number from " +
                      std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

Result<bool> CommandLine::Parse(std::span<char*> args) {
  try {
    parsed_ = options_.parse(static_cast<int>(args.size()), args.data());
  } catch (const std::exception& e) {
    return UsageError(e.what());
  }
  if (parsed_.count("help")) {
    std::printf("%s\nExample:\n  %.*s\n", options_.help().c_str(),
                static_cast<int>(spec_.examples.size()),
                spec_.examples.data());
    return false;
  }
  if (!parsed_.unmatched().empty()) {
    // Not echoed: a stray argument may be a passphrase typed by mistake,
    // and the error would copy it to the screen and any captured log.
    return Status::InvalidArgument("unexpected argument (not shown)")
        .WithHint("a passphrase is never given on the command line: "
                  "fieldvault asks for it, or reads --passphrase-file; run "
                  "`fieldvault " + std::string(spec_.name) +
                  " --help` for usage");
  }
  if (spec_.vault) global_ = ReadGlobalOptions(parsed_, spec_.json);
  else global_.json = spec_.json && parsed_.count("json") > 0;
  return true;
}

}  // namespace fieldvault::cli
