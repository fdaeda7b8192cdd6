// `fieldvault report`: the figures headquarters publishes — per incident,
// or by place and date — as sentences and tables, JSON or CSV.
#include <algorithm>
#include <cstdio>
#include <map>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/records/report.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {
namespace {

using core::ReportRow;

// How a status reads after a number: "23 in administrative detention".
std::string Phrase(std::string_view status) {
  if (status.empty()) return "with no status recorded";
  if (status == "administrative_detention") return "in administrative detention";
  if (status == "pre_trial_custody") return "in pre-trial custody";
  if (status == "house_arrest") return "under house arrest";
  return std::string(core::TermLabel(core::kVocabLegalStatus, status));
}

// How a status reads for people who ever had it: "23 placed in
// administrative detention", the words of a publication that stay true
// after a release.
std::string EverPhrase(std::string_view status) {
  if (status == "administrative_detention") {
    return "placed in administrative detention";
  }
  if (status == "pre_trial_custody") return "placed in pre-trial custody";
  if (status == "house_arrest") return "placed under house arrest";
  return std::string(core::TermLabel(core::kVocabLegalStatus, status));
}

// "of them, at some time: 25 placed in administrative detention, 19
// released, ..." (largest first), or "" without --ever.
std::string EverLine(const ReportRow& row) {
  std::vector<std::pair<std::string, int64_t>> statuses(
      row.ever_by_status.begin(), row.ever_by_status.end());
  std::stable_sort(statuses.begin(), statuses.end(),
                   [](const auto& a, const auto& b) {
                     return a.second > b.second;
                   });
  std::string text;
  for (size_t i = 0; i < statuses.size(); ++i) {
    text += (i == 0 ? "of them, at some time: " : ", ") +
            std::to_string(statuses[i].second) + " " +
            EverPhrase(statuses[i].first);
  }
  return text;
}

// "(30 of them in 1 group)", "(31 of them in 2 groups, 1 of unknown size
// counted as one person)", or "" when no group is counted.
std::string GroupsNote(const ReportRow& row) {
  if (row.groups == 0) return "";
  std::string text = " (" + std::to_string(row.from_groups) + " of them in " +
                     std::to_string(row.groups) +
                     (row.groups == 1 ? " group" : " groups");
  if (row.groups_of_unknown_size > 0) {
    text += ", " + std::to_string(row.groups_of_unknown_size) +
            " of unknown size counted as one person" +
            (row.groups_of_unknown_size == 1 ? "" : " each");
  }
  return text + ")";
}

// "70 detained in Almaty on 2020-02-22: 23 in administrative detention,
// 18 fined, ..." (largest groups first), then what came from groups; "at
// least 31 detained ..." when a group of unknown size is counted.
std::string Headline(const ReportRow& row) {
  std::string text = row.lower_bound ? "at least " : "";
  text += std::to_string(row.detained) + " detained";
  if (!row.place.empty()) text += " in " + row.place;
  if (!row.date.empty()) text += " on " + row.date;
  std::vector<std::pair<std::string, int64_t>> statuses(row.by_status.begin(),
                                                        row.by_status.end());
  std::stable_sort(statuses.begin(), statuses.end(),
                   [](const auto& a, const auto& b) {
                     return a.second > b.second;
                   });
  for (size_t i = 0; i < statuses.size(); ++i) {
    text += (i == 0 ? ": " : ", ") + std::to_string(statuses[i].second) +
            " " + Phrase(statuses[i].first);
  }
  return text + GroupsNote(row);
}

nlohmann::json RowJson(const ReportRow& row, bool ever) {
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto& [status, count] : row.by_status) {
    by_status[status.empty() ? "none" : status] = count;
  }
  nlohmann::json json = {
      {"incident_id", row.incident_id}, {"title", row.title},
      {"place", row.place}, {"date", row.date},
      {"incidents", row.incidents}, {"detained", row.detained},
      {"from_groups", row.from_groups}, {"groups", row.groups},
      {"groups_of_unknown_size", row.groups_of_unknown_size},
      {"lower_bound", row.lower_bound}, {"by_status", by_status},
      {"released", row.released},
      {"whereabouts_unknown", row.whereabouts_unknown},
      {"witness_accounts", row.witness_accounts},
      {"attachments", row.attachments}, {"headline", Headline(row)}};
  if (ever) {
    json["ever_by_status"] = row.ever_by_status;
    json["ever_headline"] = EverLine(row);
  }
  return json;
}

