// `fieldvault person add|list|show|edit|delete`: people and groups, with every
// spelling of their names. `merge` and `duplicates` are in
// cmd_person_duplicates.cc.
#include <algorithm>
#include <cstdio>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/clock.h"
#include "core/records/partial_date.h"
#include "core/records/person_merge.h"
#include "core/records/record_json.h"

namespace fieldvault::cli {

// cmd_person_duplicates.cc
Status PersonMerge(std::span<char*> args);
Status PersonDuplicates(std::span<char*> args);

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
      ("size", "number of people in the group; leave it out when it is "
       "not known (reports then say \"at least\"); --size \"\" clears it",
       cxxopts::value<std::string>())
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
    FV_ASSIGN_OR_RETURN(std::string size_text, line.Get<std::string>("size"));
    if (size_text.empty()) {
      person.group_size.reset();  // --size "": not known (any more)
    } else {
      FV_ASSIGN_OR_RETURN(uint64_t size, line.GetUnsigned("size", 1, 1000000));
      person.group_size = static_cast<int64_t>(size);
    }
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

// A birth date after today (by the computer's clock: the vault's may run
// ahead, cli/clock_lead.h) is a typo: refused
// when --birth was given. On the common precision, so "2026" is accepted
// all year and "2026-12" from December on.
Status CheckBirthNotInFuture(const CommandLine& line, VaultSession& /*session*/,
                             const Person& person) {
  if (!line.Has("birth") || !person.birth_date.known()) return Status::Ok();
  const std::string now = core::FormatUtc(core::SystemClock().NowMicros());
  FV_ASSIGN_OR_RETURN(core::PartialDate today, core::PartialDate::Parse(now.substr(0, 10)));
  if (core::CompareDates(person.birth_date, today) != std::weak_ordering::greater) {
    return Status::Ok();
  }
  return Status::InvalidArgument("--birth " + person.birth_date.text() +
                                 " is in the future (today is " + today.text() + ")")
      .WithHint("give the birth date as 1990, 1990-05 or 1990-05-17, or leave it "
                "out when it is not known");
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
  FV_RETURN_IF_ERROR(CheckBirthNotInFuture(line, *session, person));
  return CreateRecord(*session, line, person);
}

void AddEditOptions(CommandLine& line) {
  AddPersonOptions(line);
  AddIdOption(line, "the person");
  line.options().add_options()
      ("remove-name", "remove the spelling written exactly so",
       cxxopts::value<std::string>())
      ("merged-into", "this person is a duplicate of that one",
       cxxopts::value<std::string>())
      ("unmerge", "undo --merged-into");
}

Status Edit(std::span<char*> args) {
  CommandLine line({"person edit", "Change a person: --name adds a spelling; "
                    "--merged-into marks a duplicate (undo with --unmerge). "
                    "The previous version is kept.",
                    "fieldvault person edit 7c41e2d0 --merged-into 2f1c8a4e",
                    true, true});
  AddEditOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto target, OpenRecordToEdit(line, core::kPersonType));
  std::string merged_into;
  if (line.Has("merged-into")) {
    FV_ASSIGN_OR_RETURN(std::string prefix,
                        line.Get<std::string>("merged-into"));
    FV_ASSIGN_OR_RETURN(
        merged_into, ResolveRecord(*target.session, core::kPersonType, prefix));
  }
  return EditRecordWith<Person>(
      *target.session, line, target.id,
      [&](core::RecordStore& store, Person& person) {
        for (const std::string& gone : RepeatedOption(line, "remove-name")) {
          if (std::erase_if(person.names, [&](const auto& name) {
                return name.full_name == gone;
              }) == 0) {
            PrintWarning("the person has no spelling written exactly as given "
                         "to --remove-name; `fieldvault person show ID` lists them");
          }
        }
        if (line.Has("unmerge") && person.merged_into.empty()) {
          PrintWarning("the person is not merged into another; nothing to undo");
        }
        FV_RETURN_IF_ERROR(ApplyPersonOptions(line, person));
        FV_RETURN_IF_ERROR(CheckBirthNotInFuture(line, *target.session, person));
        if (line.Has("merged-into")) {
          FV_RETURN_IF_ERROR(core::MarkMerged(store, person, merged_into));
        }
        if (line.Has("unmerge")) person.merged_into.clear();
        return Status::Ok();
      });
}

// "group of 40", or the kind ("individual").
std::string Kind(const Person& person) {
  if (person.kind != "group") return person.kind;
  return person.group_size ? "group of " + std::to_string(*person.group_size)
                           : "group of unknown size";
}

Result<std::vector<std::string>> PersonRow(core::RecordStore& /*store*/,
                                           const Person& person) {
  std::string kind = person.kind == "group" ? Kind(person) : "";
  if (!person.merged_into.empty()) {
    kind = "merged into " + ShortId(person.merged_into);
  }
  if (person.meta.deleted) kind += kind.empty() ? "(deleted)" : " (deleted)";
  return std::vector<std::string>{
      ShortId(person.meta.id), Names(person), person.birth_date.text(),
      person.sex == "unknown" ? "" : person.sex, kind};
}

Status List(std::span<char*> args) {
  return ListRecords<Person>(
      args,
      {"person list", "List persons by name.", "fieldvault person list --json",
       true, true},
      {.deleted = "include deleted persons"},
      {{"ID", "NAMES", "BORN", "SEX", ""}, PersonRow});
}

