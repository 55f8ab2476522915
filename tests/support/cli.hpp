#pragma once
// Running `tankersim` in tests exactly as a user does (cli::run with its three streams), to
// assert on the exit code and the exact messages.
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace tankersim::test {

struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult run_cli(const std::vector<std::string>& args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = cli::run(args, in, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace tankersim::test
