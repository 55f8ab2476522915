#pragma once
// `tankersim compare`: private to the cli module.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

struct CompareOptions {
  std::string scenario_path;
  std::vector<std::string> variants;   ///< "NAME:OVERLAY.yaml"
  std::uint64_t replications = 100;
  unsigned threads = 0;                ///< 0: every core
  std::optional<std::uint64_t> seed;
  std::string out_dir;                 ///< empty: out/<scenario name>-compare
  std::vector<std::string> overrides;  ///< --set, for every variant
  bool independent = false;            ///< independent streams per variant (for studies of CRN)
  bool no_progress = false;
};

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace tankersim::cli
