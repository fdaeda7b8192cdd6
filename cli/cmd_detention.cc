// `fieldvault detention add|list|show|status`: one line of a detainee
// list, with its dated legal status history.
#include <cstdio>
#include <map>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {
namespace {

using core::Detention;

void AddStatusOptions(CommandLine& line, const char* status_help) {
  line.options().add_options()
      ("status", status_help, cxxopts::value<std::string>())
      ("status-date", "date of that status (default: today's for `status`, "
       "the detention date for `add`)", cxxopts::value<std::string>())
      ("days", "length in days (administrative detention, pre-trial custody, "
       "house arrest)", cxxopts::value<std::string>())
      ("source", "id of the source record this is known from",
       cxxopts::value<std::string>())
      ("source-note", "where this is known from, in words",
       cxxopts::value<std::string>())
      ("note", "a remark on this status", cxxopts::value<std::string>());
}

Result<core::StatusEntry> ReadStatus(const CommandLine& line,
                                     VaultSession& session,
                                     core::PartialDate default_date) {
  core::StatusEntry entry;
  FV_ASSIGN_OR_RETURN(entry.status, line.Get<std::string>("status"));
  FV_ASSIGN_OR_RETURN(entry.date, DateOption(line, "status-date",
                                             default_date));
  if (line.Has("days")) {
    FV_ASSIGN_OR_RETURN(uint64_t days, line.GetUnsigned("days", 0, 36500));
    entry.days = static_cast<int64_t>(days);
  }
  if (line.Has("source")) {
    FV_ASSIGN_OR_RETURN(std::string prefix, line.Get<std::string>("source"));
    FV_ASSIGN_OR_RETURN(entry.source_id,
                        ResolveRecord(session, core::kSourceType, prefix));
  }
  FV_ASSIGN_OR_RETURN(entry.source_note, StringOption(line, "source-note"));
  FV_ASSIGN_OR_RETURN(entry.note, StringOption(line, "note"));
  return entry;
}

void AddDetentionOptions(CommandLine& line) {
  line.options().add_options()
      ("person", "the detained person", cxxopts::value<std::string>())
      ("incident", "the incident", cxxopts::value<std::string>())
      ("detained-at", "when: 2020-02-22 or 2020-02-22T12:10",
       cxxopts::value<std::string>())
      ("place-of-arrest", "where", cxxopts::value<std::string>())
      ("place-of-detention", "where held", cxxopts::value<std::string>())
      ("authority", "who detained or holds the person",
       cxxopts::value<std::string>())
      ("article", "article charged, e.g. 488", cxxopts::value<std::string>())
      ("code", "law of that article", cxxopts::value<std::string>())
      ("case-number", "case number", cxxopts::value<std::string>())
      ("court", "court", cxxopts::value<std::string>())
      ("sentence", "sentence as pronounced", cxxopts::value<std::string>())
      ("lawyer-access", "yes, delayed, no or unknown",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
  AddStatusOptions(line, "first legal status (see `fieldvault vocab "
                         "legal_status`)");
}

// The detention the options of `detention add` describe.
Result<Detention> ReadDetention(const CommandLine& line, VaultSession& session) {
  Detention d;
  FV_ASSIGN_OR_RETURN(std::string person, line.Get<std::string>("person"));
  FV_ASSIGN_OR_RETURN(d.person_id,
                      ResolveRecord(session, core::kPersonType, person));
  FV_ASSIGN_OR_RETURN(std::string incident, line.Get<std::string>("incident"));
  FV_ASSIGN_OR_RETURN(d.incident_id,
                      ResolveRecord(session, core::kIncidentType, incident));
  FV_ASSIGN_OR_RETURN(d.detained_at, DateOption(line, "detained-at"));
  for (auto [name, field] :
       {std::pair{"place-of-arrest", &d.place_of_arrest},
        {"place-of-detention", &d.place_of_detention},
        {"authority", &d.authority}, {"case-number", &d.case_number},
        {"court", &d.court}, {"sentence", &d.sentence},
        {"lawyer-access", &d.lawyer_access},
        {"confidentiality", &d.meta.confidentiality}}) {
    FV_ASSIGN_OR_RETURN(*field, StringOption(line, name, *field));
  }
  if (line.Has("article")) {
    FV_ASSIGN_OR_RETURN(std::string article, line.Get<std::string>("article"));
    FV_ASSIGN_OR_RETURN(std::string code, StringOption(line, "code"));
    d.charges.push_back({article, code});
  }
  if (line.Has("status")) {
    FV_ASSIGN_OR_RETURN(auto entry, ReadStatus(line, session, d.detained_at));
    d.status_history.push_back(std::move(entry));
  }
  return d;
}

Status Add(std::span<char*> args) {
  CommandLine line({"detention add", "Record that a person was detained in an "
                    "incident.",
                    "fieldvault detention add --person 7c41e2d0 --incident "
                    "2f1c8a4e --detained-at 2020-02-22T12:10 --status "
                    "administrative_detention --days 15 --source-note "
                    "\"court ruling\"",
                    true, true});
  AddDetentionOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("person") || !line.Has("incident")) {
    return line.UsageError("give --person ID and --incident ID");
  }
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(Detention d, ReadDetention(line, *session));
  Detention created;
  FV_RETURN_IF_ERROR(WriteRecords(*session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(created, store.Create(d));
    return Status::Ok();
  }));
  PrintWritten(line, "Created detention", created.meta, core::ToJson(created));
  return Status::Ok();
}

