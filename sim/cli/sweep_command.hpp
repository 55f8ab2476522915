#pragma once
// `tankersim sweep`: private to the cli module. A designed experiment over factors of a scenario
// (docs/compare.md, "Sweeps"): each design point is a variant made with --set overrides, and all
// run with common random numbers through compare::run.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

/// Design points of one sweep, at most: each is a scenario loaded and a world built (about 10 ms
/// each for the May 2020 what-if), before any replication runs.
inline constexpr std::uint64_t kMaxSweepPoints = 100'000;
/// Factors of one sweep, at most (a NOLH takes 29 at most; the other designs more).
inline constexpr std::size_t kMaxSweepFactors = 64;

struct SweepOptions {
  std::string scenario_path;
  std::vector<std::string> factors;   ///< "PATH=LO:HI[:int|:log]"
  std::vector<std::string> overlays;  ///< --overlay, merged in order before --set at every point
  std::string design = "nolh";        ///< grid, lhs, nolh or saltelli
  std::uint64_t points = 0;           ///< 0: the design's default (grid 3, lhs 17, nolh the smallest, saltelli 64)
  std::uint64_t replications = 100;
  unsigned threads = 0;  ///< 0: every core
  std::optional<std::uint64_t> seed;
  std::string out_dir;                  ///< empty: out/<scenario name>-sweep
  std::vector<std::string> overrides;   ///< --set, for every point
  std::string outcome = "p_delivered";  ///< the tornado table's outcome
  std::string prim_outcome;             ///< empty: no PRIM
  std::string prim_threshold;           ///< a number: points with the outcome >= it are of interest
  bool no_progress = false;
  engine::SensingMode sensing = engine::SensingMode::bounded;
  scenario::LoadOptions load;  ///< max_work bounds the whole sweep
};

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace tankersim::cli
