// `fieldvault search WORDS...`: full-text and name search over the vault's
// records, best matches first.
#include <cstdio>
#include <utility>

#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/output.h"
#include "cli/vault_session.h"

namespace fieldvault::cli {
namespace {

// "incident,person" -> {"incident", "person"}; "witness" is accepted for
// witness_account, as the other commands call it.
Result<std::vector<std::string>> ParseTypes(const CommandLine& line,
                                            const std::string& text) {
  std::vector<std::string> types;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string type = text.substr(start, comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (type == "witness") type = std::string(core::kWitnessAccountType);
    if (type != core::kIncidentType && type != core::kPersonType &&
        type != core::kDetentionType && type != core::kWitnessAccountType &&
        type != core::kSourceType) {
      return line.UsageError("--type: unknown record type '" + type +
                             "' (incident, person, detention, witness, "
                             "source)");
    }
    types.push_back(type);
  }
  return types;
}

// The query (the words joined by spaces) and the options --limit and
// --type ask for.
Result<std::pair<std::string, core::SearchOptions>> ReadQuery(
    const CommandLine& line) {
  if (!line.Has("words")) return line.UsageError("say what to search for");
  FV_ASSIGN_OR_RETURN(auto words, line.Get<std::vector<std::string>>("words"));
  std::string query;
  for (const std::string& word : words) query += (query.empty() ? "" : " ") + word;
  core::SearchOptions options;
  FV_ASSIGN_OR_RETURN(options.limit, line.GetUnsigned("limit", 1, 1000));
  if (line.Has("type")) {
    FV_ASSIGN_OR_RETURN(std::string types, line.Get<std::string>("type"));
    FV_ASSIGN_OR_RETURN(options.record_types, ParseTypes(line, types));
  }
  return std::pair{query, options};
}

void PrintHits(const CommandLine& line,
               const std::vector<core::SearchHit>& hits) {
  if (line.global().json) {
    nlohmann::json list = nlohmann::json::array();
    for (const core::SearchHit& hit : hits) {
      list.push_back({{"record_type", hit.record_type},
                      {"record_id", hit.record_id},
                      {"label", hit.label},
                      {"snippet", hit.snippet},
                      {"score", hit.score}});
    }
    PrintJson(list);
    return;
  }
  if (hits.empty()) {
    std::fprintf(stderr, "No records match.\n");
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const core::SearchHit& hit : hits) {
    std::string snippet = hit.snippet;  // a record's lines joined by \n
    for (char& c : snippet) {
      if (c == '\n' || c == '\t') c = ' ';
    }
    rows.push_back({hit.record_type, hit.record_id, hit.label, snippet});
  }
  PrintTable({"TYPE", "ID", "RECORD", "MATCH"}, rows);
}

Status Search(std::span<char*> args) {
  CommandLine line({"search", "Find records by words and names, in any "
                    "script, best matches first.",
                    "fieldvault search ivanov\n"
                    "  fieldvault search 'Республики' --type detention --json",
                    true, true});
  line.options().add_options()(
      "words", "what to look for", cxxopts::value<std::vector<std::string>>())(
      "type", "only these record types, e.g. person,detention",
      cxxopts::value<std::string>())(
      "limit", "at most this many results",
      cxxopts::value<std::string>()->default_value("20"));
  line.options().parse_positional({"words"});
  line.options().positional_help("WORDS...");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto request, ReadQuery(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::SearchStats stats;
  FV_ASSIGN_OR_RETURN(
      std::vector<core::SearchHit> hits,
      session->search().Search(request.first, request.second, &stats));
  if (stats.capped) {
    std::fprintf(stderr,
                 "More than %zu records match; these are the best of the "
                 "%zu most recent. Add words to narrow the search.\n",
                 core::kMaxRankedMatches, core::kMaxRankedMatches);
  }
  PrintHits(line, hits);
  return Status::Ok();
}

}  // namespace

int RunSearch(std::span<char*> args) {
  Status status = Search(args);
  return status.ok() ? kExitOk : ReportError(status);
}

}  // namespace fieldvault::cli
