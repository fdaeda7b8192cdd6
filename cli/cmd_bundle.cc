// `fieldvault export`, `verify` and `import`: bundles out of a monitor's
// vault, and checked into HQ's.
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/bundle_report.h"
#include "cli/command.h"
#include "cli/command_line.h"
#include "cli/export_warnings.h"
#include "cli/interrupt_flag.h"
#include "cli/key_files.h"
#include "cli/open_vault.h"
#include "cli/output.h"
#include "cli/record_options.h"
#include "cli/vault_session.h"
#include "core/bundle/bundle_order.h"
#include "core/bundle/exporter.h"
#include "core/bundle/receiver.h"
#include "core/records/record_exchange.h"

namespace fieldvault::cli {
namespace {

// A one-line progress bar on stderr, only when it is a terminal.
core::bundle::ProgressFn ProgressBar() {
  if (!::isatty(STDERR_FILENO)) return {};
  return [last = -1](uint64_t done, uint64_t total) mutable {
    int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
    if (percent == last) return;
    last = percent;
    std::fprintf(stderr, "\rwriting bundle [%-40s] %3d%%",
                 std::string(static_cast<size_t>(percent * 40 / 100), '#').c_str(),
                 percent);
    if (percent == 100) std::fprintf(stderr, "\n");
  };
}

void AddExportOptions(CommandLine& line) {
  line.options().add_options()(
      "to", "directory (random file name) or new file to write", cxxopts::value<std::string>(), "PATH")(
      "recipient", "recipient label (repeatable; default: all)",
      cxxopts::value<std::vector<std::string>>(), "LABEL")(
      "since-last", "only what changed since the last export to the same recipients (default)")(
      "all", "everything, whatever was sent before")(
      "incident", "only this incident and what is linked to it (repeatable, or "
      "comma-separated ids)", cxxopts::value<std::string>(), "ID")(
      "profile", "hq (consent to share with HQ) or public (for publication)",
      cxxopts::value<std::string>()->default_value("hq"), "NAME")(
      "armor", "ASCII-armored age file (for text-only channels)")(
      "continue-after", "after restoring a backup: continue HQ's chain after "
      "this sequence number (HQ reads it out; with --previous-manifest)",
      cxxopts::value<uint64_t>(), "N")(
      "previous-manifest", "the manifest hash HQ holds for that number",
      cxxopts::value<std::string>(), "BLAKE2B");
}

// A BLAKE2b-512 as typed or pasted: spaces and case do not matter, the
// 128 digits do (a prefix proves nothing).
Result<std::string> ReadHash(const CommandLine& line, const std::string& name) {
  FV_ASSIGN_OR_RETURN(std::string typed, line.Get<std::string>(name));
  std::string hex;
  for (char c : typed) {
    if (c == ' ' || c == '\t' || c == ':') continue;
    hex += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
  }
  bool digits = hex.size() == 128 &&
                hex.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!digits) {
    return line.UsageError("--" + name + " takes a whole BLAKE2b-512: 128 hex " +
                           "digits (spaces allowed), got " + std::to_string(hex.size()) +
                           " characters");
  }
  return hex;
}

// The request as the options give it; incident ids are resolved later,
// once the vault is open.
Result<core::bundle::ExportRequest> ReadExportRequest(const CommandLine& line) {
  if (!line.Has("to")) return line.UsageError("missing --to PATH");
  int scopes = line.Has("all") + line.Has("since-last") + line.Has("incident");
  if (scopes > 1) {
    return line.UsageError("give only one of --all, --since-last and --incident");
  }
  core::bundle::ExportRequest request;
  FV_ASSIGN_OR_RETURN(request.target, line.Get<std::string>("to"));
  if (line.Has("recipient")) {
    FV_ASSIGN_OR_RETURN(request.recipient_labels,
                        line.Get<std::vector<std::string>>("recipient"));
  }
  request.all = line.Has("all");
  FV_ASSIGN_OR_RETURN(request.profile, line.Get<std::string>("profile"));
  request.armor = line.Has("armor");
  if (line.Has("continue-after") != line.Has("previous-manifest")) {
    return line.UsageError("--continue-after and --previous-manifest go together");
  }
  if (line.Has("continue-after")) {
    core::bundle::ExportRequest::Continuation continuation;
    FV_ASSIGN_OR_RETURN(continuation.sequence, line.Get<uint64_t>("continue-after"));
    FV_ASSIGN_OR_RETURN(continuation.manifest_blake2b, ReadHash(line, "previous-manifest"));
    if (continuation.sequence == 0) {
      return line.UsageError("--continue-after takes the number of a bundle HQ imported (1 or more)");
    }
    request.continue_after = continuation;
  }
  request.progress = ProgressBar();
  // On stderr, so that --json stdout stays one JSON document.
  request.warn = PrintExportWarnings;
  return request;
}

// Writes the bundle, stopping cleanly on Ctrl-C or SIGTERM. The handlers
// are installed only now, once the passphrase was read: the prompt has
// handlers of its own, which restore the default when it ends.
Result<core::bundle::ExportResult> ExportUntilInterrupted(
    core::Vault& vault, core::bundle::ExportRequest& request) {
  InterruptFlag interrupt;
  request.interrupted = interrupt.flag();
  auto result = core::bundle::ExportBundle(vault, request);
  request.interrupted = nullptr;
  if (!result.ok() && interrupt.raised() && ::isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "\n");  // after the progress bar
  }
  if (result.ok() && interrupt.raised()) {
    PrintWarning("the interrupt came after the bundle was registered, so it "
                 "was finished and checked instead");
  }
  return result;
}

