// Ctrl-C and SIGTERM during a long command that can stop cleanly.
//
// While an InterruptFlag lives, SIGINT and SIGTERM set its flag instead of
// ending the process; the command hands flag() to core (e.g.
// core::bundle::ExportRequest::interrupted), whose writing loop notices it,
// removes what it wrote and returns an error; the command then says what
// happened and exits with kExitInterrupted. The handler only stores to a
// lock-free atomic, which is async-signal-safe. A second signal, when the
// first was not acted on quickly enough for the user, ends the process
// as the default action would (nothing is cleaned up then).
#ifndef FIELDVAULT_CLI_INTERRUPT_FLAG_H_
#define FIELDVAULT_CLI_INTERRUPT_FLAG_H_

#include <signal.h>

#include <atomic>

namespace fieldvault::cli {

// The exit code of a command stopped by SIGINT or SIGTERM, as a shell
// reports a process ended by SIGINT (128 + 2).
inline constexpr int kExitInterrupted = 130;

class InterruptFlag {
 public:
  // Installs the handlers (one InterruptFlag at a time; not during a
  // passphrase prompt, which installs its own).
  InterruptFlag();
  // Puts back the handlers that were there before.
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  // Set once SIGINT or SIGTERM arrived. Lives as long as this object.
  const std::atomic<bool>* flag() const;
  bool raised() const;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace fieldvault::cli

#endif  // FIELDVAULT_CLI_INTERRUPT_FLAG_H_
