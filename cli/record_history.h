// `<record> show ID --history`: every version of a record, oldest first,
// each with how this vault got it (written here by a create, an edit, a
// delete, a merge or a conflict resolution, or received: from which
// signer, in which bundle and with which sequence number;
// core/records/version_source.h), as a table or as JSON.
#ifndef FIELDVAULT_CLI_RECORD_HISTORY_H_
#define FIELDVAULT_CLI_RECORD_HISTORY_H_

#include <string>
#include <string_view>

#include "cli/command_line.h"
#include "core/records/record_store.h"
#include "crypto/status.h"

namespace fieldvault::cli {

// Prints every version of record (type, id), oldest first: a table of
// version, time, state and provenance, or with --json an array of the
// versions' JSON, each with a "provenance" object added (not part of the
// record: how this vault got that version). Errors of the store (kNotFound)
// and kIoError.
Status PrintHistory(const CommandLine& line, core::RecordStore& store,
                    std::string_view type, const std::string& id);

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_RECORD_HISTORY_H_