Status AppendStatus(std::span<char*> args) {
  CommandLine line({"detention status", "Add the next legal status of a "
                    "detainee (it becomes the current one).",
                    "fieldvault detention status 9a0b1c2d --status released "
                    "--status-date 2020-03-08 --source-note \"family\"",
                    true, true});
  line.options().add_options()("id", "the detention",
                               cxxopts::value<std::string>());
  AddStatusOptions(line, "the new legal status (see `fieldvault vocab "
                         "legal_status`)");
  line.options().parse_positional({"id"});
  line.options().positional_help("ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  if (!line.Has("status")) return line.UsageError("give the new --status");
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(std::string id,
                      ResolveRecord(*session, core::kDetentionType, prefix));
  core::Clock& clock = session->vault().clock();
  FV_ASSIGN_OR_RETURN(auto today, core::PartialDate::Parse(
                                      core::FormatUtc(clock.NowMicros())
                                          .substr(0, 10)));
  FV_ASSIGN_OR_RETURN(auto entry, ReadStatus(line, *session, today));
  Detention updated;
  FV_RETURN_IF_ERROR(WriteRecords(*session, [&](core::RecordStore& store) {
    FV_ASSIGN_OR_RETURN(Detention d, store.Get<Detention>(id));
    d.status_history.push_back(entry);
    FV_ASSIGN_OR_RETURN(updated, store.Update(d));
    return Status::Ok();
  }));
  PrintWritten(line, "Saved detention", updated.meta, core::ToJson(updated));
  return Status::Ok();
}

// Display names of persons by id (the first spelling).
Result<std::map<std::string, std::string>> PersonNames(
    core::RecordStore& store) {
  core::ListFilter all;
  all.include_deleted = true;
  FV_ASSIGN_OR_RETURN(auto persons, store.List<core::Person>(all));
  std::map<std::string, std::string> names;
  for (const auto& p : persons) names[p.meta.id] = p.names.front().full_name;
  return names;
}

Status List(std::span<char*> args) {
  CommandLine line({"detention list", "List detentions (a detainee list).",
                    "fieldvault detention list --incident 2f1c8a4e", true,
                    true});
  line.options().add_options()
      ("incident", "only this incident's", cxxopts::value<std::string>())
      ("person", "only this person's", cxxopts::value<std::string>())
      ("deleted", "include deleted detentions");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::RecordStore store = session->Reader();
  core::ListFilter filter;
  filter.include_deleted = line.Has("deleted");
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string p, line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(filter.incident_id,
                        store.ResolveId(core::kIncidentType, p));
  }
  if (line.Has("person")) {
    FV_ASSIGN_OR_RETURN(std::string p, line.Get<std::string>("person"));
    FV_ASSIGN_OR_RETURN(filter.person_id, store.ResolveId(core::kPersonType, p));
  }
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<Detention>(filter));
  if (line.global().json) {
    nlohmann::json out = nlohmann::json::array();
    for (const Detention& d : detentions) out.push_back(core::ToJson(d));
    PrintJson(out);
    return Status::Ok();
  }
  FV_ASSIGN_OR_RETURN(auto names, PersonNames(store));
  std::vector<std::vector<std::string>> rows;
  for (const Detention& d : detentions) {
    std::string status(core::TermLabel(core::kVocabLegalStatus,
                                        core::CurrentStatus(d)));
    rows.push_back({ShortId(d.meta.id), names[d.person_id],
                    d.detained_at.text(), status,
                    d.case_number + (d.meta.deleted ? " (deleted)" : "")});
  }
  PrintTable({"ID", "PERSON", "DETAINED", "CURRENT STATUS", "CASE"}, rows);
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  CommandLine line({"detention show", "Show a detention and its status "
                    "history (--history: every version).",
                    "fieldvault detention show 9a0b1c2d", true, true});
  line.options().add_options()("id", "the detention",
                               cxxopts::value<std::string>())(
      "history", "list every version, oldest first");
  line.options().parse_positional({"id"});
  line.options().positional_help("ID");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  core::RecordStore store = session->Reader();
  FV_ASSIGN_OR_RETURN(std::string id,
                      store.ResolveId(core::kDetentionType, prefix));
  if (line.Has("history")) {
    return PrintHistory(line, store, core::kDetentionType, id);
  }
  FV_ASSIGN_OR_RETURN(Detention d, store.Get<Detention>(id));
  if (line.global().json) {
    PrintJson(core::ToJson(d));
    return Status::Ok();
  }
  FV_ASSIGN_OR_RETURN(auto names, PersonNames(store));
  std::string charges;
  for (const auto& c : d.charges) {
    charges += (charges.empty() ? "" : "; ") + c.article +
               (c.code.empty() ? "" : " " + c.code);
  }
  PrintFields({{"Detention", d.meta.id},
               {"Person", names[d.person_id] + " (" + ShortId(d.person_id) +
                              ")"},
               {"Incident", d.incident_id},
               {"Detained", d.detained_at.text()},
               {"Place of arrest", d.place_of_arrest},
               {"Place of detention", d.place_of_detention},
               {"Authority", d.authority},
               {"Charges", charges},
               {"Case number", d.case_number},
               {"Court", d.court},
               {"Sentence", d.sentence},
               {"Lawyer access", d.lawyer_access},
               {"Version", std::to_string(d.meta.version) +
                               (d.meta.deleted ? " (deleted)" : "")}});
  std::printf("\n");
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : d.status_history) {
    std::string source = e.source_note;
    if (!e.source_id.empty()) {
      source += (source.empty() ? "source " : ", source ") +
                ShortId(e.source_id);
    }
    rows.push_back({e.date.text(),
                    std::string(core::TermLabel(core::kVocabLegalStatus,
                                                e.status)),
                    e.days ? std::to_string(*e.days) : "", source, e.note});
  }
  PrintTable({"DATE", "STATUS", "DAYS", "SOURCE", "NOTE"}, rows);
  return Status::Ok();
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add}, {"list", List}, {"show", Show}, {"status", AppendStatus}};

}  // namespace

int RunDetention(std::span<char*> args) {
  return RunSubcommand(
      args, "detention", kSubcommands,
      "usage: fieldvault detention add --person ID --incident ID ...\n"
      "       fieldvault detention list [--incident ID] [--json]\n"
      "       fieldvault detention show ID [--history] [--json]\n"
      "       fieldvault detention status ID --status STATUS ...\n"
      "Run `fieldvault detention <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
