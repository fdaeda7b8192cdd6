// `fieldvault person duplicates` (candidate groups with their evidence, or
// --merge-certain) and `fieldvault person merge ID --into ID`. Detection,
// grading and merging are core's (core/records/duplicate_persons.h,
// person_merge.h); this file parses and prints.
#include <cstdio>
#include <map>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/records/duplicate_persons.h"
#include "core/records/person_merge.h"

namespace fieldvault::cli {
namespace {

using core::DuplicateGroup;
using core::DuplicateLink;
using core::PersonForMatching;

std::string Join(const std::vector<std::string>& values, const char* sep) {
  std::string out;
  for (const std::string& value : values) {
    out += (out.empty() ? "" : sep) + value;
  }
  return out;
}

// A reason in words, e.g. `same birth year (1984)`.
std::string Explain(const core::DuplicateReason& reason) {
  static const std::map<std::string, std::string> kWords = {
      {"same_match_key", "same name once normalised"},
      {"word_order", "same words in another order"},
      {"spelling_variant", "transliteration variants"},
      {"one_letter_apart", "names one letter apart"},
      {"name_words_missing", "a word of one name missing"},
      {"same_birth_year", "same birth year"},
      {"birth_date_unknown", "birth date unknown"},
      {"birth_date_conflict", "BIRTH DATES CONFLICT"},
      {"sex_conflict", "SEXES CONFLICT"},
      {"same_incident", "same incident"},
      {"same_place_and_date", "detained at the same place and date"}};
  auto words = kWords.find(reason.code);
  std::string detail = reason.code == "same_incident"
                           ? ShortId(reason.detail)
                           : reason.detail;
  return (words == kWords.end() ? reason.code : words->second) + " (" +
         detail + ")";
}

std::string GradeName(size_t grade) {
  return std::string(
      core::DuplicateGradeName(static_cast<core::DuplicateGrade>(grade)));
}

// "3 certain, 12 likely": the counts that are not zero, or all of them.
std::string Counts(const core::CountByGrade& counts, bool all) {
  std::vector<std::string> parts;
  for (size_t g = 0; g < core::kDuplicateGrades; ++g) {
    if (all || counts[g] > 0) {
      parts.push_back(std::to_string(counts[g]) + " " + GradeName(g));
    }
  }
  return Join(parts, ", ");
}

// The options that would make smaller groups, e.g. "--min-grade likely or
// --incident ID"; empty when none is left.
std::string Narrowing(const core::DuplicateOptions& options) {
  std::vector<std::string> ways;
  if (options.min_grade == core::DuplicateGrade::kPossible) {
    ways.push_back("--min-grade likely");
  }
  if (options.incident_id.empty()) ways.push_back("--incident ID");
  return Join(ways, " or ");
}

void PrintHeading(size_t number, const DuplicateGroup& group,
                  const core::DuplicateOptions& options) {
  std::printf("Group %zu: %s, %zu persons", number,
              std::string(core::DuplicateGradeName(group.grade)).c_str(),
              group.members.size());
  if (group.links.size() > 1) {
    std::printf(", %zu pairs (%s)", group.links.size(),
                Counts(group.pairs, false).c_str());
  }
  if (group.grade != core::DuplicateGrade::kCertain &&
      group.certain_merges > 0) {
    std::printf(" (--merge-certain merges %zu of them)",
                group.certain_merges);
  }
  std::printf("\n");
  if (group.members.size() > core::kMaxReviewableGroup) {
    const std::string narrowing = Narrowing(options);
    std::printf("  Too large to review (more than %zu persons); its pairs are "
                "not listed here (--json lists them).%s%s\n",
                core::kMaxReviewableGroup,
                narrowing.empty() ? "" : " Narrow it with ",
                narrowing.c_str());
  }
}

// One group, as soon as it is found: members, then each pair with why
// (not for a group too large to review).
void PrintGroup(size_t number, const DuplicateGroup& group,
                const core::DuplicateOptions& options) {
  PrintHeading(number, group, options);
  std::vector<std::vector<std::string>> rows;
  for (const PersonForMatching& m : group.members) {
    rows.push_back({ShortId(m.id), Join(m.names, " / "), m.birth_date.text(),
                    m.sex == "unknown" ? "" : m.sex,
                    std::to_string(m.detentions),
                    Join(m.places_and_dates, ", ")});
  }
  PrintTable({"ID", "NAMES", "BORN", "SEX", "DETENTIONS", "DETAINED AT"},
             rows);
  if (group.members.size() <= core::kMaxReviewableGroup) {
    for (const DuplicateLink& link : group.links) {
      std::vector<std::string> reasons;
      for (const auto& reason : link.reasons) {
        reasons.push_back(Explain(reason));
      }
      std::printf("  %s ~ %s, %s: %s\n", ShortId(link.a).c_str(),
                  ShortId(link.b).c_str(),
                  std::string(core::DuplicateGradeName(link.grade)).c_str(),
                  Join(reasons, "; ").c_str());
    }
  }
  std::printf("\n");
}

void PrintSummary(const core::DuplicateSummary& summary,
                  const core::DuplicateOptions& options) {
  size_t groups = 0;
  for (size_t count : summary.groups) groups += count;
  if (groups == 0) {
    std::printf("No duplicate candidates.\n");
    return;
  }
  std::printf("%zu groups: %s (%zu persons).\n", groups,
              Counts(summary.groups, true).c_str(), summary.persons);
  std::printf("Pairs found alike in them: %s.\n",
              Counts(summary.pairs, true).c_str());
  // Certain pairs inside likely groups are merged by --merge-certain (said
  // below); likely ones inside possible groups need --min-grade likely.
  if (summary.pairs_above_group_grade > 0 &&
      options.min_grade == core::DuplicateGrade::kPossible) {
    std::printf("%zu of these pairs are stronger than their group (a group "
                "is as weak as the weakest pair joining it); for the groups "
                "the stronger pairs make: fieldvault person duplicates "
                "--min-grade likely\n",
                summary.pairs_above_group_grade);
  }
  if (summary.too_large > 0) {
    const std::string narrowing = Narrowing(options);
    std::printf("%zu groups have more than %zu persons, too many to review%s"
                "%s.\n",
                summary.too_large, core::kMaxReviewableGroup,
                narrowing.empty() ? "" : ": narrow them with ",
                narrowing.c_str());
  }
  if (summary.certain_merges > 0 && options.incident_id.empty()) {
    std::printf("Merge the %zu certain duplicates: fieldvault person "
                "duplicates --merge-certain\n", summary.certain_merges);
  } else if (summary.certain_merges > 0) {
    // --merge-certain takes the whole vault, not one incident's pairs.
    std::printf("Merge these %zu certain duplicates and the vault's others: "
                "fieldvault person duplicates --merge-certain\n",
                summary.certain_merges);
  }
  std::printf("Merge one after review: fieldvault person merge ID --into ID"
              "\n");
}

nlohmann::json MemberJson(const PersonForMatching& m) {
  return {{"id", m.id},
          {"names", m.names},
          {"match_keys", m.match_keys},
          {"sex", m.sex},
          {"birth_date", m.birth_date.text()},
          {"detentions", m.detentions},
          {"incidents", m.incident_ids},
          {"places_and_dates", m.places_and_dates},
          {"created_at", core::FormatTimestamp(m.created_at)}};
}

nlohmann::json CountsJson(const core::CountByGrade& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (size_t g = 0; g < core::kDuplicateGrades; ++g) {
    out[GradeName(g)] = counts[g];
  }
  return out;
}

nlohmann::json GroupJson(const DuplicateGroup& group) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : group.members) members.push_back(MemberJson(m));
  nlohmann::json links = nlohmann::json::array();
  for (const DuplicateLink& link : group.links) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : link.reasons) {
      reasons.push_back({{"code", r.code}, {"detail", r.detail}});
    }
    links.push_back({{"a", link.a},
                     {"b", link.b},
                     {"grade", core::DuplicateGradeName(link.grade)},
                     {"conflict", link.conflict},
                     {"reasons", reasons}});
  }
  return {{"grade", core::DuplicateGradeName(group.grade)},
          {"certain_merges", group.certain_merges},
          {"pairs", CountsJson(group.pairs)},
          {"too_large", group.members.size() > core::kMaxReviewableGroup},
          {"members", members},
          {"links", links}};
}

