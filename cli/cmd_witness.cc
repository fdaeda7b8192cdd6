// `fieldvault witness add|list|show|edit|delete|consent`: witness accounts, and what
// each witness agreed their account may be used for. `purge` is in
// cmd_witness_purge.cc.
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/record_command.h"
#include "cli/record_options.h"
#include "core/records/record_json.h"
#include "core/records/vocabulary.h"

namespace fieldvault::cli {

// cmd_witness_purge.cc
Status WitnessPurge(std::span<char*> args);

namespace {

using core::WitnessAccount;

// Records `granted` for every purpose in `purposes`, replacing an earlier
// decision on the same purpose.
void Decide(WitnessAccount& account, const std::vector<std::string>& purposes,
            bool granted, const core::PartialDate& date,
            const std::string& method) {
  for (const std::string& purpose : purposes) {
    std::erase_if(account.consents,
                  [&](const auto& c) { return c.purpose == purpose; });
    account.consents.push_back({purpose, granted, date, method, {}});
  }
}

// "store, share_with_hq" (the purposes currently allowed) or "none".
std::string Allowed(const WitnessAccount& account) {
  std::string out;
  for (const auto& term :
       core::FindVocabulary(core::kVocabConsentPurpose)->terms) {
    if (core::ConsentAllows(account, term.term)) {
      out += (out.empty() ? "" : ", ") + std::string(term.term);
    }
  }
  return out.empty() ? "none" : out;
}

// "written, oral_recorded, oral_noted or intermediary": the consent
// methods, from the vocabulary, so that the help and errors follow it.
std::string ConsentMethods() {
  std::string out;
  auto terms = core::FindVocabulary(core::kVocabConsentMethod)->terms;
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i != 0) out += i + 1 == terms.size() ? " or " : ", ";
    out += terms[i].term;
  }
  return out;
}

// A usage error when a decision (`decision`, e.g. "consent") is given
// without the option saying how it was given (`method`): a consent
// without a method is refused by validation with a message that names
// neither option.
Status NeedMethod(const CommandLine& line,
                  std::initializer_list<const char*> decisions,
                  const char* method) {
  if (line.Has(method)) return Status::Ok();
  for (const char* decision : decisions) {
    if (!line.Has(decision)) continue;
    return line.UsageError(std::string("--") + decision + " needs --" +
                           method + " (" + ConsentMethods() + ")");
  }
  return Status::Ok();
}

// The options naming an account's own fields, shared by `add` and `edit`
// (consent has its own: `add` records the first decisions, `witness
// consent` the later ones).
void AddAccountFieldOptions(CommandLine& line) {
  line.options().add_options()
      ("incident", "the incident", cxxopts::value<std::string>())
      ("person", "the witness's person record", cxxopts::value<std::string>())
      ("pseudonym", "the witness's pseudonym, instead of a person record",
       cxxopts::value<std::string>())
      ("interviewer", "who took the account", cxxopts::value<std::string>())
      ("date", "date of the interview", cxxopts::value<std::string>())
      ("language", "language of the statement, e.g. ru",
       cxxopts::value<std::string>())
      ("relation", "eyewitness, victim or hearsay",
       cxxopts::value<std::string>())
      ("statement-file", "read the statement from FILE (- for standard input)",
       cxxopts::value<std::string>())
      ("translation-file", "read a translation from FILE",
       cxxopts::value<std::string>())
      ("reliability", "high, medium, low or unknown",
       cxxopts::value<std::string>())
      ("confidentiality", "public, internal, confidential or restricted",
       cxxopts::value<std::string>());
}

void AddConsentDecisionOptions(CommandLine& line) {
  line.options().add_options()
      ("consent", "purposes the witness agreed to, comma-separated",
       cxxopts::value<std::string>())
      ("refuse", "purposes the witness refused", cxxopts::value<std::string>())
      ("consent-method", ConsentMethods(), cxxopts::value<std::string>())
      ("consent-date", "when consent was given (default: --date)",
       cxxopts::value<std::string>());
}

// The statement and translation given (absent when their option is not).
// Read before the vault is opened, so that standard input is consumed
// before the passphrase prompt.
struct AccountTexts {
  std::optional<std::string> statement;
  std::optional<std::string> translation;
};

