#pragma once
// Loading scenarios in tests: no land check (tests place routes freely), and an invalid scenario
// throws with every message, so a broken fixture fails loudly with its reasons.
#include <stdexcept>
#include <string>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::test {

inline scenario::Scenario checked(scenario::LoadResult r) {
  std::string msgs;
  for (const auto& d : r.diagnostics) msgs += d.str() + "\n";
  if (!r.ok()) throw std::runtime_error(msgs);
  return std::move(*r.scenario);
}

inline scenario::Scenario load_yaml(const std::string& yaml, scenario::LoadOptions o = {}) {
  o.check_land = false;
  return checked(scenario::load_scenario_text(yaml, "test.yaml", o));
}

inline scenario::Scenario load_file(const std::string& path, scenario::LoadOptions o = {}) {
  o.check_land = false;
  return checked(scenario::load_scenario_file(path, o));
}

}  // namespace tankersim::test
