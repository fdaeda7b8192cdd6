// Every command's --help names the value of each option that takes one
// (never cxxopts' bare "arg"), with names that say what to type.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace fieldvault::testing {
namespace {

// The commands `fieldvault --help` lists.
std::vector<std::string> Commands() {
  const std::string help = RunFieldvault({"--help"}).out;
  std::istringstream lines(help.substr(help.find("Commands:")));
  std::vector<std::string> commands;
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.rfind("  ", 0) == 0) {
    std::istringstream words(line);
    std::string name;
    words >> name;
    commands.push_back(name);
  }
  return commands;
}

// The words after "fieldvault GROUP " in a help text: a group's
// subcommands (an example's first argument, for other commands).
std::set<std::string> Subcommands(const std::string& group, const std::string& help) {
  std::set<std::string> words;
  const std::regex usage("fieldvault " + group + " ([a-z][a-z-]*)");
  for (auto it = std::sregex_iterator(help.begin(), help.end(), usage);
       it != std::sregex_iterator(); ++it) {
    words.insert((*it)[1]);
  }
  return words;
}

TEST(HelpTest, EveryOptionThatTakesAValueNamesIt) {
  const std::regex bare("--[a-z][a-z-]* arg( |\n)");
  std::vector<std::vector<std::string>> commands;
  for (const std::string& command : Commands()) {
    commands.push_back({command});
    CliResult help = RunFieldvault({command, "--help"});
    for (const std::string& sub : Subcommands(command, help.out + help.err)) {
      commands.push_back({command, sub});
    }
  }
  ASSERT_GT(commands.size(), 40u);
  for (std::vector<std::string> args : commands) {
    args.push_back("--help");
    CliResult help = RunFieldvault(args);
    std::smatch found;
    EXPECT_FALSE(std::regex_search(help.out, found, bare))
        << args[0] << " " << args[1] << ": " << found.str();
  }
  const std::string incident = RunFieldvault({"incident", "add", "--help"}).out;
  EXPECT_NE(incident.find("--start DATE"), std::string::npos) << incident;
  EXPECT_NE(incident.find("--description-file FILE"), std::string::npos);
  const std::string detention = RunFieldvault({"detention", "add", "--help"}).out;
  EXPECT_NE(detention.find("--person ID"), std::string::npos) << detention;
  EXPECT_NE(RunFieldvault({"search", "--help"}).out.find("--limit N"), std::string::npos);
}

}  // namespace
}  // namespace fieldvault::testing
