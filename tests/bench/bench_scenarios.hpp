#pragma once
// Scenarios the benchmarks share: loaded once per process (no land check), aborting if invalid.
#include <cstdlib>
#include <string>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::bench {

inline const scenario::Scenario& interdict_whatif() {
  static const scenario::Scenario s = [] {
    scenario::LoadOptions o;
    o.check_land = false;
    auto r = scenario::load_scenario_file(
        std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml", o);
    if (!r.ok()) std::abort();
    return *r.scenario;
  }();
  return s;
}

}  // namespace tankersim::bench