// One CSV field (RFC 4180). A leading = + - @ is prefixed with ' so that a
// spreadsheet never runs a title as a formula.
std::string CsvField(std::string text) {
  if (!text.empty() && std::string("=+-@").find(text[0]) != std::string::npos) {
    text.insert(0, "'");
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void PrintCsv(const std::vector<ReportRow>& rows, bool ever) {
  std::vector<std::string> header = {"incident_id", "title", "place", "date",
                                     "incidents", "detained"};
  const auto& statuses =
      core::FindVocabulary(core::kVocabLegalStatus)->terms;
  for (const auto& term : statuses) header.emplace_back(term.term);
  for (const char* column :
       {"no_status", "witness_accounts", "attachments", "from_groups",
        "groups", "groups_of_unknown_size", "lower_bound"}) {
    header.emplace_back(column);
  }
  // At the end, so that scripts reading the columns above by position
  // read the same with --ever.
  if (ever) {
    for (const auto& term : statuses) {
      header.push_back("ever_" + std::string(term.term));
    }
  }
  auto print_line = [](const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
      out += (i ? "," : "") + CsvField(fields[i]);
    }
    std::printf("%s\r\n", out.c_str());
  };
  print_line(header);
  for (const ReportRow& row : rows) {
    auto count = [&](const std::string& status) {
      auto it = row.by_status.find(status);
      return std::to_string(it == row.by_status.end() ? 0 : it->second);
    };
    std::vector<std::string> fields = {row.incident_id, row.title, row.place,
                                       row.date, std::to_string(row.incidents),
                                       std::to_string(row.detained)};
    for (const auto& term : statuses) fields.push_back(count(std::string(term.term)));
    fields.push_back(count(""));
    fields.push_back(std::to_string(row.witness_accounts));
    fields.push_back(std::to_string(row.attachments));
    fields.push_back(std::to_string(row.from_groups));
    fields.push_back(std::to_string(row.groups));
    fields.push_back(std::to_string(row.groups_of_unknown_size));
    fields.push_back(row.lower_bound ? "true" : "false");
    if (ever) {
      for (const auto& term : statuses) {
        auto it = row.ever_by_status.find(std::string(term.term));
        fields.push_back(std::to_string(
            it == row.ever_by_status.end() ? 0 : it->second));
      }
    }
    print_line(fields);
  }
}

// The status table of a row: each current status and its people, and
// with --ever how many ever had it (a status nobody has now shows 0).
void PrintStatusTable(const ReportRow& row, bool ever) {
  auto label = [](const std::string& status) {
    return "  " + (status.empty() ? std::string("(no status recorded)")
                                  : std::string(core::TermLabel(
                                        core::kVocabLegalStatus, status)));
  };
  std::vector<std::vector<std::string>> table;
  if (!ever) {
    for (const auto& [status, count] : row.by_status) {
      table.push_back({label(status), std::to_string(count)});
    }
    PrintTable({"  CURRENT STATUS", "PEOPLE"}, table);
    return;
  }
  std::map<std::string, std::pair<int64_t, int64_t>> counts;
  for (const auto& [status, count] : row.by_status) counts[status].first = count;
  for (const auto& [status, count] : row.ever_by_status) {
    counts[status].second = count;
  }
  for (const auto& [status, count] : counts) {
    table.push_back({label(status), std::to_string(count.first),
                     status.empty() ? "" : std::to_string(count.second)});
  }
  PrintTable({"  STATUS", "NOW", "EVER"}, table);
}

void PrintReadable(const std::vector<ReportRow>& rows, bool ever) {
  if (rows.empty()) std::printf("No incidents recorded.\n");
  for (size_t i = 0; i < rows.size(); ++i) {
    const ReportRow& row = rows[i];
    if (i > 0) std::printf("\n");
    if (!row.incident_id.empty()) {
      std::printf("%s (incident %s)\n", row.title.c_str(),
                  ShortId(row.incident_id).c_str());
    } else {
      std::printf("%lld incident%s\n", static_cast<long long>(row.incidents),
                  row.incidents == 1 ? "" : "s");
    }
    std::printf("  %s\n", Headline(row).c_str());
    if (ever && !row.ever_by_status.empty()) {
      std::printf("  %s\n", EverLine(row).c_str());
    }
    std::printf("\n");
    PrintStatusTable(row, ever);
    if (row.lower_bound) {
      std::printf("\n  figures are lower bounds: a group of unknown size "
                  "counts as one person\n");
    }
    std::printf("\n  released %lld, whereabouts unknown %lld, witness accounts "
                "%lld, attachments %lld\n",
                static_cast<long long>(row.released),
                static_cast<long long>(row.whereabouts_unknown),
                static_cast<long long>(row.witness_accounts),
                static_cast<long long>(row.attachments));
  }
}

// The grouping `--by` names (default: per incident).
Result<core::ReportGrouping> Grouping(const CommandLine& line) {
  FV_ASSIGN_OR_RETURN(std::string by, StringOption(line, "by", "incident"));
  if (by == "incident") return core::ReportGrouping::kIncident;
  if (by == "place") return core::ReportGrouping::kPlace;
  if (by == "date") return core::ReportGrouping::kDate;
  if (by == "place,date" || by == "date,place") {
    return core::ReportGrouping::kPlaceAndDate;
  }
  return line.UsageError("--by takes incident, place, date or place,date");
}

void PrintReport(const CommandLine& line, const std::vector<ReportRow>& rows) {
  const bool ever = line.Has("ever");
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const ReportRow& row : rows) out.push_back(RowJson(row, ever));
    PrintJson(out);
  } else if (line.Has("csv")) {
    PrintCsv(rows, ever);
  } else {
    PrintReadable(rows, ever);
  }
}

