#include "cli/command_line.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

namespace fieldvault::cli {
namespace {

// Value names by long option name, where the capitalised name would not
// say what to type.
constexpr std::pair<std::string_view, std::string_view> kValueNames[] = {
    {"incident", "ID"}, {"person", "ID"}, {"source", "ID"}, {"witness", "ID"},
    {"detention", "ID"}, {"into", "ID"}, {"merged-into", "ID"}, {"related", "IDS"},
    {"title", "TEXT"}, {"note", "TEXT"}, {"source-note", "TEXT"}, {"sentence", "TEXT"},
    {"court", "TEXT"}, {"authority", "TEXT"}, {"affiliation", "TEXT"},
    {"interviewer", "TEXT"}, {"case-number", "TEXT"}, {"transliteration", "SCHEME"},
    {"pseudonym", "NAME"}, {"remove-name", "NAME"}, {"article", "ARTICLE"},
    {"code", "LAW"}, {"charge", "ARTICLE:LAW"}, {"place", "PLACE"},
    {"place-of-arrest", "PLACE"}, {"place-of-detention", "PLACE"},
    {"admin-area", "PLACE"}, {"country", "CODE"}, {"latitude", "DEGREES"},
    {"longitude", "DEGREES"}, {"violation", "TYPES"}, {"consent", "PURPOSES"},
    {"refuse", "PURPOSES"}, {"grant", "PURPOSES"}, {"withdraw", "PURPOSES"},
    {"size", "N"}, {"days", "N"}, {"limit", "N"}, {"language", "LANG"},
    {"name-language", "LANG"}, {"mime", "TYPE"}, {"output", "FILE"},
    {"map", "HEADER=COLUMN"}, {"link", "URL"}, {"keep", "SIDE"}, {"delimiter", "CHAR"},
    {"by", "GROUPING"}, {"confidentiality", "LEVEL"}, {"min-grade", "GRADE"},
    {"reliability", "GRADE"}, {"lawyer-access", "ANSWER"}, {"birth", "DATE"},
    {"start", "DATE"}, {"end", "DATE"}, {"date", "DATE"},
};

}  // namespace

std::string ValueNameFor(std::string_view opts) {
  const size_t comma = opts.find(',');
  const std::string_view name = comma == std::string_view::npos ? opts : opts.substr(comma + 1);
  for (const auto& [option, value] : kValueNames) {
    if (option == name) return std::string(value);
  }
  if (name.ends_with("-file")) return "FILE";
  if (name.ends_with("-date") || name.ends_with("-at")) return "DATE";
  std::string upper;
  for (char c : name) upper += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return upper;
}

OptionAdder& OptionAdder::operator()(const std::string& opts, const std::string& desc,
                                     const std::shared_ptr<const cxxopts::Value>& value,
                                     std::string arg_help) {
  if (arg_help.empty() && !value->is_boolean()) arg_help = ValueNameFor(opts);
  adder_(opts, desc, value, std::move(arg_help));
  return *this;
}

CommandLine::CommandLine(const CommandSpec& spec)
    : spec_(spec),
      options_("fieldvault " + std::string(spec.name),
               std::string(spec.summary)) {
  options_.add_options()("h,help", "show this help");
  if (spec.vault) AddGlobalOptions(options_, spec.json, spec.passphrase);
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
    positional_.push_back(name);
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

bool CommandLine::GivenOwnOption() const {
  for (const cxxopts::KeyValue& given : parsed_.arguments()) {
    const std::string& key = given.key();
    if (key == "help" || key == "vault" || key == "passphrase-file" ||
        key == "json") {
      continue;
    }
    if (std::find(positional_.begin(), positional_.end(), key) ==
        positional_.end()) {
      return true;
    }
  }
  return false;
}

Result<bool> CommandLine::Parse(std::span<char*> args) {
  try {
    parsed_ = options_.parse(static_cast<int>(args.size()), args.data());
  } catch (const cxxopts::exceptions::no_such_option& e) {
    // An option of another command: say which command it belongs to.
    for (const Moved& moved : moved_) {
      const std::string flag = "--" + moved.name;
      for (const char* arg : args.subspan(args.empty() ? 0 : 1)) {
        const std::string_view given = arg == nullptr ? "" : arg;
        if (given == flag || given.starts_with(flag + "=")) {
          return Status::InvalidArgument(moved.message).WithHint(moved.hint);
        }
      }
    }
    // A word that only looks like an option (a name or case number
    // starting with '-', for a command that takes words).
    for (const char* arg : args.subspan(args.empty() ? 0 : 1)) {
      const std::string_view given = arg == nullptr ? "" : arg;
      if (!positional_.empty() && given.size() > 1 && given[0] == '-' &&
          given[1] != '-') {
        return Status::InvalidArgument(e.what()).WithHint(
            "a word that starts with '-' goes after '--', e.g. `fieldvault " +
            std::string(spec_.name) + " -- " + std::string(given) +
            "`; `fieldvault " + std::string(spec_.name) + " --help` shows the options");
      }
    }
    return UsageError(e.what());
  } catch (const std::exception& e) {
    return UsageError(e.what());
  }
  if (parsed_.count("help")) {
    std::printf("%s\nExample:\n  %.*s\n", options_.help().c_str(),
                static_cast<int>(spec_.examples.size()),
                spec_.examples.data());
    if (!spec_.details.empty()) {
      std::printf("\n%.*s\n", static_cast<int>(spec_.details.size()),
                  spec_.details.data());
    }
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
