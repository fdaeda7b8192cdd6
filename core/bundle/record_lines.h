// Reads a bundle's records/<type>.jsonl on a second thread, parsing each
// line and preparing it as a record there (PrepareRecord: checked and
// canonical, no database), while the calling thread merges the records
// before it into the vault (RecordImporter::Apply). The JSON work of an
// import then runs beside its database work on two cores, as the stages
// of `tar | age` do in two processes.
//
// Records reach the caller in file order, each with its line number; a
// line that is not a JSON object or not a valid record reaches it as that
// line's error, and the end of the file, or an error reading it (a hash
// that does not match the manifest), after every line before it: the
// caller sees the same sequence as a loop over the lines would give it.
// At most kQueuedBatches batches of kBatchRecords records wait, so memory
// does not grow with the file. `content` is used only by the reading
// thread until ForEachPreparedRecord returns.
#ifndef FIELDVAULT_CORE_BUNDLE_RECORD_LINES_H_
#define FIELDVAULT_CORE_BUNDLE_RECORD_LINES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/records/record_exchange.h"
#include "crypto/byte_stream.h"
#include "crypto/status.h"

namespace fieldvault::core::bundle {

// Records handed over at once (one lock and wake-up per batch, not per
// record), and batches that may wait.
inline constexpr size_t kBatchRecords = 64;
inline constexpr size_t kQueuedBatches = 4;

// Called on the calling thread with each line's number (from 1) and its
// prepared record, or the line's error (kCorruption "<path> line N: a line
// is not a JSON object", or PrepareRecord's error with that context). The
// record may be changed; it is freed later, on the reading thread.
using PreparedRecordFn =
    std::function<Status(uint64_t line, Result<PreparedRecord>& record)>;

// Streams `content` (the member `path`, of records of `type`) to `apply`.
// Returns `apply`'s first error (reading stops there), else the error that
// ended the reading (ForEachLine's: a line over `max_line_bytes`, a last
// line without LF, or `content`'s own), else Ok.
Status ForEachPreparedRecord(crypto::ByteSource& content, std::string_view path,
                             std::string_view type, size_t max_line_bytes,
                             const PreparedRecordFn& apply);

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_RECORD_LINES_H_
