#pragma once
// The `tankersim` command line (docs/architecture.md, "The command line"). Kept as a function of its streams so
// that tests drive it exactly as a user does and assert on the messages and exit codes.
#include <iosfwd>
#include <string>
#include <vector>

namespace tankersim::cli {

/// Exit codes (docs/architecture.md, "Exit codes"): 0 ok, 1 runtime failure, 2 bad input or usage;
/// 130 and 143 (SIGINT, SIGTERM) come from io::InterruptGuard.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntime = 1;
inline constexpr int kExitBadInput = 2;

/// Runs `tankersim` with args (without the program name); returns the exit code.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tankersim::cli
