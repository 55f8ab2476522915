#pragma once
// SIGINT and SIGTERM while output sets are staged: the handler removes every staging folder,
// says on standard error what each output folder kept, and exits 128 + the signal (130, 143),
// as shells report a command stopped by a signal. Re-raising the signal instead was rejected:
// the exit status would carry no message, and the staging folders would stay behind.
#include <signal.h>

#include <atomic>

namespace tankersim::io {

/// 130 for SIGINT, 143 for SIGTERM.
constexpr int exit_code_for_signal(int signal_number) { return 128 + signal_number; }

class InterruptGuard {
 public:
  /// Installs the SIGINT and SIGTERM handlers (SA_RESTART).
  InterruptGuard();
  /// Restores the handlers found at construction.
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// While flag is set, the first SIGINT only sets *flag (the caller stops and publishes what it
  /// has: `compare`'s partial results); a second SIGINT, or SIGTERM, exits as above. nullptr
  /// turns this off.
  void stop_on_first_sigint(std::atomic<bool>* flag);

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace tankersim::io
