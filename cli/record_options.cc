#include "cli/record_options.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/command.h"
#include "cli/output.h"
#include "core/records/validation.h"

namespace fieldvault::cli {

int RunSubcommand(std::span<char*> args, std::string_view group,
                  std::span<const Subcommand> subcommands,
                  std::string_view usage) {
  std::string_view sub = args.size() > 1 ? args[1] : "";
  if (sub.empty() || sub == "--help" || sub == "-h") {
    // Asked for help: stdout, success. Forgot the subcommand: stderr, error.
    std::fprintf(sub.empty() ? stderr : stdout, "%.*s",
                 static_cast<int>(usage.size()), usage.data());
    return sub.empty() ? kExitError : kExitOk;
  }
  for (const Subcommand& subcommand : subcommands) {
    if (subcommand.name == sub) {
      Status status = subcommand.run(args.subspan(1));
      return status.ok() ? kExitOk : ReportError(status);
    }
  }
  std::string names;
  for (const Subcommand& subcommand : subcommands) {
    names += (names.empty() ? "" : ", ") + std::string(subcommand.name);
  }
  return ReportError(Status::InvalidArgument(
                         "unknown command '" + std::string(group) + " " +
                         std::string(sub) + "'")
                         .WithHint("`" + std::string(group) + "` takes " +
                                   names));
}

Result<std::string> ReadTextOption(const CommandLine& line,
                                   const std::string& name,
                                   std::string fallback) {
  if (!line.Has(name)) return fallback;
  FV_ASSIGN_OR_RETURN(std::string path, line.Get<std::string>(name));
  const bool from_stdin = path == "-";
  int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotOpen("--" + std::string(name), path, errno);
  std::string text;
  char buffer[65536];
  Status status;
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Status::IoError("cannot read " + path + ": " +
                               std::strerror(errno));
      break;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    if (text.size() > core::kMaxLongText) {
      status = Status::InvalidArgument("--" + name + ": the text is longer "
                                       "than 8 MiB");
      break;
    }
  }
  if (!from_stdin) ::close(fd);
  FV_RETURN_IF_ERROR(status);
  if (!core::IsValidUtf8(text)) {
    return Status::InvalidArgument("--" + name + ": " +
                                   (from_stdin ? std::string("standard input")
                                               : path) +
                                   " is not UTF-8 text")
        .WithHint("save the text as UTF-8");
  }
  return text;
}

Result<std::string> StringOption(const CommandLine& line,
                                 const std::string& name,
                                 std::string fallback) {
  if (!line.Has(name)) return fallback;
  return line.Get<std::string>(name);
}

Result<core::PartialDate> DateOption(const CommandLine& line,
                                     const std::string& name,
                                     core::PartialDate fallback) {
  if (!line.Has(name)) return fallback;
  FV_ASSIGN_OR_RETURN(std::string text, line.Get<std::string>(name));
  Result<core::PartialDate> date = core::PartialDate::Parse(text);
  if (!date.ok()) return date.status().WithContext("--" + name);
  return date;
}

std::vector<std::string> RepeatedOption(const CommandLine& line,
                                        const std::string& name,
                                        std::vector<std::string> fallback) {
  if (!line.Has(name)) return fallback;
  std::vector<std::string> values;
  for (const auto& argument : line.parsed().arguments()) {
    if (argument.key() == name) values.push_back(argument.value());
  }
  return values;
}

std::vector<std::string> ListOption(const CommandLine& line,
                                    const std::string& name,
                                    std::vector<std::string> fallback) {
  if (!line.Has(name)) return fallback;
  std::vector<std::string> items;
  for (const std::string& value : RepeatedOption(line, name)) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      std::string item = value.substr(start, end - start);
      size_t first = item.find_first_not_of(' ');
      size_t last = item.find_last_not_of(' ');
      if (first != std::string::npos) {
        items.push_back(item.substr(first, last - first + 1));
      }
      start = end + 1;
    }
  }
  return items;
}

Result<std::string> ResolveRecord(VaultSession& session, std::string_view type,
                                  std::string_view prefix) {
  return session.Reader().ResolveId(type, prefix);
}

Result<std::string> RequiredId(const CommandLine& line) {
  if (!line.Has("id")) return line.UsageError("give the record's id");
  return line.Get<std::string>("id");
}