// Opens the vault and writes the bundle. With --incident, the ids are
// typed as prefixes (as elsewhere), resolved with a record store.
Result<core::bundle::ExportResult> WriteBundle(const CommandLine& line,
                                               core::bundle::ExportRequest& request) {
  std::vector<std::string> prefixes = ListOption(line, "incident");
  if (!line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(core::Vault vault, OpenVaultFromOptions(line.global()));
    return ExportUntilInterrupted(vault, request);
  }
  if (prefixes.empty()) return line.UsageError("--incident needs an incident id");
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  for (const std::string& prefix : prefixes) {
    FV_ASSIGN_OR_RETURN(std::string id,
                        ResolveRecord(*session, core::kIncidentType, prefix));
    request.incident_ids.push_back(id);
  }
  return ExportUntilInterrupted(session->vault(), request);
}

// Which records and attachments were left out, by short id (the first few
// of each reason), and how to look at them: a count alone does not tell
// the monitor whether the right things stayed home. Only ids: no name or
// content of a record is printed.
void PrintLeftOutIds(const core::bundle::ExportResult& result) {
  if (result.left_out_ids.empty()) return;
  std::printf("Left out, by id:\n");
  for (const auto& [what, ids] : result.left_out_ids) {
    std::string shown;
    for (const std::string& id : ids) shown += (shown.empty() ? "" : ", ") + ShortId(id);
    auto total = result.left_out.find(what);
    if (total != result.left_out.end() && total->second > ids.size()) {
      shown += " and " + std::to_string(total->second - ids.size()) + " more";
    }
    std::printf("  %s: %s\n", what.c_str(), shown.c_str());
  }
  std::printf("  (`fieldvault TYPE show ID` shows a record, `fieldvault attach "
              "list` the attachments)\n");
}

Status Export(std::span<char*> args) {
  CommandLine line({"export",
                    "Write a signed bundle encrypted to HQ, e.g. onto a USB "
                    "stick. The file gets a random name.",
                    "fieldvault export --to /media/usb --recipient hq-geneva\n"
                    "  fieldvault export --to /media/usb --incident 2f1c8a4e\n"
                    "  fieldvault export --to /media/usb --continue-after 4 "
                    "--previous-manifest \"3f9a 1c2e ...\"", true});
  AddExportOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(core::bundle::ExportRequest request, ReadExportRequest(line));
  FV_ASSIGN_OR_RETURN(core::bundle::ExportResult result, WriteBundle(line, request));
  if (line.global().json) {
    PrintJson({{"file", result.path}, {"bundle_id", result.bundle_id},
               {"sequence", result.sequence}, {"bundle_blake2b", result.bundle_blake2b},
               {"bytes", result.bytes}, {"recipients", result.recipient_labels},
               {"record_counts", result.record_counts}, {"left_out", result.left_out},
               {"left_out_ids", result.left_out_ids}});
    return Status::Ok();
  }
  std::string to;
  for (const auto& label : result.recipient_labels) to += (to.empty() ? "" : ", ") + label;
  PrintTable({}, {{"Bundle written", result.path},
                  {"Bundle id", result.bundle_id},
                  {"Sequence", std::to_string(result.sequence)},
                  {"Recipients", to},
                  {"Records", DescribeCounts(result.record_counts)},
                  {"Left out", DescribeCounts(result.left_out)},
                  {"Size", std::to_string(result.bytes) + " bytes"},
                  {"BLAKE2b", result.bundle_blake2b}});
  PrintLeftOutIds(result);
  // Whoever receives it compares the digest: HQ for a monitor's bundle,
  // the monitors for one HQ sends out.
  std::printf("Done: written, flushed, read back and checked.\n"
              "Tell the %s (%s) the BLAKE2b over another channel; they compare it.\n",
              result.recipient_labels.size() == 1 ? "recipient" : "recipients",
              to.c_str());
  return Status::Ok();
}

