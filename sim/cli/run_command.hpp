#pragma once
// `tankersim run`: private to the cli module.
#include <iosfwd>
#include <optional>
#include <string>

#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/gis/formats.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

struct RunOptions {
  std::string scenario_path;
  std::string out_dir;  ///< empty: out/<scenario name>
  std::optional<std::uint64_t> seed;
  bool profile = false;
  bool report = false;  ///< --report: also write report.html into the set
  bool quiet = false;   ///< --quiet: nothing on standard output, no progress line
  bool ais = false;     ///< --ais: write the AIS outputs (also when the scenario's ais.output is true)
  engine::SensingMode sensing = engine::SensingMode::bounded;  ///< --sensing (a diagnostic)
  std::vector<gis::GeoFormat> geo;                             ///< --geo: the GIS files to write
  scenario::LoadOptions load;
};

/// err_is_terminal: draw a progress line on err (cli::run passes isatty(2)).
int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal = false);

}  // namespace tankersim::cli