nlohmann::json SummaryJson(const core::DuplicateSummary& summary) {
  return {{"groups", CountsJson(summary.groups)},
          {"pairs", CountsJson(summary.pairs)},
          {"pairs_above_group_grade", summary.pairs_above_group_grade},
          {"persons", summary.persons},
          {"certain_merges", summary.certain_merges},
          {"too_large", summary.too_large},
          {"max_reviewable", core::kMaxReviewableGroup}};
}

std::string Dump(const nlohmann::json& value) {
  // Replace invalid UTF-8 rather than throw: output must never abort.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Writes `{"groups": [...], "summary": {...}}` one group at a time: each
// group is one line, written as soon as it is found, so memory does not
// grow with the output. Nothing is written before the first group, so that
// an error while reading the vault leaves stdout empty.
class JsonGroupWriter {
 public:
  void Add(const DuplicateGroup& group) {
    std::printf("%s\n    %s", opened_ ? "," : "{\n  \"groups\": [",
                Dump(GroupJson(group)).c_str());
    opened_ = true;
  }
  void Finish(const core::DuplicateSummary& summary) {
    std::printf("%s\n  ],\n  \"summary\": %s\n}\n",
                opened_ ? "" : "{\n  \"groups\": [",
                Dump(SummaryJson(summary)).c_str());
  }

 private:
  bool opened_ = false;
};

// Lists the groups as they are found (text or --json), then the summary.
Status ListGroups(core::RecordStore& store, const CommandLine& line,
                  const core::DuplicateOptions& options) {
  JsonGroupWriter json;
  size_t number = 0;
  FV_ASSIGN_OR_RETURN(
      core::DuplicateSummary summary,
      core::ForEachDuplicateGroupInVault(
          store, options, [&](DuplicateGroup group) {
            if (line.global().json) {
              json.Add(group);
            } else {
              PrintGroup(++number, group, options);
            }
            // A full disk or a closed pipe: stop rather than search on.
            if (std::ferror(stdout)) {
              return Status::IoError("cannot write the groups to the output");
            }
            return Status::Ok();
          }));
  if (line.global().json) {
    json.Finish(summary);
  } else {
    PrintSummary(summary, options);
  }
  return Status::Ok();
}

void PrintMerges(const CommandLine& line,
                 const std::vector<core::PersonMerge>& merges) {
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : merges) {
      out.push_back({{"merged", m.from}, {"into", m.into},
                     {"merged_name", m.from_name}, {"into_name", m.into_name}});
    }
    PrintJson({{"merges", out}});
    return;
  }
  for (const auto& m : merges) {
    std::printf("Merged %s (%s) into %s (%s); undo: fieldvault person edit "
                "%s --unmerge\n",
                ShortId(m.from).c_str(), m.from_name.c_str(),
                ShortId(m.into).c_str(), m.into_name.c_str(),
                ShortId(m.from).c_str());
  }
  if (merges.empty()) {
    std::printf("No certain duplicates to merge.\n");
  } else {
    std::printf("Merged %zu person%s in one transaction.\n", merges.size(),
                merges.size() == 1 ? "" : "s");
  }
}