Status Report(std::span<char*> args) {
  CommandLine line({"report", "Figures per incident (or --by place,date): "
                    "people detained (a group as its size), their current "
                    "legal status (--ever: also every status they were "
                    "ever in), released, missing, witness accounts, "
                    "attachments.",
                    "fieldvault report --by place,date --ever --csv > figures.csv",
                    true, true});
  line.options().add_options()
      ("incident", "only this incident", cxxopts::value<std::string>())
      ("by", "group by incident (default), place, date or place,date",
       cxxopts::value<std::string>())
      ("csv", "print CSV (RFC 4180) instead of a table")
      ("ever", "also count, per status, the people who were ever in it "
       "(\"23 of them placed in administrative detention\" stays true "
       "after a release; the current status does not)");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  core::ReportOptions options;
  FV_ASSIGN_OR_RETURN(options.grouping, Grouping(line));
  options.ever = line.Has("ever");
  if (line.Has("csv") && line.global().json) {
    return line.UsageError("choose --csv or --json");
  }
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(options.incident_id,
                        ResolveRecord(*session, core::kIncidentType, prefix));
  }
  FV_ASSIGN_OR_RETURN(auto rows,
                      core::BuildReport(session->vault().db(),
                                        session->normalizer(), options));
  PrintReport(line, rows);
  return Status::Ok();
}

}  // namespace

int RunReport(std::span<char*> args) {
  Status status = Report(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
