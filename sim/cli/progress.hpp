#pragma once
// The progress bar that `compare` (replications) and `run` (simulated hours) draw on standard
// error when it is a terminal: one line redrawn in place with '\r', so that a log of a script
// (not a terminal) never holds it.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace tankersim::cli {

class ProgressLine {
 public:
  /// unit names what is counted ("runs", "h"); nothing is drawn when enabled is false.
  ProgressLine(std::ostream& err, bool enabled, const char* unit)
      : err_(err), enabled_(enabled), unit_(unit), start_(std::chrono::steady_clock::now()) {}

  bool enabled() const { return enabled_; }

  /// Redraws the line: a 30-character bar, done/total, the rate since construction and the time
  /// left at that rate.
  void draw(std::uint64_t done, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = s > 0 ? static_cast<double>(done) / s : 0.0;
    const int width = 30;
    const int filled = static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total));
    err_ << fmt::format("\r[{}{}] {}/{} {}, {:.0f}/s, {:.0f} s left ", std::string(static_cast<size_t>(filled), '#'),
                        std::string(static_cast<size_t>(width - filled), ' '), done, total, unit_, rate,
                        rate > 0 ? static_cast<double>(total - done) / rate : 0.0)
         << std::flush;
    drawn_ = true;
  }

  /// Ends the line, so that what follows on the terminal starts on a line of its own.
  void finish() {
    if (drawn_) err_ << '\n';
    drawn_ = false;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  const char* unit_;
  std::chrono::steady_clock::time_point start_;
  bool drawn_ = false;
};

}  // namespace tankersim::cli