// Merges every certain group in one transaction (a custody event per
// merged person) and prints the merges; nothing is kept on an error.
Status MergeCertain(VaultSession& session, const CommandLine& line) {
  std::vector<core::PersonMerge> merges;
  FV_RETURN_IF_ERROR(WriteRecords(session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(merges, core::MergeCertainDuplicates(store));
    return Status::Ok();
  }));
  PrintMerges(line, merges);
  return Status::Ok();
}

}  // namespace

Status PersonDuplicates(std::span<char*> args) {
  CommandLine line(
      {"person duplicates",
       "List groups of persons who may be one person (two monitors, two "
       "scripts, two spellings), with the evidence for each and a grade: "
       "certain, likely or possible. --merge-certain merges every certain "
       "group in one transaction; nothing below certain is merged.",
       "fieldvault person duplicates --min-grade likely\n"
       "  fieldvault person duplicates --incident 3ab0144d\n"
       "  fieldvault person duplicates --merge-certain",
       true, true});
  line.options().add_options()
      ("min-grade", "group and list only pairs of this grade or better: "
       "certain, likely or possible (the default)",
       cxxopts::value<std::string>())
      ("incident", "only pairs with a person detained in this incident",
       cxxopts::value<std::string>())
      ("merge-certain", "merge every certain group into its oldest record");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (line.Has("merge-certain") &&
      (line.Has("min-grade") || line.Has("incident"))) {
    return line.UsageError("--merge-certain merges every certain group; "
                           "leave out --min-grade and --incident");
  }
  core::DuplicateOptions options;
  if (line.Has("min-grade")) {
    FV_ASSIGN_OR_RETURN(std::string grade, line.Get<std::string>("min-grade"));
    FV_ASSIGN_OR_RETURN(options.min_grade, core::ParseDuplicateGrade(grade));
  }
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  if (line.Has("merge-certain")) return MergeCertain(*session, line);
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(
        options.incident_id,
        ResolveRecord(*session, core::kIncidentType, prefix));
  }
  core::RecordStore store = session->Reader();
  return ListGroups(store, line, options);
}

Status PersonMerge(std::span<char*> args) {
  CommandLine line({"person merge",
                    "Mark a person as a duplicate of another (the same as "
                    "`person edit ID --merged-into ID`). Reports then count "
                    "them once; undo with `person edit ID --unmerge`.",
                    "fieldvault person merge 7c41e2d0 --into 2f1c8a4e", true,
                    true});
  AddIdOption(line, "the duplicate person");
  line.options().add_options()(
      "into", "the person it is a duplicate of", cxxopts::value<std::string>());
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("into")) return line.UsageError("give --into ID");
  FV_ASSIGN_OR_RETURN(auto target, OpenRecord(line, core::kPersonType));
  FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("into"));
  FV_ASSIGN_OR_RETURN(
      std::string into,
      ResolveRecord(*target.session, core::kPersonType, prefix));
  FV_RETURN_IF_ERROR(EditRecordWith<core::Person>(
      *target.session, line, target.id,
      [&](core::RecordStore& store, core::Person& person) {
        return core::MarkMerged(store, person, into);
      }));
  std::fprintf(stderr, "Merged into %s; undo: fieldvault person edit %s "
               "--unmerge\n", ShortId(into).c_str(),
               ShortId(target.id).c_str());
  return Status::Ok();
}

}  // namespace fieldvault::cli
