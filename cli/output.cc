#include "cli/output.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/command.h"

namespace fieldvault::cli {
namespace {

size_t DisplayWidth(std::string_view text) {
  // Counts UTF-8 lead bytes: good enough for Latin and Cyrillic names.
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A cell as one line: tabs and line breaks become spaces. Records keep
// their short values on one line (validation.h), but a vault written by an
// older version may still hold one that is not.
std::string OneLine(std::string cell) {
  std::replace_if(
      cell.begin(), cell.end(),
      [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return cell;
}

void PrintRow(const std::vector<std::string>& cells,
              const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) {
      line.append(widths[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
  }
  std::printf("%s\n", line.c_str());
}

}  // namespace

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kAuthFailed:
    case StatusCode::kCorruption:
      return kExitVerifyFailed;
    default:
      return kExitError;
  }
}

int ReportError(const Status& status) {
  std::fprintf(stderr, "fieldvault: error: %s\n", status.message().c_str());
  if (!status.hint().empty()) {
    std::fprintf(stderr, "fieldvault: hint: %s\n", status.hint().c_str());
  }
  return ExitCodeFor(status);
}

Status CannotOpen(std::string_view what, const std::string& path, int error) {
  if (error == ENOENT || error == ENOTDIR || error == ENAMETOOLONG) {
    return Status::IoError("cannot read " + std::string(what) +
                           ": no such file (the name given is not shown)")
        .WithHint("check the path; a passphrase or key is never given on the "
                  "command line");
  }
  return Status::IoError("cannot read " + std::string(what) + " " + path + ": " +
                         std::strerror(error));
}

void PrintWarning(std::string_view message) {
  std::fprintf(stderr, "fieldvault: warning: %.*s\n",
               static_cast<int>(message.size()), message.data());
}

void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size());
  for (const auto& row : rows) widths.resize(std::max(widths.size(), row.size()));
  auto widen = [&widths](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size());
  for (const auto& row : rows) {
    auto& cells = lines.emplace_back();
    for (const std::string& cell : row) cells.push_back(OneLine(cell));
  }
  widen(headers);
  for (const auto& row : lines) widen(row);
  if (!headers.empty()) PrintRow(headers, widths);
  for (const auto& row : lines) PrintRow(row, widths);
}

void PrintJson(const nlohmann::json& value) {
  // Replace invalid UTF-8 rather than throw: output must never abort.
  std::printf("%s\n",
              value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                  .c_str());
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

}  // namespace fieldvault::cli
