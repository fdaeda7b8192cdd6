// Printing what `verify` and `import` found: a report a person can read
// (signer, creation time, sequence and gap status, counts, each check
// passed or failed), or the same as JSON.
#ifndef FIELDVAULT_CLI_BUNDLE_REPORT_H_
#define FIELDVAULT_CLI_BUNDLE_REPORT_H_

#include <nlohmann/json.hpp>

#include "core/bundle/receiver.h"

namespace fieldvault::cli {

// The report as JSON (for --json).
nlohmann::json ReportJson(const core::bundle::ReceiveReport& report);

// Prints the report as text on stdout.
void PrintReport(const core::bundle::ReceiveReport& report);

// "incident 3, person 10" from a name -> count map ("none" when empty).
std::string DescribeCounts(const std::map<std::string, uint64_t>& counts);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_BUNDLE_REPORT_H_