Status ReadAcceptRevoked(const CommandLine& line, core::bundle::ReceiveOptions& options) {
  if (!line.Has("accept-revoked")) return Status::Ok();
  FV_ASSIGN_OR_RETURN(options.accept_revoked, ReadHash(line, "accept-revoked"));
  return Status::Ok();
}

void AddAcceptRevoked(CommandLine& line) {
  line.options().add_options()(
      "accept-revoked", "accept this file although its signer is revoked, only "
      "if its whole BLAKE2b is this one, read out by the monitor before the key "
      "was lost (every other check still applies)",
      cxxopts::value<std::string>(), "BLAKE2B");
}

Status ReadIdentityOption(const CommandLine& line, core::bundle::ReceiveOptions& options) {
  if (!line.Has("identity")) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string path, line.Get<std::string>("identity"));
  FV_ASSIGN_OR_RETURN(crypto::SecretBytes contents, ReadSecretFile(path));
  FV_ASSIGN_OR_RETURN(options.identities, crypto::ParseIdentityFile(contents.Reveal()));
  options.use_given_identities = true;
  return Status::Ok();
}

// The open conflicts that came in bundle `bundle_id`: after an import (all
// or nothing) exactly those it set aside, with the numbers that
// `fieldvault conflicts resolve ID` takes.
Result<nlohmann::json> SetAsideConflicts(core::Database& db,
                                         const std::string& bundle_id) {
  FV_ASSIGN_OR_RETURN(auto conflicts, core::ListConflicts(db));
  nlohmann::json list = nlohmann::json::array();
  for (const core::RecordConflict& c : conflicts) {
    if (c.bundle_id != bundle_id) continue;
    list.push_back({{"conflict_id", c.conflict_id}, {"record_type", c.record_type},
                    {"record_id", c.record_id}, {"version", c.version}});
  }
  return list;
}

// Prints one bundle's report, as text or (with --json) into `json`, and
// returns its exit code.
int Finish(const CommandLine& line, const core::bundle::ReceiveReport& report,
           core::Database* imported_into, nlohmann::json& json) {
  if (line.global().json) {
    json = ReportJson(report);
    if (report.imported && imported_into != nullptr && report.manifest) {
      auto conflicts = SetAsideConflicts(*imported_into, report.manifest->bundle_id);
      if (conflicts.ok()) {
        json["conflicts"] = *conflicts;
      } else {
        PrintWarning("imported, but cannot list the conflicts set aside (" +
                     conflicts.status().message() + "); see `fieldvault conflicts list`");
      }
    }
  } else {
    PrintReport(report);
  }
  if (report.passed()) return kExitOk;
  const int code = ReportError(report.error);
  // Every refusal exits 1, whatever its cause: a file that is not a
  // bundle at all (not an age file) is refused and registered like a
  // tampered one. A failure that judged nothing keeps its own code (2
  // for a busy vault, a full disk or an unreadable file).
  return report.refused ? kExitVerifyFailed : code;
}

// The bundle files given (a stick's `*.fvb`), or a usage error.
Result<std::vector<std::string>> BundleFiles(CommandLine& line, std::span<char*> args) {
  line.options().add_options()("file", "the bundle(s)",
                               cxxopts::value<std::vector<std::string>>());
  line.options().parse_positional({"file"});
  line.options().positional_help("FILE...");
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return std::vector<std::string>{};
  if (!line.Has("file")) return line.UsageError("missing FILE");
  return line.Get<std::vector<std::string>>("file");
}

