#include "tankersim/io/interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "staged_sets.hpp"

namespace tankersim::io {

namespace detail {

namespace {
StagedSet g_slots[kMaxStagedSets];
std::atomic<std::atomic<bool>*> g_stop_flag{nullptr};

// A line is assembled in a fixed buffer and written with one write(2), so that lines of two
// threads do not interleave.
struct Line {
  char text[kMaxShownDirBytes + 128];
  size_t used = 0;
  void add(const char* s) {
    while (*s != '\0' && used < sizeof text) text[used++] = *s++;
  }
  void flush() {
    size_t done = 0;
    while (done < used) {
      const ssize_t n = ::write(STDERR_FILENO, text + done, used - done);
      if (n <= 0 && errno != EINTR) break;
      if (n > 0) done += static_cast<size_t>(n);
    }
    used = 0;
  }
};

const char* signal_name(int signal_number) {
  switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal";
  }
}

extern "C" void on_signal(int signal_number) {
  const int saved_errno = errno;
  std::atomic<bool>* stop = g_stop_flag.load();
  if (signal_number == SIGINT && stop != nullptr && !stop->exchange(true)) {
    errno = saved_errno;
    return;
  }
  abandon_all_and_exit(signal_number);
  errno = saved_errno;  // deferred: publish() is switching a set in and exits when done
}
}  // namespace

std::atomic<int> g_deferred_signal{0};

StagedSet* claim_slot() {
  for (auto& slot : g_slots) {
    int expected = kFree;
    if (slot.state.compare_exchange_strong(expected, kClaimed)) {
      slot.files.store(0);
      return &slot;
    }
  }
  return nullptr;
}

void release_slot(StagedSet* slot) { slot->state.store(kFree); }

void abandon_all_and_exit(int signal_number) {
  for (auto& slot : g_slots) {
    if (slot.state.load() == kPublishing) {
      g_deferred_signal.store(signal_number);
      return;
    }
  }
  Line line;
  bool said = false;
  for (auto& slot : g_slots) {
    int expected = kStaging;
    const bool abandoned = slot.state.compare_exchange_strong(expected, kAborting);
    if (!abandoned && expected == kPublishing) {
      // Switched in since the check above: let publish() finish and exit.
      g_deferred_signal.store(signal_number);
      return;
    }
    if (abandoned) {
      const int files = slot.files.load();
      for (int i = 0; i < files; ++i) ::unlinkat(slot.staging_fd, slot.names[i], 0);
      // Fails if something else was put in the folder; the next run into the folder removes it.
      ::unlinkat(slot.parent_fd, slot.staging_name, AT_REMOVEDIR);
    }
    // kAborting without abandoned: the owner's destructor is removing the staging folder.
    const bool kept = abandoned || expected == kAborting;
    if (!kept && expected != kPublished) continue;
    line.add("tankersim: interrupted (");
    line.add(signal_name(signal_number));
    line.add("); ");
    if (!kept) {
      line.add(slot.shown_dir);
      line.add(" holds the new output set\n");
    } else if (slot.had_previous) {
      line.add(slot.shown_dir);
      line.add(" keeps the previous output set\n");
    } else {
      line.add("nothing was written to ");
      line.add(slot.shown_dir);
      line.add("\n");
    }
    line.flush();
    said = true;
  }
  if (!said) {
    line.add("tankersim: interrupted (");
    line.add(signal_name(signal_number));
    line.add("); nothing was written\n");
    line.flush();
  }
  ::_exit(exit_code_for_signal(signal_number));
}

}  // namespace detail

InterruptGuard::InterruptGuard() {
  struct sigaction action {};
  action.sa_handler = detail::on_signal;
  sigemptyset(&action.sa_mask);
  // Blocking the other signal while one is handled keeps two handlers from interleaving.
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &previous_int_);
  ::sigaction(SIGTERM, &action, &previous_term_);
}

InterruptGuard::~InterruptGuard() {
  detail::g_stop_flag.store(nullptr);
  ::sigaction(SIGINT, &previous_int_, nullptr);
  ::sigaction(SIGTERM, &previous_term_, nullptr);
}

void InterruptGuard::stop_on_first_sigint(std::atomic<bool>* flag) { detail::g_stop_flag.store(flag); }

}  // namespace tankersim::io
