// CheckedLinesSink: passes a JSON Lines stream (a bundle's
// records/<type>.jsonl) on to another sink, checking on a second thread
// that every line is well-formed JSON, so that an export's first pass
// reads the vault on one core while the check runs on the other.
//
// What it checks is what the bundle's receiver needs: each line, split at
// '\n', is one JSON text (a stored body that held a raw newline would be
// refused, as it would break the file into lines that are not JSON).
// Bytes are handed on in order and unchanged; memory is PipeSink's ring of
// buffers (crypto/stream_threads.h: locked and wiped, since they hold
// records) plus the one line that straddles two of them.
#ifndef FIELDVAULT_CORE_BUNDLE_CHECKED_LINES_SINK_H_
#define FIELDVAULT_CORE_BUNDLE_CHECKED_LINES_SINK_H_

#include <span>
#include <string>

#include "crypto/byte_stream.h"
#include "crypto/status.h"
#include "crypto/stream_threads.h"

namespace fieldvault::core::bundle {

class CheckedLinesSink final : public crypto::ByteSink {
 public:
  // `next` must outlive this object; it is written from the second thread
  // until Finish() returns, so the caller must not use it before then.
  // `what` names the lines' record type in the error ("detention").
  CheckedLinesSink(crypto::ByteSink& next, std::string what);
  // Stops the thread; what was not checked yet is dropped.
  ~CheckedLinesSink() override = default;
  CheckedLinesSink(const CheckedLinesSink&) = delete;
  CheckedLinesSink& operator=(const CheckedLinesSink&) = delete;

  // Queues `bytes` and returns at once, or once a buffer is free; the
  // first error found so far, if any (then write no more).
  Status Write(std::span<const uint8_t> bytes) override;

  // Checks and forwards everything written, the last line too if it has
  // no newline. kCorruption ("a stored <what> is damaged") for a line that
  // is not JSON; `next`'s first error otherwise. Call once.
  Status Finish();

 private:
  // Runs on the pipe's thread: checks complete lines, keeps the last
  // incomplete one, forwards the bytes.
  class LineChecker final : public crypto::ByteSink {
   public:
    LineChecker(crypto::ByteSink& next, std::string what)
        : next_(next), what_(std::move(what)) {}
    Status Write(std::span<const uint8_t> bytes) override;
    Status Finish();

   private:
    Status Check(std::string_view line) const;

    crypto::ByteSink& next_;
    std::string what_;
    std::string partial_;  // the current line's start, before its '\n'
  };

  LineChecker checker_;
  crypto::PipeSink pipe_;  // last: its thread uses checker_
};

}  // namespace fieldvault::core::bundle

#endif  // FIELDVAULT_CORE_BUNDLE_CHECKED_LINES_SINK_H_
