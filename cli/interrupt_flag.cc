#include "cli/interrupt_flag.h"

#include <csignal>

namespace fieldvault::cli {
namespace {

// A signal handler can only reach a global. Lock-free, so storing to it
// from the handler is async-signal-safe (checked below).
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void SetInterrupted(int signal_number) {
  if (g_interrupted.exchange(true)) {
    // The second Ctrl-C: the user does not want to wait for the cleanup.
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
  }
}

}  // namespace

InterruptFlag::InterruptFlag() {
  g_interrupted.store(false);
  struct sigaction action {};
  action.sa_handler = SetInterrupted;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a write blocked on a slow stick returns (EINTR or
  // short), and the writing loop looks at the flag before going on.
  action.sa_flags = 0;
  ::sigaction(SIGINT, &action, &previous_int_);
  ::sigaction(SIGTERM, &action, &previous_term_);
}

InterruptFlag::~InterruptFlag() {
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>* InterruptFlag::flag() const { return &g_interrupted; }

bool InterruptFlag::raised() const { return g_interrupted.load(); }

}  // namespace fieldvault::cli