Result<RecordTarget> OpenRecord(const CommandLine& line,
                                std::string_view type) {
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  RecordTarget target;
  FV_ASSIGN_OR_RETURN(target.session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(target.id, ResolveRecord(*target.session, type, prefix));
  return target;
}

Result<RecordTarget> OpenRecordToEdit(const CommandLine& line,
                                      std::string_view type) {
  if (!line.GivenOwnOption()) {
    return line.UsageError("nothing was changed: give at least one option "
                           "saying what to change");
  }
  return OpenRecord(line, type);
}

void AddIdOption(CommandLine& line, const std::string& help, bool history) {
  line.AddPositional({{"id", help}}, "ID");
  if (history) {
    line.options().add_options()("history", "list every version, oldest first");
  }
}

void AddListFilterOptions(CommandLine& line, const ListFilters& filters) {
  auto options = line.options().add_options();
  if (filters.incident != nullptr) {
    options("incident", filters.incident, cxxopts::value<std::string>());
  }
  if (filters.person != nullptr) {
    options("person", filters.person, cxxopts::value<std::string>());
  }
  if (filters.deleted != nullptr) options("deleted", filters.deleted);
}

Result<core::ListFilter> ReadListFilter(const CommandLine& line,
                                        core::RecordStore& store) {
  core::ListFilter filter;
  filter.include_deleted = line.Has("deleted");
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(filter.incident_id,
                        store.ResolveId(core::kIncidentType, prefix));
  }
  if (line.Has("person")) {
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("person"));
    FV_ASSIGN_OR_RETURN(filter.person_id,
                        store.ResolveId(core::kPersonType, prefix));
  }
  return filter;
}

Status WriteRecords(VaultSession& session,
                    const std::function<Status(core::RecordStore&)>& change) {
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, session.vault().BeginWrite());
  core::RecordStore store = session.Writer(write, true);
  FV_RETURN_IF_ERROR(change(store));
  return write.Commit();
}

Status DeleteRecordCommand(std::span<char*> args, const CommandSpec& spec,
                           std::string_view type, std::string_view noun,
                           const DeleteSteps& steps) {
  CommandLine line(spec);
  AddIdOption(line, "the " + std::string(noun));
  if (steps.add_options) steps.add_options(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto target, OpenRecord(line, type));
  size_t dependents = 0;
  FV_RETURN_IF_ERROR(
      WriteRecords(*target.session, [&](core::RecordStore& store) {
        if (steps.before) {
          FV_ASSIGN_OR_RETURN(dependents, steps.before(store, line, target.id));
        }
        return store.Delete(type, target.id).status();
      }));
  std::printf("Deleted %.*s %s", static_cast<int>(noun.size()), noun.data(),
              ShortId(target.id).c_str());
  if (dependents > 0) {
    std::printf(" and %zu of its records (kept as tombstones)\n", dependents);
  } else {
    std::printf(" (kept as a tombstone)\n");
  }
  return Status::Ok();
}

Status DeleteRecordCommand(std::span<char*> args, const CommandSpec& spec,
                           std::string_view type, std::string_view noun,
                           const DeleteCheck& check) {
  DeleteSteps steps;
  steps.before = [&](core::RecordStore& store, const CommandLine&,
                     const std::string& id) -> Result<size_t> {
    FV_RETURN_IF_ERROR(check(store, id));
    return size_t{0};
  };
  return DeleteRecordCommand(args, spec, type, noun, steps);
}

std::string ShortId(std::string_view id) {
  return std::string(id.substr(0, 8));
}

void PrintFields(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    if (!value.empty()) width = std::max(width, label.size());
  }
  for (const auto& [label, value] : fields) {
    if (value.empty()) continue;
    // A value of several lines (a source's links) continues under its
    // first line, not under the labels.
    std::string shown;
    for (size_t i = 0; i < value.size(); ++i) {
      shown += value[i];
      if (value[i] == '\n' && i + 1 < value.size()) {
        shown.append(width + 3, ' ');
      }
    }
    if (shown.back() == '\n') shown.pop_back();
    std::printf("%-*s  %s\n", static_cast<int>(width + 1),
                (label + ":").c_str(), shown.c_str());
  }
}

void PrintWritten(const CommandLine& line, std::string_view what,
                  const core::RecordMeta& meta, const nlohmann::json& json) {
  if (line.global().json) {
    PrintJson(json);
  } else {
    std::printf("%s\n", meta.id.c_str());
  }
  std::fprintf(stderr, "%.*s %s (version %lld)\n",
               static_cast<int>(what.size()), what.data(),
               ShortId(meta.id).c_str(),
               static_cast<long long>(meta.version));
}

}  // namespace fieldvault::cli
