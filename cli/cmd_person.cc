// `fieldvault person add|list|show|edit`: people and groups, with every
// spelling of their names.
#include <cstdio>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"

namespace fieldvault::cli {
namespace {

using core::Person;

void AddPersonOptions(CommandLine& line) {
  line.options().add_options()
      ("name", "a spelling of the name, as written (repeat for others)",
       cxxopts::value<std::string>())
      ("name-language", "language of the names given, e.g. kk, ru, en",
       cxxopts::value<std::string>())
      ("transliteration", "scheme, if the names given are transliterated",
       cxxopts::value<std::string>())
      ("group", "a group of people rather than one person")
      ("size", "number of people in the group", cxxopts::value<std::string>())
      ("sex", "female, male, other or unknown", cxxopts::value<std::string>())
      ("birth", "birth date: 1990, 1990-05 or 1990-05-17",
       cxxopts::value<std::string>())
      ("affiliation", "party, movement or group (repeatable)",
       cxxopts::value<std::string>())
      ("notes-file", "read notes from FILE (- for standard input)",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
}

// Sets the fields whose options were given; names are added.
Status ApplyPersonOptions(const CommandLine& line, Person& person) {
  FV_ASSIGN_OR_RETURN(std::string language,
                      StringOption(line, "name-language"));
  FV_ASSIGN_OR_RETURN(std::string scheme, StringOption(line, "transliteration"));
  for (const std::string& name : RepeatedOption(line, "name")) {
    person.names.push_back({name, "", language, scheme, ""});
  }
  if (line.Has("group")) person.kind = "group";
  if (line.Has("size")) {
    FV_ASSIGN_OR_RETURN(uint64_t size, line.GetUnsigned("size", 1, 1000000));
    person.group_size = static_cast<int64_t>(size);
  }
  FV_ASSIGN_OR_RETURN(person.sex, StringOption(line, "sex", person.sex));
  FV_ASSIGN_OR_RETURN(person.birth_date,
                      DateOption(line, "birth", person.birth_date));
  if (line.Has("affiliation")) {
    person.affiliations = RepeatedOption(line, "affiliation");
  }
  FV_ASSIGN_OR_RETURN(person.notes,
                      ReadTextOption(line, "notes-file", person.notes));
  FV_ASSIGN_OR_RETURN(person.meta.confidentiality,
                      StringOption(line, "confidentiality",
                                   person.meta.confidentiality));
  return Status::Ok();
}

std::string Names(const Person& person) {
  std::string out;
  for (const auto& name : person.names) {
    out += (out.empty() ? "" : " / ") + name.full_name;
  }
  return out;
}

Status Add(std::span<char*> args) {
  CommandLine line({"person add", "Record a person (or a group).",
                    "fieldvault person add --name \"Тестов Синтетик\" --name "
                    "\"Testov Sintetik\" --birth 1990 --sex male",
                    true, true});
  AddPersonOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("name")) return line.UsageError("give at least one --name");
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  Person person;
  FV_RETURN_IF_ERROR(ApplyPersonOptions(line, person));
  Person created;
  FV_RETURN_IF_ERROR(WriteRecords(*session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(created, store.Create(person));
    return Status::Ok();
  }));
  PrintWritten(line, "Created person", created.meta, core::ToJson(created));
  return Status::Ok();
}

Status Edit(std::span<char*> args) {
  CommandLine line({"person edit", "Change a person: --name adds a spelling; "
                    "--merged-into marks a duplicate (undo with --unmerge). "
                    "The previous version is kept.",
                    "fieldvault person edit 7c41e2d0 --merged-into 2f1c8a4e",
                    true, true});
  AddPersonOptions(line);
  line.options().add_options()
      ("id", "the person", cxxopts::value<std::string>())
      ("remove-name", "remove the spelling written exactly so",
       cxxopts::value<std::string>())
      ("merged-into", "this person is a duplicate of that one",
       cxxopts::value<std::string>())
      ("unmerge", "undo --merged-into");
  line.options().parse_positional({"id"});
  line.options().positional_help("ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(std::string id,
                      ResolveRecord(*session, core::kPersonType, prefix));
  std::string merged_into;
  if (line.Has("merged-into")) {
    FV_ASSIGN_OR_RETURN(std::string target,
                        line.Get<std::string>("merged-into"));
    FV_ASSIGN_OR_RETURN(merged_into,
                        ResolveRecord(*session, core::kPersonType, target));
  }
  Person updated;
  FV_RETURN_IF_ERROR(WriteRecords(*session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(Person person, store.Get<Person>(id));
    for (const std::string& gone : RepeatedOption(line, "remove-name")) {
      std::erase_if(person.names,
                    [&](const auto& name) { return name.full_name == gone; });
    }
    FV_RETURN_IF_ERROR(ApplyPersonOptions(line, person));
    if (line.Has("merged-into")) person.merged_into = merged_into;
    if (line.Has("unmerge")) person.merged_into.clear();
    FV_ASSIGN_OR_RETURN(updated, store.Update(person));
    return Status::Ok();
  }));
  PrintWritten(line, "Saved person", updated.meta, core::ToJson(updated));
  return Status::Ok();
}

