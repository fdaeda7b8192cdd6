#include "cli/global_options.h"

#include <cstdlib>

namespace fieldvault::cli {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::string DefaultVaultDir() {
  if (std::string dir = Env("FIELDVAULT_VAULT"); !dir.empty()) return dir;
  if (std::string data = Env("XDG_DATA_HOME"); !data.empty()) {
    return data + "/fieldvault/vault";
  }
  if (std::string home = Env("HOME"); !home.empty()) {
    return home + "/.local/share/fieldvault/vault";
  }
  return "fieldvault-vault";
}

void AddGlobalOptions(cxxopts::Options& options, bool with_json,
                      bool with_passphrase) {
  options.add_options("Global")(
      "vault", "the vault directory (default: $FIELDVAULT_VAULT, else "
      "$XDG_DATA_HOME/fieldvault/vault)",
      cxxopts::value<std::string>(), "DIR");
  if (with_passphrase) {
    options.add_options("Global")(
        "passphrase-file",
        "read the passphrase from the first line of FILE instead of the "
        "terminal (for scripts; keep FILE private)",
        cxxopts::value<std::string>(), "FILE");
  }
  if (with_json) {
    options.add_options("Global")("json", "print machine-readable JSON");
  }
}

GlobalOptions ReadGlobalOptions(const cxxopts::ParseResult& parsed,
                                bool with_json) {
  GlobalOptions global;
  global.vault_dir = parsed.count("vault")
                         ? parsed["vault"].as<std::string>()
                         : DefaultVaultDir();
  if (parsed.count("passphrase-file")) {
    global.passphrase_file = parsed["passphrase-file"].as<std::string>();
  }
  global.json = with_json && parsed.count("json") > 0;
  return global;
}

}  // namespace fieldvault::cli
