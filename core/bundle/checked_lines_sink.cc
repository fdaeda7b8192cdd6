#include "core/bundle/checked_lines_sink.h"

#include <algorithm>

#include "core/bundle/json_line_check.h"

namespace fieldvault::core::bundle {

CheckedLinesSink::CheckedLinesSink(crypto::ByteSink& next, std::string what)
    : checker_(next, std::move(what)), pipe_(checker_) {}

Status CheckedLinesSink::Write(std::span<const uint8_t> bytes) {
  return pipe_.Write(bytes);
}

Status CheckedLinesSink::Finish() {
  FV_RETURN_IF_ERROR(pipe_.Finish());
  // The pipe's thread is idle now: the last line is checked here.
  return checker_.Finish();
}

Status CheckedLinesSink::LineChecker::Check(std::string_view line) const {
  // IsJsonText refuses what the receiver's parser would refuse, and
  // builds nothing.
  if (!IsJsonText(line)) {
    return Status::Corruption("a stored " + what_ + " is damaged");
  }
  return Status::Ok();
}

Status CheckedLinesSink::LineChecker::Write(std::span<const uint8_t> bytes) {
  std::string_view rest(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (size_t end = rest.find('\n'); end != std::string_view::npos;
       end = rest.find('\n')) {
    if (partial_.empty()) {
      FV_RETURN_IF_ERROR(Check(rest.substr(0, end)));
    } else {
      // A line cut between two buffers: joined before it is checked.
      partial_.append(rest.substr(0, end));
      FV_RETURN_IF_ERROR(Check(partial_));
      partial_.clear();
    }
    rest.remove_prefix(end + 1);
  }
  partial_.append(rest);
  return next_.Write(bytes);
}

Status CheckedLinesSink::LineChecker::Finish() {
  if (partial_.empty()) return Status::Ok();
  Status last = Check(partial_);
  partial_.clear();
  return last;
}

}  // namespace fieldvault::core::bundle