// The person's detentions, as a table after an empty line (nothing when
// there are none).
Status PrintDetentionsOf(core::RecordStore& store, const std::string& id) {
  core::ListFilter filter;
  filter.person_id = id;
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<core::Detention>(filter));
  if (detentions.empty()) return Status::Ok();
  std::printf("\n");
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : detentions) {
    rows.push_back({ShortId(d.meta.id), d.detained_at.text(),
                    std::string(core::CurrentStatus(d)), d.case_number});
  }
  PrintTable({"DETENTION", "DETAINED", "STATUS", "CASE"}, rows);
  return Status::Ok();
}

Status PrintPerson(core::RecordStore& store, const Person& person) {
  std::string affiliations;
  for (const auto& a : person.affiliations) {
    affiliations += (affiliations.empty() ? "" : ", ") + a;
  }
  PrintFields({{"Person", person.meta.id},
               {"Kind", Kind(person)},
               {"Sex", person.sex},
               {"Born", person.birth_date.text()},
               {"Affiliations", affiliations},
               {"Merged into", person.merged_into},
               {"Confidentiality", person.meta.confidentiality},
               {"Version", std::to_string(person.meta.version) +
                               (person.meta.deleted ? " (deleted)" : "")}});
  std::printf("\n");
  std::vector<std::vector<std::string>> rows;
  for (const auto& name : person.names) {
    rows.push_back({name.full_name, name.script, name.language,
                    name.transliteration, name.match_key});
  }
  PrintTable({"NAME", "SCRIPT", "LANGUAGE", "TRANSLITERATION", "MATCH KEY"},
             rows);
  if (!person.notes.empty()) std::printf("\n%s\n", person.notes.c_str());
  return PrintDetentionsOf(store, person.meta.id);
}

Status Show(std::span<char*> args) {
  return ShowRecord<Person>(
      args,
      {"person show", "Show a person with every spelling and its detentions "
       "(--history: every version).",
       "fieldvault person show 7c41e2d0", true, true},
      "the person", PrintPerson);
}

// Refuses to delete a person whom live records still refer to: their
// detentions, the witness accounts they gave, persons merged into them.
// " 1a2b3c4d, 5e6f7a8b" (short ids, as lists show them), for a hint.
std::string IdList(const std::vector<std::string>& ids) {
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? " " : ", ") + id;
  return list;
}

Status NotReferredTo(core::RecordStore& store, const std::string& id) {
  core::ListFilter filter;
  filter.person_id = id;
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<core::Detention>(filter));
  FV_ASSIGN_OR_RETURN(auto accounts, store.List<core::WitnessAccount>());
  FV_ASSIGN_OR_RETURN(auto persons, store.List<Person>());
  std::vector<std::string> witness_ids, merged_ids;
  for (const auto& a : accounts) {
    if (a.witness_person_id == id) witness_ids.push_back(ShortId(a.meta.id));
  }
  for (const auto& p : persons) {
    if (p.merged_into == id) merged_ids.push_back(ShortId(p.meta.id));
  }
  std::string refs, fixes;
  auto add = [&](size_t count, const char* one, const char* many,
                 const std::string& fix) {
    if (count == 0) return;
    refs += (refs.empty() ? "" : ", ") + std::to_string(count) + " " +
            (count == 1 ? one : many);
    fixes += (fixes.empty() ? "" : "; ") + fix;
  };
  add(detentions.size(), "detention", "detentions",
      "`fieldvault detention list --person " + ShortId(id) +
          "` lists the detentions, `fieldvault detention delete ID` "
          "withdraws one");
  add(witness_ids.size(), "witness account they gave",
      "witness accounts they gave",
      "give the account" + IdList(witness_ids) +
          " a pseudonym: `fieldvault witness edit ID --pseudonym NAME`");
  add(merged_ids.size(), "person merged into them", "persons merged into them",
      "undo the merge of" + IdList(merged_ids) +
          ": `fieldvault person edit ID --unmerge`");
  if (refs.empty()) return Status::Ok();
  return Status::FailedPrecondition("the person still has " + refs)
      .WithHint(fixes + "; for a duplicate, `fieldvault person merge` keeps "
                "its records instead");
}

Status Delete(std::span<char*> args) {
  return DeleteRecordCommand(
      args,
      {"person delete", "Withdraw a person entered by mistake, once no "
       "detention, witness account or merged person refers to them. It is "
       "kept as a tombstone with its history; nothing is lost.",
       "fieldvault person delete 7c41e2d0", false, true},
      core::kPersonType, "person", NotReferredTo);
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add},     {"list", List},
    {"show", Show},   {"edit", Edit},
    {"delete", Delete}, {"merge", PersonMerge},
    {"duplicates", PersonDuplicates}};

}  // namespace

int RunPerson(std::span<char*> args) {
  return RunSubcommand(
      args, "person", kSubcommands,
      "usage: fieldvault person add --name NAME [--name NAME ...] ...\n"
      "       fieldvault person list [--json]\n"
      "       fieldvault person show ID [--history] [--json]\n"
      "       fieldvault person edit ID [--name NAME] [--merged-into ID] ...\n"
      "       fieldvault person delete ID\n"
      "       fieldvault person duplicates [--min-grade GRADE] [--json]\n"
      "       fieldvault person duplicates --merge-certain\n"
      "       fieldvault person merge ID --into ID\n"
      "Run `fieldvault person <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