Result<AccountTexts> ReadAccountTexts(const CommandLine& line) {
  AccountTexts texts;
  if (line.Has("statement-file")) {
    FV_ASSIGN_OR_RETURN(texts.statement,
                        ReadTextOption(line, "statement-file"));
  }
  if (line.Has("translation-file")) {
    FV_ASSIGN_OR_RETURN(texts.translation,
                        ReadTextOption(line, "translation-file"));
  }
  return texts;
}

// Sets the fields whose options were given and leaves the others, for
// `add` (on an empty account) and `edit`. A witness is a person record or
// a pseudonym: giving one alone replaces the other.
Status ApplyAccountOptions(const CommandLine& line, VaultSession& session,
                           const AccountTexts& texts, WitnessAccount& a) {
  if (texts.statement) a.statement = *texts.statement;
  if (texts.translation) a.translation = *texts.translation;
  if (line.Has("incident")) {
    FV_ASSIGN_OR_RETURN(std::string incident,
                        line.Get<std::string>("incident"));
    FV_ASSIGN_OR_RETURN(a.incident_id,
                        ResolveRecord(session, core::kIncidentType, incident));
  }
  if (line.Has("person")) {
    FV_ASSIGN_OR_RETURN(std::string person, line.Get<std::string>("person"));
    FV_ASSIGN_OR_RETURN(a.witness_person_id,
                        ResolveRecord(session, core::kPersonType, person));
    if (!line.Has("pseudonym")) a.witness_pseudonym.clear();
  } else if (line.Has("pseudonym")) {
    a.witness_person_id.clear();
  }
  FV_ASSIGN_OR_RETURN(a.interview_date,
                      DateOption(line, "date", a.interview_date));
  for (auto [name, field] :
       {std::pair{"pseudonym", &a.witness_pseudonym},
        {"interviewer", &a.interviewer}, {"language", &a.language},
        {"relation", &a.relation}, {"reliability", &a.reliability},
        {"confidentiality", &a.meta.confidentiality}}) {
    FV_ASSIGN_OR_RETURN(*field, StringOption(line, name, *field));
  }
  return Status::Ok();
}

bool Names(const std::vector<std::string>& purposes, std::string_view purpose) {
  return std::find(purposes.begin(), purposes.end(), purpose) != purposes.end();
}

// A witness who refuses "store" refuses that their account be kept: the
// vault is where it would be kept (and seized), so the account is not
// recorded at all, rather than recorded and then withheld from exports.
Status RefuseUnconsentedStorage(const CommandLine& line) {
  if (!Names(ListOption(line, "refuse"), "store")) return Status::Ok();
  return Status::FailedPrecondition(
             "the witness refused storage: their account is not recorded")
      .WithHint("take no copy of the statement; if the witness later agrees "
                "that it be kept, record it then with --consent store");
}

Status Add(std::span<char*> args) {
  CommandLine line({"witness add", "Record a witness account. The statement "
                    "comes from a file or standard input. A witness who "
                    "refuses storage (--refuse store) is not recorded.",
                    "fieldvault witness add --incident 2f1c8a4e --pseudonym "
                    "\"Witness A\" --relation eyewitness --date 2020-02-23 "
                    "--statement-file - --consent store,share_with_hq "
                    "--refuse publish_named --consent-method oral_recorded",
                    true, true});
  AddAccountFieldOptions(line);
  AddConsentDecisionOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  if (!line.Has("incident") || !line.Has("statement-file") ||
      !line.Has("relation")) {
    return line.UsageError("give --incident ID, --relation and "
                           "--statement-file FILE (or - for standard input)");
  }
  FV_RETURN_IF_ERROR(NeedMethod(line, {"consent", "refuse"}, "consent-method"));
  FV_RETURN_IF_ERROR(RefuseUnconsentedStorage(line));
  FV_ASSIGN_OR_RETURN(AccountTexts texts, ReadAccountTexts(line));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  WitnessAccount a;
  FV_RETURN_IF_ERROR(ApplyAccountOptions(line, *session, texts, a));
  FV_ASSIGN_OR_RETURN(std::string method, StringOption(line, "consent-method"));
  FV_ASSIGN_OR_RETURN(auto consent_date,
                      DateOption(line, "consent-date", a.interview_date));
  Decide(a, ListOption(line, "consent"), true, consent_date, method);
  Decide(a, ListOption(line, "refuse"), false, consent_date, method);
  FV_RETURN_IF_ERROR(CreateRecord(*session, line, a));
  if (!Names(ListOption(line, "consent"), "store")) {
    PrintWarning("the witness's consent to storage is not recorded: ask them, "
                 "and record it with `fieldvault witness consent ID --grant "
                 "store` or `--refuse store --method M`");
  }
  return Status::Ok();
}