// Receives each of `files` in turn: one file as before; several in each
// sender's sequence order (bundle_order.h), each reported under its name.
// With --json, one report, or an array of them. The exit code is the
// worst: 2 if any could not be judged, else 1 if any was refused.
int ReceiveAll(const CommandLine& line, core::Vault& vault,
               const std::vector<std::string>& files,
               const core::bundle::ReceiveOptions& options) {
  if (files.size() == 1) {
    nlohmann::json json;
    int code = Finish(line, core::bundle::ReceiveBundle(vault, files[0], options),
                      options.import ? &vault.db() : nullptr, json);
    if (line.global().json) PrintJson(json);
    return code;
  }
  std::vector<std::string> ordered = core::bundle::InSequenceOrder(vault, files, options);
  nlohmann::json reports = nlohmann::json::array();
  int worst = kExitOk;
  for (size_t i = 0; i < ordered.size(); ++i) {
    if (!line.global().json) {
      std::printf("%s== %s (%zu of %zu) ==\n", i == 0 ? "" : "\n",
                  ordered[i].c_str(), i + 1, ordered.size());
    }
    nlohmann::json json;
    int code = Finish(line, core::bundle::ReceiveBundle(vault, ordered[i], options),
                      options.import ? &vault.db() : nullptr, json);
    if (line.global().json) reports.push_back(std::move(json));
    worst = std::max(worst, code);
  }
  if (line.global().json) PrintJson(reports);
  return worst;
}

int Verify(std::span<char*> args) {
  CommandLine line({"verify",
                    "Check received bundles without importing them: who signed "
                    "each, that it is whole and unaltered, meant for this vault, "
                    "and in sequence. Several files are checked in each sender's "
                    "sequence order. Exit 0 only if every check passed.",
                    "fieldvault verify /media/usb/3f9a1c2e77b09d41c6a05e18.fvb\n"
                    "  fieldvault verify /media/usb/*.fvb", true});
  line.options().add_options()(
      "identity", "age identity file to decrypt with instead of the vault's",
      cxxopts::value<std::string>(), "AGEKEYFILE");
  AddAcceptRevoked(line);
  auto files = BundleFiles(line, args);
  if (!files.ok()) return ReportError(files.status());
  if (files->empty()) return kExitOk;  // --help
  core::bundle::ReceiveOptions options;
  Status read = ReadIdentityOption(line, options);
  if (read.ok()) read = ReadAcceptRevoked(line, options);
  if (!read.ok()) return ReportError(read);
  auto vault = OpenVaultFromOptions(line.global());
  if (!vault.ok()) return ReportError(vault.status());
  return ReceiveAll(line, *vault, *files, options);
}

int Import(std::span<char*> args) {
  CommandLine line({"import",
                    "Verify a bundle, then merge it into this vault in one "
                    "step: all of it or nothing. Several files are imported one "
                    "by one, in each sender's sequence order.",
                    "fieldvault import /media/usb/3f9a1c2e77b09d41c6a05e18.fvb\n"
                    "  fieldvault import /media/usb/*.fvb\n"
                    "  fieldvault import /media/usb/3f9a1c2e77b09d41c6a05e18.fvb "
                    "--accept-revoked \"9dc1 daf4 ...\"", true});
  AddAcceptRevoked(line);
  auto files = BundleFiles(line, args);
  if (!files.ok()) return ReportError(files.status());
  if (files->empty()) return kExitOk;  // --help
  core::bundle::ReceiveOptions options;
  Status read = ReadAcceptRevoked(line, options);
  if (!read.ok()) return ReportError(read);
  auto session = VaultSession::Open(line.global());
  if (!session.ok()) return ReportError(session.status());
  options.import = true;
  options.normalizer = &(*session)->normalizer();
  options.search = &(*session)->search();
  return ReceiveAll(line, (*session)->vault(), *files, options);
}

}  // namespace

int RunExport(std::span<char*> args) {
  Status status = Export(args);
  if (core::bundle::IsExportInterrupted(status)) {
    // Core removed the temporary file and rolled the vault back.
    ReportError(Status::FailedPrecondition("export interrupted; nothing was "
                                           "written to the stick")
                    .WithHint("the vault is unchanged and no sequence number was "
                              "used; export again when you are ready"));
    return kExitInterrupted;
  }
  return status.ok() ? kExitOk : ReportError(status);
}
int RunVerify(std::span<char*> args) { return Verify(args); }
int RunImport(std::span<char*> args) { return Import(args); }

}  // namespace fieldvault::cli
