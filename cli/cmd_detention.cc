// `fieldvault detention add|list|show|edit|delete|status`: one line of a detainee
// list, with its dated legal status history.
#include <cstdio>
#include <ctime>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/clock.h"
#include "core/records/record_json.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {
namespace {

using core::Detention;

void AddStatusOptions(CommandLine& line, const char* status_help) {
  line.options().add_options()
      ("status", status_help, cxxopts::value<std::string>())
      ("status-date", "date of that status (default: today's, by this "
       "computer's clock and time zone, for `status`; the detention date "
       "for `add`); a date after today is refused",
       cxxopts::value<std::string>())
      ("days", "length in days (administrative detention, pre-trial custody, "
       "house arrest)", cxxopts::value<std::string>())
      ("source", "id of the source record this is known from",
       cxxopts::value<std::string>())
      ("source-note", "where this is known from, in words",
       cxxopts::value<std::string>())
      ("note", "a remark on this status", cxxopts::value<std::string>());
}

// Today's date where the monitor is (the machine's time zone, TZ): just
// after local midnight east of UTC, the UTC date is still yesterday, and a
// status dated so would fall before one recorded earlier that day. From
// the computer's clock as it is (the one the CLI opens vaults with), not
// the vault's, which never goes back and so stays ahead after one command
// ran with the clock set wrong (cli/clock_lead.h): a status dated in that
// future would outrank every real one at HQ.
Result<core::PartialDate> LocalToday() {
  core::Clock& clock = core::SystemClock();
  const std::time_t seconds = static_cast<std::time_t>(clock.NowMicros() / 1000000);
  std::tm local{};
  char text[16];
  if (::localtime_r(&seconds, &local) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%d", &local) != 10) {
    return Status::IoError("cannot tell today's date in this time zone")
        .WithHint("give the date with --status-date");
  }
  return core::PartialDate::Parse(text);
}

// A status date after today is a typo (or a clock set wrong): HQ takes a
// person's current status from the latest date, so it would outrank every
// real status after it. Compared on the common precision: "2026-11" is
// accepted all November.
Status CheckNotInFuture(const core::PartialDate& date,
                        const core::PartialDate& today, const char* option) {
  if (core::CompareDates(date, today) != std::weak_ordering::greater) {
    return Status::Ok();
  }
  return Status::InvalidArgument("the status date " + date.text() +
                                 " is in the future (today is " +
                                 today.text() + " by this computer's clock)")
      .WithHint(std::string("give the date the status began with --") + option +
                "; if it is right, this computer's date is wrong: set it "
                "first (`date`)");
}

Result<core::StatusEntry> ReadStatus(const CommandLine& line,
                                     VaultSession& session,
                                     core::PartialDate default_date) {
  core::StatusEntry entry;
  FV_ASSIGN_OR_RETURN(entry.status, line.Get<std::string>("status"));
  FV_ASSIGN_OR_RETURN(entry.date, DateOption(line, "status-date",
                                             default_date));
  FV_ASSIGN_OR_RETURN(core::PartialDate today, LocalToday());
  FV_RETURN_IF_ERROR(CheckNotInFuture(
      entry.date, today, line.Has("status-date") ? "status-date" : "detained-at"));
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

// The options naming a detention's own fields, shared by `add` and `edit`.
void AddDetentionFieldOptions(CommandLine& line) {
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
      ("charge", "a charge as ARTICLE:LAW, e.g. \"488:Code of "
       "Administrative Offences\" (repeat for several)",
       cxxopts::value<std::string>())
      ("case-number", "case number", cxxopts::value<std::string>())
      ("court", "court", cxxopts::value<std::string>())
      ("sentence", "sentence as pronounced", cxxopts::value<std::string>())
      ("lawyer-access", "yes, delayed, no or unknown",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
}

// "488:Code of Administrative Offences" as article and law (the law is
// optional: "488"). The article ends at the first colon; the law may hold
// more. Validation of the record checks what is left.
core::Charge ParseCharge(const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return {text, ""};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// Sets the fields whose options were given and leaves the others, for
// `add` (on an empty detention) and `edit`. Charges given replace the
// old ones; an empty --charge "" (or --article "") gives none, which is
// how an edit clears them, as an empty value clears a text field.
Status ApplyDetentionOptions(const CommandLine& line, VaultSession& session,
                             Detention& d) {
  if (line.Has("person")) {
    FV_ASSIGN_OR_RETURN(std::string person, line.Get<std::string>("person"));
    FV_ASSIGN_OR_RETURN(d.person_id,
                        ResolveRecord(session, core::kPersonType, person));
  }
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string incident,
                        line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(d.incident_id,
                        ResolveRecord(session, core::kIncidentType, incident));
  }
  FV_ASSIGN_OR_RETURN(d.detained_at,
                      DateOption(line, "detained-at", d.detained_at));
  for (auto [name, field] :
       {std::pair{"place-of-arrest", &d.place_of_arrest},
        {"place-of-detention", &d.place_of_detention},
        {"authority", &d.authority}, {"case-number", &d.case_number},
        {"court", &d.court}, {"sentence", &d.sentence},
        {"lawyer-access", &d.lawyer_access},
        {"confidentiality", &d.meta.confidentiality}}) {
    FV_ASSIGN_OR_RETURN(*field, StringOption(line, name, *field));
  }
  if (line.Has("code") && !line.Has("article")) {
    return line.UsageError("--code goes with --article");
  }
  if (!line.Has("article") && !line.Has("charge")) return Status::Ok();
  d.charges.clear();
  FV_ASSIGN_OR_RETURN(std::string article, StringOption(line, "article"));
  if (!article.empty()) {
    FV_ASSIGN_OR_RETURN(std::string code, StringOption(line, "code"));
    d.charges.push_back({article, code});
  }
  for (const std::string& charge : RepeatedOption(line, "charge")) {
    if (!charge.empty()) d.charges.push_back(ParseCharge(charge));
  }
  return Status::Ok();
}

Status Add(std::span<char*> args) {
  CommandLine line({"detention add", "Record that a person was detained in an "
                    "incident.",
                    "fieldvault detention add --person 7c41e2d0 --incident "
                    "2f1c8a4e --detained-at 2020-02-22T12:10 --status "
                    "administrative_detention --days 15 --source-note "
                    "\"court ruling\"",
                    true, true});
  AddDetentionFieldOptions(line);
  AddStatusOptions(line, "first legal status (see `fieldvault vocab "
                         "legal_status`)");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("person") || !line.Has("incident")) {
    return line.UsageError("give --person ID and --incident ID");
  }
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  Detention d;
  FV_RETURN_IF_ERROR(ApplyDetentionOptions(line, *session, d));
  if (line.Has("status")) {
    FV_ASSIGN_OR_RETURN(auto entry, ReadStatus(line, *session, d.detained_at));
    d.status_history.push_back(std::move(entry));
  }
  return CreateRecord(*session, line, d);
}

Status Edit(std::span<char*> args) {
  CommandLine line({"detention edit", "Correct a detention; only the options "
                    "given change (an empty value clears a field; --charge "
                    "replaces every charge). The previous version is kept. "
                    "The legal status changes with `detention status`.",
                    "fieldvault detention edit 9a0b1c2d --case-number "
                    "SYN-5-123/2020 --confidentiality public",
                    true, true});
  AddDetentionFieldOptions(line);
  AddIdOption(line, "the detention");
  for (const char* status_option :
       {"status", "status-date", "days", "source", "source-note", "note"}) {
    line.MovedOption(status_option,
                     "`detention edit` does not change the legal status "
                     "(--" + std::string(status_option) + ")",
                     "add the new status with `fieldvault detention status ID "
                     "--status STATUS --status-date DATE`; it becomes the "
                     "current one and the earlier ones stay in the history");
  }
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto target, OpenRecordToEdit(line, core::kDetentionType));
  VaultSession& session = *target.session;
  return EditRecord<Detention>(session, line, target.id, [&](Detention& d) {
    return ApplyDetentionOptions(line, session, d);
  });
}

Status Delete(std::span<char*> args) {
  return DeleteRecordCommand(
      args,
      {"detention delete", "Withdraw a detention entered by mistake. It is "
       "kept as a tombstone with its history; nothing is lost.",
       "fieldvault detention delete 9a0b1c2d", false, true},
      core::kDetentionType, "detention");
}

Status AppendStatus(std::span<char*> args) {
  CommandLine line({"detention status", "Add the next legal status of a "
                    "detainee (it becomes the current one).",
                    "fieldvault detention status 9a0b1c2d --status released "
                    "--status-date 2020-03-08 --source-note \"family\"",
                    true, true});
  AddIdOption(line, "the detention");
  AddStatusOptions(line, "the new legal status (see `fieldvault vocab "
                         "legal_status`)");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  if (!line.Has("status")) return line.UsageError("give the new --status");
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(std::string id,
                      ResolveRecord(*session, core::kDetentionType, prefix));
  FV_ASSIGN_OR_RETURN(auto today, LocalToday());
  FV_ASSIGN_OR_RETURN(auto entry, ReadStatus(line, *session, today));
  return EditRecord<Detention>(*session, line, id, [&](Detention& d) {
    d.status_history.push_back(entry);
    return Status::Ok();
  });
}

// The name a person is shown by (the first spelling). Deleted persons
// keep theirs.
Result<std::string> PersonName(core::RecordStore& store,
                               const std::string& id) {
  FV_ASSIGN_OR_RETURN(core::Person person, store.Get<core::Person>(id));
  return person.names.front().full_name;
}

Result<std::vector<std::string>> DetentionRow(core::RecordStore& store,
                                              const Detention& d) {
  FV_ASSIGN_OR_RETURN(std::string name, PersonName(store, d.person_id));
  std::string status(
      core::TermLabel(core::kVocabLegalStatus, core::CurrentStatus(d)));
  return std::vector<std::string>{
      ShortId(d.meta.id), name, d.detained_at.text(), status,
      d.case_number + (d.meta.deleted ? " (deleted)" : "")};
}

Status List(std::span<char*> args) {
  return ListRecords<Detention>(
      args,
      {"detention list", "List detentions (a detainee list).",
       "fieldvault detention list --incident 2f1c8a4e", true, true},
      {.incident = "only this incident's",
       .person = "only this person's",
       .deleted = "include deleted detentions"},
      {{"ID", "PERSON", "DETAINED", "CURRENT STATUS", "CASE"}, DetentionRow});
}

std::string Charges(const Detention& d) {
  std::string charges;
  for (const auto& c : d.charges) {
    charges += (charges.empty() ? "" : "; ") + c.article +
               (c.code.empty() ? "" : " " + c.code);
  }
  return charges;
}

void PrintStatusHistory(const Detention& d) {
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
}

Status PrintDetention(core::RecordStore& store, const Detention& d) {
  FV_ASSIGN_OR_RETURN(std::string name, PersonName(store, d.person_id));
  PrintFields({{"Detention", d.meta.id},
               {"Person", name + " (" + ShortId(d.person_id) + ")"},
               {"Incident", d.incident_id},
               {"Detained", d.detained_at.text()},
               {"Place of arrest", d.place_of_arrest},
               {"Place of detention", d.place_of_detention},
               {"Authority", d.authority},
               {"Charges", Charges(d)},
               {"Case number", d.case_number},
               {"Court", d.court},
               {"Sentence", d.sentence},
               {"Lawyer access", d.lawyer_access},
               {"Confidentiality", d.meta.confidentiality},
               {"Version", std::to_string(d.meta.version) +
                               (d.meta.deleted ? " (deleted)" : "")}});
  std::printf("\n");
  PrintStatusHistory(d);
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  return ShowRecord<Detention>(
      args,
      {"detention show", "Show a detention and its status history "
       "(--history: every version).",
       "fieldvault detention show 9a0b1c2d", true, true},
      "the detention", PrintDetention);
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add},   {"list", List},     {"show", Show},
    {"edit", Edit}, {"delete", Delete}, {"status", AppendStatus}};

}  // namespace

int RunDetention(std::span<char*> args) {
  return RunSubcommand(
      args, "detention", kSubcommands,
      "usage: fieldvault detention add --person ID --incident ID ...\n"
      "       fieldvault detention list [--incident ID] [--deleted] [--json]\n"
      "       fieldvault detention show ID [--history] [--json]\n"
      "       fieldvault detention edit ID [options of add but the status]\n"
      "       fieldvault detention delete ID\n"
      "       fieldvault detention status ID --status STATUS ...\n"
      "Run `fieldvault detention <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