Status Edit(std::span<char*> args) {
  CommandLine line({"witness edit", "Correct a witness account; only the "
                    "options given change (an empty value clears a field, an "
                    "empty file the translation). The previous version is "
                    "kept. Consent changes with `witness consent`.",
                    "fieldvault witness edit 5e6f7a8b --date 2020-02-24 "
                    "--confidentiality public",
                    true, true});
  AddAccountFieldOptions(line);
  AddIdOption(line, "the witness account");
  for (const char* consent_option :
       {"consent", "refuse", "consent-method", "consent-date"}) {
    line.MovedOption(consent_option,
                     "`witness edit` does not change consent (--" +
                         std::string(consent_option) + ")",
                     "record the witness's decision with `fieldvault witness "
                     "consent ID --grant|--refuse|--withdraw PURPOSES`; "
                     "earlier decisions stay in the account");
  }
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(AccountTexts texts, ReadAccountTexts(line));
  FV_ASSIGN_OR_RETURN(auto target,
                      OpenRecordToEdit(line, core::kWitnessAccountType));
  VaultSession& session = *target.session;
  return EditRecord<WitnessAccount>(
      session, line, target.id, [&](WitnessAccount& a) {
        return ApplyAccountOptions(line, session, texts, a);
      });
}

Status Delete(std::span<char*> args) {
  return DeleteRecordCommand(
      args,
      {"witness delete", "Withdraw a witness account entered by mistake. It "
       "is kept as a tombstone with its history; nothing is lost.",
       "fieldvault witness delete 5e6f7a8b", false, true},
      core::kWitnessAccountType, "witness account");
}

// Marks the consent to each of `purposes` withdrawn on `date`.
// kFailedPrecondition when the witness never agreed to one of them.
Status Withdraw(WitnessAccount& account,
                const std::vector<std::string>& purposes,
                const core::PartialDate& date) {
  for (const std::string& purpose : purposes) {
    auto it = std::find_if(account.consents.begin(), account.consents.end(),
                           [&](const auto& c) { return c.purpose == purpose; });
    if (it == account.consents.end() || !it->granted) {
      return Status::FailedPrecondition("the witness never agreed to " +
                                        purpose + ": nothing to withdraw");
    }
    it->withdrawn = date;
  }
  return Status::Ok();
}

void AddConsentOptions(CommandLine& line) {
  AddIdOption(line, "the witness account");
  line.options().add_options()
      ("grant", "purposes now agreed to", cxxopts::value<std::string>())
      ("refuse", "purposes refused", cxxopts::value<std::string>())
      ("withdraw", "purposes whose consent is withdrawn",
       cxxopts::value<std::string>())
      ("date", "date of the decision", cxxopts::value<std::string>())
      ("method", ConsentMethods(), cxxopts::value<std::string>());
}

