#pragma once
// `tankersim geo inverse|direct`: private to the cli module.
#include <iosfwd>
#include <string>
#include <vector>

#include "tankersim/geo/wgs84.hpp"

namespace tankersim::cli {

enum class GeoProblem { inverse, direct };

/// Solves one problem from positional arguments, or, when there are none, one problem per line of
/// `in`. Returns the exit code: 2 when any problem was bad input.
int run_geo(GeoProblem problem, geo::Earth earth, const std::vector<std::string>& numbers, std::istream& in,
            std::ostream& out, std::ostream& err);

}  // namespace tankersim::cli
