#include "core/clock.h"

#include <chrono>
#include <ctime>

namespace fieldvault::core {
namespace {

class SystemClockImpl final : public Clock {
 public:
  int64_t NowMicros() override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

int64_t MonotonicClock::NowMicros() {
  const int64_t now = wrapped_->NowMicros();
  // Equal is fine: a fixed clock may give one time to several changes.
  latest_ = now >= latest_ ? now : latest_ + 1;
  return latest_;
}

void MonotonicClock::NoteTime(int64_t micros) {
  if (micros > latest_) latest_ = micros;
}

Clock& SystemClock() {
  static SystemClockImpl clock;
  return clock;
}

std::string FormatUtc(int64_t micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  if (micros < 0 && micros % 1000000 != 0) --seconds;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace fieldvault::core
