// `fieldvault incident add|list|show|edit|delete`: what happened, where and
// when.
#include <cstdio>
#include <cstdlib>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {
namespace {

using core::Incident;

void AddIncidentOptions(CommandLine& line) {
  line.options().add_options()
      ("title", "short title", cxxopts::value<std::string>())
      ("description-file", "read the description from FILE (- for standard "
       "input)", cxxopts::value<std::string>())
      ("start", "start date: 2020-02-22, 2020-02, 2020-02-22T11:00",
       cxxopts::value<std::string>())
      ("end", "end date, same forms", cxxopts::value<std::string>())
      ("place", "place, e.g. a square or street", cxxopts::value<std::string>())
      ("admin-area", "city or region", cxxopts::value<std::string>())
      ("country", "ISO 3166 code, e.g. KZ", cxxopts::value<std::string>())
      ("latitude", "WGS 84 latitude (sensitive)", cxxopts::value<std::string>())
      ("longitude", "WGS 84 longitude (sensitive)",
       cxxopts::value<std::string>())
      ("violation", "violation types, comma-separated (see `fieldvault vocab "
       "violation_type`)", cxxopts::value<std::string>())
      ("related", "ids of related incidents, comma-separated",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
}

Result<double> Coordinate(const CommandLine& line, const std::string& name) {
  FV_ASSIGN_OR_RETURN(std::string text, line.Get<std::string>(name));
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0') {
    return line.UsageError("--" + name + " must be a number, e.g. 43.238");
  }
  return value;
}

// Sets the fields whose options were given; leaves the others.
Status ApplyIncidentOptions(const CommandLine& line, VaultSession& session,
                            Incident& incident) {
  FV_ASSIGN_OR_RETURN(incident.title,
                      StringOption(line, "title", incident.title));
  FV_ASSIGN_OR_RETURN(incident.description,
                      ReadTextOption(line, "description-file",
                                     incident.description));
  FV_ASSIGN_OR_RETURN(incident.start_date,
                      DateOption(line, "start", incident.start_date));
  FV_ASSIGN_OR_RETURN(incident.end_date,
                      DateOption(line, "end", incident.end_date));
  FV_ASSIGN_OR_RETURN(incident.place,
                      StringOption(line, "place", incident.place));
  FV_ASSIGN_OR_RETURN(incident.admin_area,
                      StringOption(line, "admin-area", incident.admin_area));
  FV_ASSIGN_OR_RETURN(incident.country,
                      StringOption(line, "country", incident.country));
  if (line.Has("latitude") != line.Has("longitude")) {
    return line.UsageError("give both --latitude and --longitude");
  }
  if (line.Has("latitude")) {
    FV_ASSIGN_OR_RETURN(double latitude, Coordinate(line, "latitude"));
    FV_ASSIGN_OR_RETURN(double longitude, Coordinate(line, "longitude"));
    incident.coordinates = core::Coordinates{latitude, longitude};
  }
  incident.violation_types =
      ListOption(line, "violation", incident.violation_types);
  if (line.Has("related")) {
    incident.related_incidents.clear();
    for (const std::string& prefix : ListOption(line, "related")) {
      FV_ASSIGN_OR_RETURN(std::string id,
                          ResolveRecord(session, core::kIncidentType, prefix));
      incident.related_incidents.push_back(id);
    }
  }
  FV_ASSIGN_OR_RETURN(incident.meta.confidentiality,
                      StringOption(line, "confidentiality",
                                   incident.meta.confidentiality));
  return Status::Ok();
}

Status Add(std::span<char*> args) {
  CommandLine line({"incident add", "Record an incident.",
                    "fieldvault incident add --title \"Arrests at a peaceful "
                    "protest\" --start 2020-02-22 --admin-area Almaty "
                    "--country KZ --violation arbitrary_detention "
                    "--description-file notes.txt",
                    true, true});
  AddIncidentOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("title")) return line.UsageError("give the incident a --title");
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  Incident incident;
  FV_RETURN_IF_ERROR(ApplyIncidentOptions(line, *session, incident));
  return CreateRecord(*session, line, incident);
}

Status Edit(std::span<char*> args) {
  CommandLine line({"incident edit", "Change an incident; only the options "
                    "given change. The previous version is kept.",
                    "fieldvault incident edit 2f1c8a4e --end 2020-02-23", true,
                    true});
  AddIncidentOptions(line);
  AddIdOption(line, "the incident");
  line.options().add_options()("clear-coordinates", "remove the coordinates");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(auto target, OpenRecordToEdit(line, core::kIncidentType));
  VaultSession& session = *target.session;
  return EditRecord<Incident>(
      session, line, target.id, [&](Incident& incident) {
        FV_RETURN_IF_ERROR(ApplyIncidentOptions(line, session, incident));
        if (line.Has("clear-coordinates")) incident.coordinates.reset();
        return Status::Ok();
      });
}

