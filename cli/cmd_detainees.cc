// `fieldvault detainees import FILE.csv --incident ID`: a detainee list
// from a spreadsheet, all or nothing (docs/detainee-csv.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/vault_session.h"
#include "core/clock.h"
#include "core/csv/detainee_columns.h"
#include "core/csv/detainee_import.h"
#include "core/records/partial_date.h"
#include "crypto/encoding.h"
#include "crypto/hashing_source.h"

namespace fieldvault::cli {
namespace {

std::string Lines(const std::vector<int64_t>& lines) {
  std::string text;
  for (int64_t line : lines) {
    text += (text.empty() ? "" : ", ") + std::to_string(line);
  }
  return text;
}

nlohmann::json ReportJson(const core::DetaineeImportReport& report,
                          const std::string& incident_id, bool dry_run) {
  nlohmann::json folded = nlohmann::json::array();
  for (const core::FoldedPerson& fold : report.folded) {
    folded.push_back({{"person_id", fold.person_id},
                      {"match_key", fold.match_key},
                      {"birth_year", fold.birth_year},
                      {"lines", fold.lines}});
  }
  nlohmann::json duplicates = nlohmann::json::array();
  for (const core::PossibleDuplicate& duplicate : report.possible_duplicates) {
    duplicates.push_back(
        {{"match_key", duplicate.match_key}, {"lines", duplicate.lines}});
  }
  return {{"incident_id", incident_id},
          {"dry_run", dry_run},
          {"imported", report.ok() && !dry_run},
          {"lines", report.lines},
          {"persons", report.persons_created},
          {"detentions", report.detentions_created},
          {"folded", folded},
          {"possible_duplicates", duplicates},
          {"problem_count", report.problem_count},
          {"problems", report.problems},
          {"header_hint", report.header_hint}};
}

void PrintReport(const core::DetaineeImportReport& report,
                 const std::string& incident_id, bool dry_run) {
  // An empty file has its own problem; "Read 0 lines." would say nothing.
  if (report.lines > 0) {
    std::printf("Read %lld %s.\n", static_cast<long long>(report.lines),
                report.lines == 1 ? "line" : "lines");
  }
  if (!report.folded.empty()) {
    std::printf("Same person on several lines (same name and birth year), "
                "folded into one:\n");
    for (const core::FoldedPerson& fold : report.folded) {
      std::printf("  lines %s: %s, born %d\n", Lines(fold.lines).c_str(),
                  fold.match_key.c_str(), fold.birth_year);
    }
  }
  if (!report.possible_duplicates.empty()) {
    std::printf("Possibly the same person (same name, birth year unknown or "
                "different), not folded:\n");
    for (const core::PossibleDuplicate& duplicate :
         report.possible_duplicates) {
      std::printf("  lines %s: %s\n", Lines(duplicate.lines).c_str(),
                  duplicate.match_key.c_str());
    }
  }
  if (!report.ok()) return;
  std::printf("%s %lld persons and %lld detentions into incident %s.\n",
              dry_run ? "Dry run: would import" : "Imported",
              static_cast<long long>(report.persons_created),
              static_cast<long long>(report.detentions_created),
              incident_id.c_str());
  if (dry_run) std::printf("Nothing was changed.\n");
}

Status ReportProblems(const core::DetaineeImportReport& report) {
  for (const std::string& problem : report.problems) {
    std::fprintf(stderr, "fieldvault: error: %s\n", problem.c_str());
  }
  const int64_t unlisted =
      report.problem_count - static_cast<int64_t>(report.problems.size());
  if (unlisted > 0) {
    std::fprintf(stderr, "fieldvault: error: ... and %lld more problems\n",
                 static_cast<long long>(unlisted));
  }
  const std::string help =
      "`fieldvault detainees import --help` lists the columns and what each "
      "takes";
  return Status::InvalidArgument("nothing was imported: the file has " +
                                 std::to_string(report.problem_count) +
                                 " problem(s)")
      .WithHint(!report.header_hint.empty() ? report.header_hint + "; " + help
                : !report.file_hint.empty()
                    ? report.file_hint + ", then import again"
                    : "fix the lines named above and import again; " + help);
}

// The file's form and its columns, for --help: a monitor has the binary,
// not docs/detainee-csv.md (which says the same at more length).
constexpr std::string_view kColumnsHelp =
    "The file: CSV with commas or semicolons, UTF-8 (Excel: \"CSV UTF-8\"), one\n"
    "line per detainee. The first line names the columns, in any order (case,\n"
    "spaces and hyphens do not matter). Only name is required; an empty field\n"
    "means not known.\n"
    "Columns:\n"
    "  name                full name as written, any script\n"
    "  name_language       language of the name: kk, ru, en...\n"
    "  sex                 female, male, other or unknown\n"
    "  birth_date          1990, 1990-05, 1990-05-17 or 17.05.1990\n"
    "  affiliation         party, movement or group\n"
    "  detained_at         2020-02-22, 2020-02-22T14:30, 22.02.2020 or\n"
    "                      22.02.2020 14:30\n"
    "  place_of_arrest, place_of_detention, authority, case_number, court,\n"
    "  sentence, notes     text\n"
    "  charge_code         the law, e.g. Code of Administrative Offences\n"
    "  charge_article      its article, e.g. 488 (several charges: CAO|CC and\n"
    "                      488|400)\n"
    "  lawyer_access       yes, delayed, no or unknown\n"
    "  legal_status        a term of `fieldvault vocab legal_status`\n"
    "  status_date         as detained_at (default: detained_at)\n"
    "  detention_days      whole number of days, with administrative_detention,\n"
    "                      pre_trial_custody or house_arrest\n"
    "  source              who reported the line (default: detainee list FILE)\n"
    "Other headers: --map \"header=column\" (header=- ignores a column).";

// What `detainees import` was asked to do, read from its command line.
struct ImportRequest {
  std::string path;
  std::string incident;  // as given: an id or an id prefix
  bool dry_run = false;
  core::DetaineeImportOptions options;
};

void AddImportOptions(CommandLine& line) {
  line.options().add_options()("file", "the CSV file",
                               cxxopts::value<std::string>())(
      "incident", "the incident the detentions belong to",
      cxxopts::value<std::string>())(
      "map", "header=column pairs for other headers, e.g. \"ФИО=name\"",
      cxxopts::value<std::vector<std::string>>())(
      "delimiter", "',' or ';' (default: from the header line)",
      cxxopts::value<std::string>())(
      "dry-run", "check and report only; change nothing");
  line.options().parse_positional({"file"});
  line.options().positional_help("FILE.csv");
}

// --map and --delimiter into `options`.
Status ReadColumnOptions(const CommandLine& line,
                         core::DetaineeImportOptions& options) {
  if (line.Has("map")) {
    FV_ASSIGN_OR_RETURN(auto maps, line.Get<std::vector<std::string>>("map"));
    for (const std::string& map : maps) {
      FV_RETURN_IF_ERROR(core::ParseColumnMap(map, options.column_map));
    }
  }
  if (line.Has("delimiter")) {
    FV_ASSIGN_OR_RETURN(std::string delimiter,
                        line.Get<std::string>("delimiter"));
    if (delimiter != "," && delimiter != ";") {
      return line.UsageError("--delimiter must be ',' or ';'");
    }
    options.csv.delimiter = delimiter[0];
  }
  return Status::Ok();
}

Result<ImportRequest> ReadImportRequest(const CommandLine& line) {
  if (!line.Has("file") || !line.Has("incident")) {
    return line.UsageError("give the CSV file and --incident ID");
  }
  ImportRequest request;
  FV_ASSIGN_OR_RETURN(request.path, line.Get<std::string>("file"));
  FV_ASSIGN_OR_RETURN(request.incident, line.Get<std::string>("incident"));
  request.dry_run = line.Has("dry-run");
  FV_RETURN_IF_ERROR(ReadColumnOptions(line, request.options));
  // Lines without a `source` cite the file by its name (no directory).
  const size_t slash = request.path.find_last_of('/');
  request.options.default_source =
      "detainee list " + (slash == std::string::npos
                              ? request.path
                              : request.path.substr(slash + 1));
  return request;
}

// Imports from `source` in one VaultWrite, committed with an `imported`
// custody event naming the file's hash; a dry run or a file with problems
// rolls back. Sets request.options.incident_id to the resolved id.
Result<core::DetaineeImportReport> ImportInOneWrite(VaultSession& session,
                                                    ImportRequest& request,
                                                    crypto::HashingSource& source) {
  core::DetaineeImportOptions& options = request.options;
  FV_ASSIGN_OR_RETURN(
      options.incident_id,
      session.Reader().ResolveId(core::kIncidentType, request.incident));
  // Today by the vault's clock, as `person add` judges a birth date.
  const std::string now = core::FormatUtc(session.vault().clock().NowMicros());
  FV_ASSIGN_OR_RETURN(options.today, core::PartialDate::Parse(now.substr(0, 10)));
  FV_ASSIGN_OR_RETURN(core::VaultWrite write, session.vault().BeginWrite());
  core::RecordStore store = session.Writer(write, false);
  FV_ASSIGN_OR_RETURN(
      core::DetaineeImportReport result,
      core::ImportDetainees(source, options, store, session.normalizer()));
  // A dry run and a failed import end here: `write` rolls back.
  if (request.dry_run || !result.ok()) return result;
  FV_RETURN_IF_ERROR(write.AppendCustodyEvent(
      {"imported", std::string(core::kIncidentType), options.incident_id, "",
       "detainee list, BLAKE2b-512 " +
           crypto::HexEncode(source.Finish()) + ": " +
           std::to_string(result.persons_created) + " persons, " +
           std::to_string(result.detentions_created) + " detentions"}));
  FV_RETURN_IF_ERROR(write.Commit());
  return result;
}

// Opens the CSV file, then the vault, and imports.
Result<core::DetaineeImportReport> ImportFile(const CommandLine& line,
                                              ImportRequest& request) {
  int fd = ::open(request.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return CannotOpen("the detainee list", request.path, errno);
  crypto::FdSource file(fd);
  // Hashed as the CSV reader reads it, so the custody event names the
  // exact file imported without reading it twice.
  crypto::HashingSource source(file, crypto::HashingSource::Mode::kInline);
  Result<core::DetaineeImportReport> report = [&]()
      -> Result<core::DetaineeImportReport> {
    FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
    return ImportInOneWrite(*session, request, source);
  }();
  ::close(fd);
  return report;
}

Status Import(std::span<char*> args) {
  CommandLine line({"detainees import", "Import a detainee list (CSV) into "
                    "an incident: all lines or none.",
                    "fieldvault detainees import almaty.csv --incident "
                    "2f1c8a4e --dry-run",
                    true, true, kColumnsHelp});
  AddImportOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(ImportRequest request, ReadImportRequest(line));
  FV_ASSIGN_OR_RETURN(core::DetaineeImportReport report,
                      ImportFile(line, request));
  if (line.global().json) {
    PrintJson(ReportJson(report, request.options.incident_id,
                         request.dry_run));
  } else {
    PrintReport(report, request.options.incident_id, request.dry_run);
  }
  return report.ok() ? Status::Ok() : ReportProblems(report);
}

}  // namespace

int RunDetainees(std::span<char*> args) {
  std::string_view sub = args.size() > 1 ? args[1] : "";
  if (sub == "import") {
    Status status = Import(args.subspan(1));
    return status.ok() ? kExitOk : ReportError(status);
  }
  if (sub.empty() || sub == "--help" || sub == "-h") {
    std::printf("usage: fieldvault detainees import FILE.csv --incident ID "
                "[--map header=column,...] [--dry-run]\n");
    return kExitOk;
  }
  return ReportError(Status::InvalidArgument("unknown command 'detainees " +
                                             std::string(sub) + "'")
                         .WithHint("use `fieldvault detainees import`"));
}

}  // namespace fieldvault::cli
