#include "cli/command.h"

#include <array>

namespace fieldvault::cli {

int RunAttach(std::span<char*> args);
int RunCheck(std::span<char*> args);
int RunConflicts(std::span<char*> args);
int RunDetainees(std::span<char*> args);
int RunDetention(std::span<char*> args);
int RunExport(std::span<char*> args);
int RunId(std::span<char*> args);
int RunImport(std::span<char*> args);
int RunIncident(std::span<char*> args);
int RunPerson(std::span<char*> args);
int RunReceived(std::span<char*> args);
int RunReport(std::span<char*> args);
int RunSource(std::span<char*> args);
int RunVocab(std::span<char*> args);
int RunWitness(std::span<char*> args);
int RunInit(std::span<char*> args);
int RunLog(std::span<char*> args);
int RunPasswd(std::span<char*> args);
int RunRecipients(std::span<char*> args);
int RunRecoveryKey(std::span<char*> args);
int RunRepack(std::span<char*> args);
int RunSearch(std::span<char*> args);
int RunSigners(std::span<char*> args);
int RunStatus(std::span<char*> args);
int RunWipe(std::span<char*> args);
int RunVerify(std::span<char*> args);
int RunVersion(std::span<char*> args);

std::span<const Command> AllCommands() {
  static const std::array kCommands = {
      Command{"init", "create a new vault protected by a passphrase", RunInit},
      Command{"incident", "record, list, show, edit and delete incidents",
              RunIncident},
      Command{"person", "record, list, show, edit, delete and merge persons "
                        "and groups; find duplicate persons",
              RunPerson},
      Command{"detention", "record, list, show, edit and delete detentions "
                           "and their legal status history",
              RunDetention},
      Command{"witness", "record, list, show, edit and delete witness "
                         "accounts and their consent",
              RunWitness},
      Command{"source", "record, list, show, edit and delete sources",
              RunSource},
      Command{"report", "figures per incident, place or date", RunReport},
      Command{"vocab", "list the controlled vocabularies", RunVocab},
      Command{"attach", "store, list and extract photos, recordings and "
                        "documents; redact their names", RunAttach},
      Command{"detainees", "import a detainee list from a CSV file",
              RunDetainees},
      Command{"search", "find records by words and names, in any script",
              RunSearch},
      Command{"id", "show or export this vault's keys (show, export, ...)",
              RunId},
      Command{"recipients", "keyring of HQ keys bundles are encrypted to",
              RunRecipients},
      Command{"signers", "keyring of monitors' keys whose bundles HQ trusts",
              RunSigners},
      Command{"status", "unlock the vault and show what it is", RunStatus},
      Command{"passwd", "change the vault's passphrase", RunPasswd},
      Command{"recovery-key", "add or replace the recovery key (shown once)",
              RunRecoveryKey},
      Command{"log", "show the custody log", RunLog},
      Command{"check", "verify the custody chain, database and key file",
              RunCheck},
      Command{"repack", "rewrite vault.db at the current page size, without "
                        "free space (faster vaults from older versions)",
              RunRepack},
      Command{"wipe", "destroy the vault for ever (crypto-erase)", RunWipe},
      Command{"export", "write a signed, encrypted bundle for HQ", RunExport},
      Command{"verify", "check a received bundle (signer, integrity, sequence)",
              RunVerify},
      Command{"import", "verify a bundle and merge it into this vault",
              RunImport},
      Command{"received", "list received bundles and their verdicts",
              RunReceived},
      Command{"conflicts", "list and resolve records an import could not "
                           "reconcile", RunConflicts},
      Command{"version", "print the version of fieldvault", RunVersion},
  };
  return kCommands;
}

}  // namespace fieldvault::cli
