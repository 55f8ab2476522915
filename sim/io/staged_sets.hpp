#pragma once
// Private to the io module: what a signal handler needs to remove the output sets being staged
// and to say what each output folder kept. A handler may call only async-signal-safe functions
// (unlinkat, write, _exit; no malloc, no std::string), so everything is in fixed arrays filled
// before it is needed, and the handler and the owning thread agree through atomics only.
#include <atomic>

namespace tankersim::io::detail {

inline constexpr int kMaxStagedSets = 4;        ///< alive at once in one process
inline constexpr int kMaxFilesPerSet = 32;      ///< manifest.csv included (a run with every output: 20)
inline constexpr int kMaxFileNameBytes = 64;    ///< terminating zero included
inline constexpr int kMaxShownDirBytes = 1024;  ///< the folder as spelled in messages (cut beyond)
inline constexpr int kMaxStagingNameBytes = 256;

enum SlotState : int {
  kFree,
  kClaimed,     ///< being set up: a handler ignores it
  kStaging,     ///< files being written: a handler removes them
  kPublishing,  ///< the switch is under way: a handler defers to its end
  kPublished,   ///< the new set is in place
  kAborting,    ///< a handler or the destructor is removing the staging folder
};

struct StagedSet {
  std::atomic<int> state{kFree};
  int parent_fd = -1;
  int staging_fd = -1;
  bool had_previous = false;
  char staging_name[kMaxStagingNameBytes] = {};
  char shown_dir[kMaxShownDirBytes] = {};
  std::atomic<int> files{0};
  char names[kMaxFilesPerSet][kMaxFileNameBytes] = {};
};

/// A free slot, now kClaimed; nullptr when kMaxStagedSets are in use.
StagedSet* claim_slot();
void release_slot(StagedSet* slot);

/// The signal a handler deferred because a set was being switched in (0: none).
extern std::atomic<int> g_deferred_signal;

/// Removes every staging folder, writes one line per output folder on standard error and exits
/// 128 + signal_number. Async-signal-safe. Returns (without exiting) only when a set is being
/// switched in; the signal is then left in g_deferred_signal for publish() to act on.
void abandon_all_and_exit(int signal_number);

}  // namespace tankersim::io::detail
