#include "core/records/merge_loops.h"

#include <algorithm>
#include <map>
#include <set>

namespace fieldvault::core {
namespace {

std::string Short(std::string_view id) { return std::string(id.substr(0, 8)); }

}  // namespace

Result<std::vector<std::string>> MergeLoopThrough(Database& db,
                                                  std::string_view person_id,
                                                  std::string_view into) {
  FV_ASSIGN_OR_RETURN(
      Statement next,
      db.Prepare("SELECT merged_into FROM persons WHERE id = ?"));
  std::vector<std::string> chain;
  std::set<std::string> seen;
  std::string current(into);
  // Stops at a person merged nowhere, or at a loop the chain runs into
  // that does not pass through `person_id` (that one is check's to report).
  while (!current.empty() && seen.insert(current).second) {
    chain.push_back(current);
    if (current == person_id) return chain;
    FV_RETURN_IF_ERROR(next.Reset());
    FV_RETURN_IF_ERROR(next.BindText(1, current));
    FV_ASSIGN_OR_RETURN(bool row, next.Step());
    current = row ? next.ColumnText(0) : std::string();
  }
  return std::vector<std::string>();
}

Result<std::vector<std::vector<std::string>>> FindMergeLoops(Database& db) {
  FV_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare(
          "SELECT id, merged_into FROM persons WHERE merged_into <> ''"));
  std::map<std::string, std::string> merges;
  while (true) {
    FV_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    merges[select.ColumnText(0)] = select.ColumnText(1);
  }
  std::vector<std::vector<std::string>> loops;
  std::set<std::string> done;
  for (const auto& [start, unused] : merges) {
    // Walks from `start` until a person merged nowhere, one already
    // walked, or one met on this walk: then the walk from there is a loop.
    std::vector<std::string> walk;
    std::string current = start;
    while (merges.count(current) != 0 && done.count(current) == 0 &&
           std::find(walk.begin(), walk.end(), current) == walk.end()) {
      walk.push_back(current);
      current = merges.at(current);
    }
    auto loop_start = std::find(walk.begin(), walk.end(), current);
    if (loop_start != walk.end()) {
      std::vector<std::string> loop(loop_start, walk.end());
      std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()),
                  loop.end());
      loops.push_back(std::move(loop));
    }
    done.insert(walk.begin(), walk.end());
  }
  std::sort(loops.begin(), loops.end());
  return loops;
}

Status MergeLoopError(std::string_view person_id,
                      const std::vector<std::string>& loop) {
  std::string ring = Short(person_id);
  for (const std::string& id : loop) ring += " -> " + Short(id);
  return Status::FailedPrecondition(
             "person " + Short(person_id) + " would be merged into " +
             Short(loop.empty() ? "" : loop.front()) +
             ", which is merged back into it here (" + ring +
             "): the persons would be merged into each other")
      .WithHint(
          "the same people were merged the other way round in each "
          "vault; undo the merge here with `fieldvault person edit " +
          Short(loop.size() > 1 ? loop[loop.size() - 2] : person_id) +
          " --unmerge`, then import again");
}

}  // namespace fieldvault::core
