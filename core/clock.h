// Clock: where every timestamp comes from. Passed in, never global, so
// tests can fix time.
#ifndef FIELDVAULT_CORE_CLOCK_H_
#define FIELDVAULT_CORE_CLOCK_H_

#include <cstdint>
#include <string>

namespace fieldvault::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() = 0;
};

// The system's real-time clock.
Clock& SystemClock();

// A clock that returns a set time and advances only when told (tests).
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t micros) : micros_(micros) {}
  int64_t NowMicros() override { return micros_; }
  void Advance(int64_t micros) { micros_ += micros; }

 private:
  int64_t micros_;
};

// A clock that never goes back: the wrapped clock's time, or, when that is
// earlier than a time already handed out or noted (a laptop clock set
// back), one microsecond after that time. A vault's timestamps then keep
// the order of its changes, which --since-last exports rely on.
class MonotonicClock final : public Clock {
 public:
  explicit MonotonicClock(Clock& wrapped) : wrapped_(&wrapped) {}
  int64_t NowMicros() override;
  // Makes every later time at least `micros` (+1 when the wrapped clock
  // is behind it), e.g. the vault's latest custody event.
  void NoteTime(int64_t micros);

 private:
  Clock* wrapped_;
  int64_t latest_ = INT64_MIN;
};

// RFC 3339 UTC text with seconds, e.g. "2020-02-22T09:30:00Z".
std::string FormatUtc(int64_t micros);

}  // namespace fieldvault::core

#endif  // FIELDVAULT_CORE_CLOCK_H_