Status List(std::span<char*> args) {
  CommandLine line({"person list", "List persons by name.",
                    "fieldvault person list --json", true, true});
  line.options().add_options()("deleted", "include deleted persons");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::ListFilter filter;
  filter.include_deleted = line.Has("deleted");
  FV_ASSIGN_OR_RETURN(auto persons, session->Reader().List<Person>(filter));
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Person& person : persons) out.push_back(core::ToJson(person));
    PrintJson(out);
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> rows;
  for (const Person& person : persons) {
    std::string kind = person.kind == "group"
                           ? "group of " + std::to_string(*person.group_size)
                           : "";
    if (!person.merged_into.empty()) {
      kind = "merged into " + ShortId(person.merged_into);
    }
    rows.push_back({ShortId(person.meta.id), Names(person),
                    person.birth_date.text(), person.sex == "unknown" ? ""
                                                                      : person.sex,
                    kind});
  }
  PrintTable({"ID", "NAMES", "BORN", "SEX", ""}, rows);
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  CommandLine line({"person show", "Show a person with every spelling and "
                    "its detentions (--history: every version).",
                    "fieldvault person show 7c41e2d0", true, true});
  line.options().add_options()("id", "the person",
                               cxxopts::value<std::string>())(
      "history", "list every version, oldest first");
  line.options().parse_positional({"id"});
  line.options().positional_help("ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::RecordStore store = session->Reader();
  FV_ASSIGN_OR_RETURN(std::string id, store.ResolveId(core::kPersonType, prefix));
  if (line.Has("history")) return PrintHistory(line, store, core::kPersonType, id);
  FV_ASSIGN_OR_RETURN(Person person, store.Get<Person>(id));
  if (line.global().json) {
    PrintJson(core::ToJson(person));
    return Status::Ok();
  }
  std::string affiliations;
  for (const auto& a : person.affiliations) {
    affiliations += (affiliations.empty() ? "" : ", ") + a;
  }
  PrintFields({{"Person", person.meta.id},
               {"Kind", person.kind == "group"
                            ? "group of " + std::to_string(*person.group_size)
                            : person.kind},
               {"Sex", person.sex},
               {"Born", person.birth_date.text()},
               {"Affiliations", affiliations},
               {"Merged into", person.merged_into},
               {"Confidentiality", person.meta.confidentiality},
               {"Version", std::to_string(person.meta.version)}});
  std::printf("\n");
  std::vector<std::vector<std::string>> rows;
  for (const auto& name : person.names) {
    rows.push_back({name.full_name, name.script, name.language,
                    name.transliteration, name.match_key});
  }
  PrintTable({"NAME", "SCRIPT", "LANGUAGE", "TRANSLITERATION", "MATCH KEY"},
             rows);
  if (!person.notes.empty()) std::printf("\n%s\n", person.notes.c_str());
  core::ListFilter filter;
  filter.person_id = id;
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<core::Detention>(filter));
  if (!detentions.empty()) {
    std::printf("\n");
    rows.clear();
    for (const auto& d : detentions) {
      rows.push_back({ShortId(d.meta.id), d.detained_at.text(),
                      std::string(core::CurrentStatus(d)), d.case_number});
    }
    PrintTable({"DETENTION", "DETAINED", "STATUS", "CASE"}, rows);
  }
  return Status::Ok();
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add}, {"list", List}, {"show", Show}, {"edit", Edit}};

}  // namespace

int RunPerson(std::span<char*> args) {
  return RunSubcommand(
      args, "person", kSubcommands,
      "usage: fieldvault person add --name NAME [--name NAME ...] ...\n"
      "       fieldvault person list [--json]\n"
      "       fieldvault person show ID [--history] [--json]\n"
      "       fieldvault person edit ID [--name NAME] [--merged-into ID] ...\n"
      "Run `fieldvault person <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