Result<std::vector<std::string>> IncidentRow(core::RecordStore& /*store*/,
                                             const Incident& incident) {
  std::string where =
      incident.admin_area.empty() ? incident.place : incident.admin_area;
  return std::vector<std::string>{
      ShortId(incident.meta.id), incident.start_date.text(), where,
      incident.country,
      incident.title + (incident.meta.deleted ? " (deleted)" : "")};
}

Status List(std::span<char*> args) {
  return ListRecords<Incident>(
      args,
      {"incident list", "List incidents, earliest first.",
       "fieldvault incident list --json", true, true},
      {.deleted = "include deleted incidents"},
      {{"ID", "START", "PLACE", "COUNTRY", "TITLE"}, IncidentRow});
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

Status PrintIncident(core::RecordStore& /*store*/, const Incident& incident) {
  std::string coordinates;
  if (incident.coordinates) {
    coordinates = std::to_string(incident.coordinates->latitude) + ", " +
                  std::to_string(incident.coordinates->longitude);
  }
  PrintFields({{"Incident", incident.meta.id},
               {"Title", incident.title},
               {"Start", incident.start_date.text()},
               {"End", incident.end_date.text()},
               {"Place", incident.place},
               {"Admin area", incident.admin_area},
               {"Country", incident.country},
               {"Coordinates", coordinates},
               {"Violations", Join(incident.violation_types)},
               {"Related", Join(incident.related_incidents)},
               {"Confidentiality", incident.meta.confidentiality},
               {"Version", std::to_string(incident.meta.version) +
                               (incident.meta.deleted ? " (deleted)" : "")},
               {"Updated", core::FormatUtc(incident.meta.updated_at)}});
  if (!incident.description.empty()) {
    std::printf("\n%s\n", incident.description.c_str());
  }
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  return ShowRecord<Incident>(
      args,
      {"incident show", "Show an incident (--history: every version).",
       "fieldvault incident show 2f1c8a4e", true, true},
      "the incident", PrintIncident);
}

// Before incident `id` is tombstoned: tombstones its detentions and
// witness accounts with --with-records (refused when it has some and not).
// Returns how many of its records were deleted.
Result<size_t> DeleteDependents(core::RecordStore& store,
                                const CommandLine& line, const std::string& id) {
  core::ListFilter filter;
  filter.incident_id = id;
  FV_ASSIGN_OR_RETURN(auto detentions, store.List<core::Detention>(filter));
  FV_ASSIGN_OR_RETURN(auto accounts, store.List<core::WitnessAccount>(filter));
  size_t dependents = detentions.size() + accounts.size();
  if (dependents > 0 && !line.Has("with-records")) {
    return Status::FailedPrecondition(
               "the incident has " + std::to_string(detentions.size()) +
               " detentions and " + std::to_string(accounts.size()) +
               " witness accounts")
        .WithHint("add --with-records to delete them too");
  }
  for (const auto& d : detentions) {
    FV_RETURN_IF_ERROR(store.Delete(core::kDetentionType, d.meta.id).status());
  }
  for (const auto& a : accounts) {
    FV_RETURN_IF_ERROR(
        store.Delete(core::kWitnessAccountType, a.meta.id).status());
  }
  return dependents;
}

Status Delete(std::span<char*> args) {
  DeleteSteps steps;
  steps.add_options = [](CommandLine& line) {
    line.options().add_options()(
        "with-records", "also delete its detentions and witness accounts");
  };
  steps.before = DeleteDependents;
  return DeleteRecordCommand(
      args,
      {"incident delete", "Delete an incident. It is kept as a "
       "tombstone with its history; nothing is lost.",
       "fieldvault incident delete 2f1c8a4e --with-records", false, true},
      core::kIncidentType, "incident", steps);
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add}, {"list", List}, {"show", Show}, {"edit", Edit},
    {"delete", Delete}};

}  // namespace

int RunIncident(std::span<char*> args) {
  return RunSubcommand(
      args, "incident", kSubcommands,
      "usage: fieldvault incident add --title TEXT [--start DATE] ...\n"
      "       fieldvault incident list [--json]\n"
      "       fieldvault incident show ID [--history] [--json]\n"
      "       fieldvault incident edit ID [options of add]\n"
      "       fieldvault incident delete ID [--with-records]\n"
      "Run `fieldvault incident <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
