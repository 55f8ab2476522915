#pragma once
// `tankersim compare`: private to the cli module.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

inline constexpr std::uint64_t kMaxReplications = 1'000'000'000;
inline constexpr std::uint64_t kMaxThreads = 256;
/// --max-work for a whole comparison (every replication of every variant): 1e11 units is a few
/// minutes of the May 2020 what-if on two cores, under an hour at the slowest rate measured.
inline constexpr double kDefaultCompareMaxWork = 1e11;

struct CompareOptions {
  std::string scenario_path;
  std::vector<std::string> variants;  ///< "NAME:OVERLAY.yaml" or "NAME:A.yaml+B.yaml"
  std::vector<std::string> overlays;  ///< --overlay: merged into the base, so into every variant
  std::uint64_t replications = 100;
  unsigned threads = 0;  ///< 0: every core (at most kMaxThreads)
  std::optional<std::uint64_t> seed;
  std::string out_dir;                 ///< empty: out/<scenario name>-compare
  std::vector<std::string> overrides;  ///< --set, for every variant
  bool independent = false;            ///< independent streams per variant (for studies of CRN)
  bool no_progress = false;
  engine::SensingMode sensing = engine::SensingMode::bounded;  ///< --sensing (a diagnostic)
  /// The limits: max_work and max_output_bytes bound the whole comparison, the others each file.
  scenario::LoadOptions load;
};

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace tankersim::cli
