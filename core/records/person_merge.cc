#include "core/records/person_merge.h"

#include "core/records/duplicate_persons.h"

namespace fieldvault::core {
namespace {

std::string Short(std::string_view id) { return std::string(id.substr(0, 8)); }

}  // namespace

Status MarkMerged(RecordStore& store, Person& person, std::string_view into) {
  if (into == person.meta.id) {
    return Status::InvalidArgument("a person cannot be merged into itself");
  }
  FV_ASSIGN_OR_RETURN(Person target, store.Get<Person>(into));
  if (target.meta.deleted) {
    return Status::FailedPrecondition("the person " + Short(into) +
                                      " was deleted");
  }
  if (target.merged_into == person.meta.id) {
    return Status::FailedPrecondition(
               "the person " + Short(into) + " is merged into " +
               Short(person.meta.id) + " already")
        .WithHint("undo that first with `fieldvault person edit " +
                  Short(into) + " --unmerge`");
  }
  if (!target.merged_into.empty()) {
    return Status::FailedPrecondition("the person " + Short(into) +
                                      " is itself merged into " +
                                      Short(target.merged_into))
        .WithHint("merge into " + Short(target.merged_into) + " instead");
  }
  // Moving a merged person silently would make the printed undo
  // (`--unmerge`) wrong and hide the earlier decision: ask for it.
  if (person.merged_into == into) {
    return Status::FailedPrecondition("the person " + Short(person.meta.id) +
                                      " is merged into " + Short(into) +
                                      " already");
  }
  if (!person.merged_into.empty()) {
    return Status::FailedPrecondition("the person " + Short(person.meta.id) +
                                      " is merged into " +
                                      Short(person.merged_into) + " already")
        .WithHint("to merge it into " + Short(into) +
                  " instead, undo that first with `fieldvault person edit " +
                  Short(person.meta.id) + " --unmerge`");
  }
  person.merged_into = std::string(into);
  return Status::Ok();
}

Result<std::vector<PersonMerge>> MergeCertainDuplicates(RecordStore& store) {
  FV_ASSIGN_OR_RETURN(
      std::vector<DuplicateGroup> groups,
      FindDuplicatePersonsInVault(store, {DuplicateGrade::kCertain, ""}));
  std::vector<PersonMerge> merges;
  for (const DuplicateGroup& group : groups) {
    const PersonForMatching& target = group.members.front();
    for (size_t i = 1; i < group.members.size(); ++i) {
      FV_ASSIGN_OR_RETURN(Person person,
                          store.Get<Person>(group.members[i].id));
      FV_RETURN_IF_ERROR(MarkMerged(store, person, target.id));
      FV_RETURN_IF_ERROR(store.Update(person).status());
      merges.push_back({person.meta.id, target.id,
                        group.members[i].names.front(),
                        target.names.front()});
    }
  }
  return merges;
}

}  // namespace fieldvault::core
