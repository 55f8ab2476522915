#pragma once
// `tankersim report`: private to the cli module.
#include <iosfwd>
#include <string>

#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

struct ReportCommandOptions {
  std::string dir;            ///< the output folder
  std::string out_file;       ///< -o; empty: DIR/report.html
  std::string scenario_path;  ///< --scenario: the zones and patrols to draw
  scenario::LoadOptions load;
};

int run_report(const ReportCommandOptions& options, std::ostream& out, std::ostream& err);

/// `run --report`: the page of the staged set, added to it as report.html before it is published.
/// Returns the page's size in bytes.
std::size_t add_report_to_set(io::OutputSet& set, const scenario::Scenario& s);

}  // namespace tankersim::cli