Status Consent(std::span<char*> args) {
  CommandLine line({"witness consent", "Record a witness's decision on how "
                    "their account may be used, or a withdrawal. Once "
                    "store or share_with_hq no longer holds, the account "
                    "stays home in every export; HQ, if it had it, "
                    "receives a notice without the statement or who the "
                    "witness is.",
                    "fieldvault witness consent 5e6f7a8b --withdraw "
                    "share_with_hq --date 2020-03-01",
                    true, true});
  AddConsentOptions(line);
  FV_ASSIGN_OR_RETURN(bool proceed, line.Parse(args));
  if (!proceed) return Status::Ok();
  FV_ASSIGN_OR_RETURN(std::string prefix, RequiredId(line));
  if (!line.Has("grant") && !line.Has("refuse") && !line.Has("withdraw")) {
    return line.UsageError("give --grant, --refuse or --withdraw PURPOSES");
  }
  if (!line.Has("date")) return line.UsageError("give the --date of it");
  FV_RETURN_IF_ERROR(NeedMethod(line, {"grant", "refuse"}, "method"));
  FV_ASSIGN_OR_RETURN(auto date, DateOption(line, "date"));
  FV_ASSIGN_OR_RETURN(std::string method, StringOption(line, "method"));
  FV_ASSIGN_OR_RETURN(auto session, VaultSession::Open(line.global()));
  FV_ASSIGN_OR_RETURN(std::string id, ResolveRecord(*session,
                                                    core::kWitnessAccountType,
                                                    prefix));
  FV_RETURN_IF_ERROR(
      EditRecord<WitnessAccount>(*session, line, id, [&](WitnessAccount& a) {
        Decide(a, ListOption(line, "grant"), true, date, method);
        Decide(a, ListOption(line, "refuse"), false, date, method);
        return Withdraw(a, ListOption(line, "withdraw"), date);
      }));
  if (Names(ListOption(line, "refuse"), "store") ||
      Names(ListOption(line, "withdraw"), "store")) {
    // What the decision does, and what it cannot do, so that the monitor
    // can tell the witness the truth.
    PrintWarning(
        "the witness no longer agrees that their account be kept: it will "
        "not leave in any bundle (HQ, if it had it, receives a notice "
        "without the statement). This vault still holds it and its earlier "
        "versions: `fieldvault witness purge " + id.substr(0, 8) +
        "` removes them for good, with its files and (unless a detention or "
        "another account names them) the witness's person record, and "
        "tells HQ to do the same.");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> AccountRow(core::RecordStore& /*store*/,
                                            const WitnessAccount& a) {
  std::string witness = a.witness_pseudonym.empty()
                            ? "person " + ShortId(a.witness_person_id)
                            : a.witness_pseudonym;
  return std::vector<std::string>{ShortId(a.meta.id), a.interview_date.text(),
                                  witness, a.relation,
                                  Allowed(a) +
                                      (a.meta.deleted ? " (deleted)" : "")};
}

Status List(std::span<char*> args) {
  return ListRecords<WitnessAccount>(
      args,
      {"witness list", "List witness accounts (never their statements).",
       "fieldvault witness list --incident 2f1c8a4e", true, true},
      {.incident = "only this incident's",
       .deleted = "include deleted accounts"},
      {{"ID", "DATE", "WITNESS", "RELATION", "CONSENT ALLOWS"}, AccountRow,
       {"statement", "translation"}});
}

void PrintConsents(const WitnessAccount& a) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : a.consents) {
    rows.push_back({c.purpose, c.granted ? "granted" : "refused",
                    c.date.text(), c.method,
                    c.withdrawn.known() ? "withdrawn " + c.withdrawn.text()
                                        : ""});
  }
  PrintTable({"PURPOSE", "DECISION", "DATE", "METHOD", ""}, rows);
}

Status PrintAccount(core::RecordStore& /*store*/, const WitnessAccount& a) {
  PrintFields({{"Witness account", a.meta.id},
               {"Incident", a.incident_id},
               {"Witness", a.witness_pseudonym.empty()
                               ? "person " + a.witness_person_id
                               : a.witness_pseudonym},
               {"Relation", a.relation},
               {"Interviewer", a.interviewer},
               {"Date", a.interview_date.text()},
               {"Language", a.language},
               {"Reliability", a.reliability},
               {"Confidentiality", a.meta.confidentiality},
               {"Version", std::to_string(a.meta.version) +
                               (a.meta.deleted ? " (deleted)" : "")}});
  std::printf("\n");
  PrintConsents(a);
  std::printf("\nStatement:\n%s\n", a.statement.c_str());
  if (!a.translation.empty()) {
    std::printf("\nTranslation:\n%s\n", a.translation.c_str());
  }
  return Status::Ok();
}

Status Show(std::span<char*> args) {
  return ShowRecord<WitnessAccount>(
      args,
      {"witness show", "Show a witness account, its consent and its "
       "statement (--history: every version).",
       "fieldvault witness show 5e6f7a8b", true, true},
      "the witness account", PrintAccount);
}

constexpr Subcommand kSubcommands[] = {
    {"add", Add},   {"list", List},     {"show", Show},
    {"edit", Edit}, {"delete", Delete}, {"consent", Consent},
    {"purge", WitnessPurge}};

}  // namespace

int RunWitness(std::span<char*> args) {
  return RunSubcommand(
      args, "witness", kSubcommands,
      "usage: fieldvault witness add --incident ID --relation R "
      "--statement-file FILE|- ...\n"
      "       fieldvault witness list [--incident ID] [--deleted] [--json]\n"
      "       fieldvault witness show ID [--history] [--json]\n"
      "       fieldvault witness edit ID [options of add but consent]\n"
      "       fieldvault witness delete ID\n"
      "       fieldvault witness consent ID --grant|--refuse|--withdraw "
      "PURPOSES --date DATE\n"
      "       fieldvault witness purge ID [--yes]\n"
      "Run `fieldvault witness <command> --help` for details.\n");
}

}  // namespace fieldvault::cli
