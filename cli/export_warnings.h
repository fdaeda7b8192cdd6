// What a monitor is told about exports that did not finish
// (core/bundle/unfinished_exports.h): by `status` (stdout, and in --json)
// and by `export` before it starts (stderr, never in its --json stdout).
// Each bundle gets one sentence on what happened and what to do.
#ifndef FIELDVAULT_CLI_EXPORT_WARNINGS_H_
#define FIELDVAULT_CLI_EXPORT_WARNINGS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/bundle/unfinished_exports.h"

namespace fieldvault::cli {

// Where the advice is read: `status` (a later export settles things) or
// `export` (this export is settling them now).
enum class AdviceFor { kStatus, kExport };

// One sentence for a monitor: what happened to the bundle and what to do.
std::string DescribeUnfinished(const core::bundle::UnfinishedExport& bundle,
                               AdviceFor where);

// The bundles as a JSON array of {sequence, bundle_id, started_at, state
// ("running", "interrupted", "failed"), advice}.
nlohmann::json UnfinishedJson(
    const std::vector<core::bundle::UnfinishedExport>& bundles);

// Prints every bundle and temporary file of `warnings` on stderr as
// "fieldvault: warning: ..." lines.
void PrintExportWarnings(const core::bundle::ExportWarnings& warnings);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_EXPORT_WARNINGS_H_
